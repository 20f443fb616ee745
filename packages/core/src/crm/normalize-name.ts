/**
 * The normalized account name stored beside each account: client mapping (SEED, "map clients to
 * accounts") matches names that differ only by Unicode form, case or spacing.
 */
export const normalizeAccountName = (name: string): string =>
  // Upper then lower approximates full case folding (ß → ss), which toLowerCase alone does not do.
  name.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").replace(/\s+/gu, " ").trim()
