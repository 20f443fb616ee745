/** Encodes a response body with its schema, so what is sent is what the OpenAPI document says. */
import { Schema } from "effect"
import type { Context } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"

export const respond = <A, I, S extends ContentfulStatusCode = 200>(
  c: Context,
  schema: Schema.Schema<A, I, never>,
  value: NoInfer<A>,
  status?: S,
) => c.json(Schema.encodeSync(schema)(value) as I, (status ?? 200) as S)

/**
 * A page the database already encoded (a `ProjectPage`, or records' `listEncoded`), answered as
 * `schema` says without decoding it again: its shape is the schema's by construction, and tests
 * compare it with the schema's encoding of the same rows. Typed as `respond` would be, for `hc`.
 */
export const respondEncoded = <A, I>(
  c: Context,
  _schema: Schema.Schema<A, I, never>,
  page: { readonly itemsJson: string; readonly nextCursor: string | null },
) =>
  c.body(`{"items":${page.itemsJson},"nextCursor":${JSON.stringify(page.nextCursor)}}`, 200, {
    "content-type": "application/json",
  }) as unknown as ReturnType<typeof respond<A, I, 200>>
