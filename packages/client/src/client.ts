/**
 * The typed client: `hc` over the API's own route types (`ApiRoutes`), so every path, input and
 * response body is checked against the API as it is built — it cannot drift from it.
 */

import { hc } from "hono/client"
import type { ApiRoutes } from "./api-types.js"
import { type FetchOptions, idempotentFetch } from "./idempotent-fetch.js"

export interface ClientOptions extends FetchOptions {
  /** Where the API is, e.g. `https://crm.example.com` (its routes are under `/api/v1`). */
  readonly baseUrl: string
}

/** The typed routes of `/api/v1`. */
export type Client = ReturnType<typeof hc<ApiRoutes>>["api"]["v1"]

/** The routes of `/api/v1`, e.g. `client.projects.$post({ json: { values: { name } } })`. */
export const createClient = (options: ClientOptions): Client =>
  hc<ApiRoutes>(options.baseUrl, { fetch: idempotentFetch(options) }).api.v1
