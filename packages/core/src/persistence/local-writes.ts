/**
 * This process's own writes to the tables the request context comes from, seen as they are sent: the
 * caches drop what they keep at once, and again at the transaction's commit, instead of waiting for
 * the NOTIFY to come back through the listening connection (a request that follows its own write in
 * the same process must read it). The NOTIFY still tells the other processes.
 */
import type pg from "pg"

// The tables whose triggers notify `request_context` (see the migrations), as Drizzle quotes them.
const WATCHED =
  /\b(?:update|insert\s+into|delete\s+from)\s+"(?:crm_organizations|crm_profiles|crm_users|crm_api_tokens|integrations|integration_profile_permissions)"/i
const END = /^\s*(?:commit|rollback|end)\b/i

const textOf = (config: unknown) =>
  typeof config === "string"
    ? config
    : typeof config === "object" && config !== null && "text" in config && typeof config.text === "string"
      ? config.text
      : ""

/** Calls `changed` when a connection sends a write to a watched table, and when its transaction ends. */
export const watchLocalWrites = (client: pg.PoolClient, changed: () => void) => {
  let wrote = false
  const query = client.query.bind(client) as (...args: ReadonlyArray<unknown>) => unknown
  client.query = ((config: unknown, ...rest: ReadonlyArray<unknown>) => {
    const text = textOf(config)
    if (WATCHED.test(text)) {
      wrote = true
      changed()
    } else if (wrote && END.test(text)) {
      wrote = false
      changed()
    }
    return query(config, ...rest)
  }) as typeof client.query
}
