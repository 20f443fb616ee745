/**
 * The email every admin gets after an automatic run (seed: "un e-mail concernant les enregistrements
 * mappés et non mappés, ainsi que le motif"): mapped clients with their account, unmapped ones with
 * the reason, as plain text and as HTML, in the recipient's language. Names come from users of two
 * systems: always escaped.
 */
import type { UserLocale } from "../../crm/model.js"
import type { MappingOutcome, MappingReport } from "./model.js"

type Unmapped = (typeof MappingOutcome.members)[1]["Type"]

interface Words {
  readonly subject: (portal: string, mapped: number, unmapped: number) => string
  readonly ran: (portal: string) => string
  readonly associated: string
  readonly mapped: (count: number) => string
  readonly unmapped: (count: number) => string
  readonly earlier: string
  readonly none: string
  readonly manual: string
  readonly reason: (outcome: Unmapped) => string
}

const words: Record<UserLocale, Words> = {
  en: {
    subject: (portal, mapped, unmapped) =>
      `Client mapping for ${portal}: ${mapped} mapped, ${unmapped} not mapped`,
    ran: (portal) => `Automatic client mapping ran for the Projects portal ${portal}.`,
    associated: "Projects of a mapped client are now associated with its CRM account.",
    mapped: (count) => `Mapped clients (${count})`,
    unmapped: (count) => `Clients not mapped (${count})`,
    earlier: "(mapped earlier by an administrator)",
    none: "(none)",
    manual: "You can map or unmap any client manually in Setup › Marketplace › Zoho › Projects.",
    reason: (outcome) => {
      switch (outcome.reason) {
        case "no_account":
          return "no account of that name"
        case "several_accounts":
          return `${outcome.matchCount} accounts of that name`
        case "account_taken":
          return `the account is already mapped to another client (${outcome.heldBy?.name ?? "unknown"})`
      }
    },
  },
  fr: {
    subject: (portal, mapped, unmapped) =>
      `Mappage des clients de ${portal} : ${mapped} mappé(s), ${unmapped} non mappé(s)`,
    ran: (portal) => `Le mappage automatique des clients a été effectué pour le portail Projects ${portal}.`,
    associated: "Les projets d'un client mappé sont désormais associés à son compte du CRM.",
    mapped: (count) => `Clients mappés (${count})`,
    unmapped: (count) => `Clients non mappés (${count})`,
    earlier: "(mappé auparavant par un administrateur)",
    none: "(aucun)",
    manual:
      "Vous pouvez mapper ou dissocier chaque client à la main dans Configuration › Marketplace › Zoho › Projects.",
    reason: (outcome) => {
      switch (outcome.reason) {
        case "no_account":
          return "aucun compte de ce nom"
        case "several_accounts":
          return `${outcome.matchCount} comptes de ce nom`
        case "account_taken":
          return `le compte est déjà mappé à un autre client (${outcome.heldBy?.name ?? "inconnu"})`
      }
    },
  },
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  )

// Mail headers are one line: a portal name cannot break the subject.
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").trim()

export const renderReport = (portalName: string, report: MappingReport, locale: UserLocale = "en") => {
  const w = words[locale]
  // French puts a space before a colon; English does not.
  const colon = locale === "fr" ? " : " : ": "
  const heading = (text: string) => `${text}${colon.trimEnd()}`
  const subject = oneLine(w.subject(portalName, report.mapped.length, report.unmapped.length))
  const mappedLines = report.mapped.map(
    (m) => `- ${m.client.name} → ${m.account.name}${m.by === "manual" ? ` ${w.earlier}` : ""}`,
  )
  const unmappedLines = report.unmapped.map((u) => `- ${u.client.name}${colon}${w.reason(u)}`)
  const text = [
    w.ran(portalName),
    w.associated,
    "",
    heading(w.mapped(report.mapped.length)),
    ...(mappedLines.length > 0 ? mappedLines : [w.none]),
    "",
    heading(w.unmapped(report.unmapped.length)),
    ...(unmappedLines.length > 0 ? unmappedLines : [w.none]),
    "",
    w.manual,
    "",
  ].join("\n")
  const items = (lines: ReadonlyArray<string>) =>
    lines.length > 0 ? `<ul>${lines.join("")}</ul>` : `<p>${escapeHtml(w.none)}</p>`
  const html = [
    `<!doctype html><html lang="${locale}"><body>`,
    `<p>${escapeHtml(w.ran("{portal}")).replace("{portal}", `<strong>${escapeHtml(portalName)}</strong>`)}`,
    ` ${escapeHtml(w.associated)}</p>`,
    `<h2>${escapeHtml(w.mapped(report.mapped.length))}</h2>`,
    items(
      report.mapped.map(
        (m) =>
          `<li>${escapeHtml(m.client.name)} → ${escapeHtml(m.account.name)}${m.by === "manual" ? ` <em>${escapeHtml(w.earlier)}</em>` : ""}</li>`,
      ),
    ),
    `<h2>${escapeHtml(w.unmapped(report.unmapped.length))}</h2>`,
    items(
      report.unmapped.map((u) => `<li>${escapeHtml(u.client.name)}${colon}${escapeHtml(w.reason(u))}</li>`),
    ),
    `<p>${escapeHtml(w.manual)}</p>`,
    "</body></html>",
  ].join("")
  return { subject, text, html }
}
