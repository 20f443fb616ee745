/**
 * Names every parameterised statement a pooled connection sends, so PostgreSQL parses and plans it
 * once per connection rather than on every call: measured, planning a list query cost ten times its
 * execution. Drizzle's SQL texts vary only with a query's shape, so each connection keeps a bounded
 * set; past the bound a new text runs unnamed, as before.
 */
import type pg from "pg"

const MAX_STATEMENTS_PER_CONNECTION = 500

interface QueryConfigLike {
  readonly text?: unknown
  readonly name?: unknown
  readonly values?: unknown
}

const hasValues = (config: QueryConfigLike, values: unknown) =>
  (Array.isArray(values) && values.length > 0) || (Array.isArray(config.values) && config.values.length > 0)

/** Installs the statement cache on a connection the pool has just opened. */
export const cacheStatements = (client: pg.PoolClient) => {
  const names = new Map<string, string>()
  const query = client.query.bind(client) as (...args: ReadonlyArray<unknown>) => unknown
  const named = (config: unknown, values: unknown) => {
    if (typeof config !== "object" || config === null) return config
    const shape = config as QueryConfigLike
    if (shape.name !== undefined || typeof shape.text !== "string" || !hasValues(shape, values)) return config
    let name = names.get(shape.text)
    if (name === undefined) {
      if (names.size >= MAX_STATEMENTS_PER_CONNECTION) return config
      name = `app_${names.size}`
      names.set(shape.text, name)
    }
    return { ...config, name }
  }
  client.query = ((config: unknown, ...rest: ReadonlyArray<unknown>) =>
    query(named(config, rest[0]), ...rest)) as typeof client.query
}
