/**
 * `@app/client`: the TypeScript client of the CRM ⇄ Projects API for external systems and the console.
 * See `/api/docs` for authentication, scopes, idempotency, pagination, errors and events.
 */
export { type Client, type ClientOptions, createClient } from "./client.js"
export {
  EVENT_HEADERS,
  type EventType,
  type OutboundEvent,
  parseEvent,
  type VerifyOptions,
  verifyEventSignature,
} from "./events.js"
export { type FetchOptions, idempotentFetch } from "./idempotent-fetch.js"
export { collect, items, type Page, pages } from "./pagination.js"
export {
  ApiError,
  done,
  type FieldError,
  namesField,
  ok,
  type Problem,
  type ProblemParams,
  parseProblem,
  refusal,
} from "./problem.js"
