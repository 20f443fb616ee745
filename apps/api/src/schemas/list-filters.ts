// Query parameters shared by the admin lists (audit log, outbox): a date range and words to search.
import { Schema } from "effect"

/** A day (`2026-12-01`) or an instant (`2026-12-01T10:00:00Z`) in a query string. */
export const QueryDate = Schema.String.pipe(
  Schema.maxLength(40),
  Schema.pattern(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/),
  Schema.filter((text) => !Number.isNaN(Date.parse(text)) || "must be a real date"),
  Schema.annotations({ description: "A date (YYYY-MM-DD) or an ISO 8601 instant with its time zone" }),
)

export const SearchWords = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200))

/** `from`/`to` as instants: a bare day `to` includes the whole day (UTC). */
export const dateRange = (range: {
  readonly from?: string | undefined
  readonly to?: string | undefined
}) => ({
  ...(range.from === undefined ? {} : { from: new Date(range.from) }),
  ...(range.to === undefined
    ? {}
    : { to: new Date(range.to.length === 10 ? `${range.to}T23:59:59.999Z` : range.to) }),
})
