/**
 * What the client's operations share: the response bodies as Schemas, decoding a body (a mismatch is a
 * defect naming only paths), pages and streams of pages, and paths under a portal.
 */
import { Chunk, Effect, Option, ParseResult, Schema, Stream } from "effect"
import type { HttpRequest } from "./http.js"
import {
  Client,
  Milestone,
  type Page,
  PageInfo,
  Portal,
  type PortalId,
  PortalUser,
  ProjectField,
  ProjectFromWire,
  ProjectLayout,
  ProjectStatus,
  Webhook,
} from "./model.js"

/** Printable ASCII, what a service key and its email header may contain. */
export const HEADER_SAFE = /^[\x21-\x7e]+$/

export const MAX_PER_PAGE = 200

export const UsersPage = Schema.Struct({
  users: Schema.Array(PortalUser),
  page_info: Schema.optional(PageInfo),
})
export const ClientsPage = Schema.Struct({
  clients: Schema.Array(Client),
  page_info: Schema.optional(PageInfo),
})
export const Projects = Schema.Array(ProjectFromWire)
export const Portals = Schema.Array(Portal)
export const Fields = Schema.Struct({ fields: Schema.Array(ProjectField) })
export const Layouts = Schema.Struct({ layouts: Schema.Array(ProjectLayout) })
export const MilestonesPage = Schema.Struct({
  milestones: Schema.Array(Milestone),
  page_info: Schema.optional(PageInfo),
})
export const Statuses = Schema.Struct({ statuses: Schema.Array(ProjectStatus) })
export const Webhooks = Schema.Struct({ webhooks: Schema.Array(Webhook) })
export const Unknown = Schema.Unknown

export const decodeBody = <A, I>(schema: Schema.Schema<A, I>, request: HttpRequest, body: unknown) =>
  Schema.decodeUnknown(schema)(body).pipe(
    // A response of another shape is a protocol mismatch (a bug to fix), not something callers handle.
    // Only the paths of the mismatch are reported: values may be secrets (a webhook's).
    Effect.catchAll((error) =>
      Effect.dieMessage(
        `unexpected Projects response to ${request.method} ${request.path}: ${ParseResult.ArrayFormatter.formatErrorSync(
          error,
        )
          .slice(0, 5)
          .map((issue) => `${issue.path.join(".") || "(root)"} ${issue._tag}`)
          .join("; ")}`,
      ),
    ),
  )

export const toPage = <A>(
  items: ReadonlyArray<A>,
  info: PageInfo | undefined,
  page: number,
  perPage: number,
): Page<A> => ({
  items,
  page: info?.page ?? page,
  perPage: info?.per_page ?? perPage,
  hasNextPage: info?.has_next_page ?? info?.has_more_page ?? items.length >= perPage,
  totalCount: info?.total_count,
})

/** Every page of a paged list, in order, as a stream of pages. */
export const pagesOf = <A, E>(
  fetch: (page: number) => Effect.Effect<Page<A>, E>,
): Stream.Stream<ReadonlyArray<A>, E> =>
  Stream.paginateChunkEffect(1, (page) =>
    Effect.map(fetch(page), (result) => [
      Chunk.of(result.items),
      result.hasNextPage && result.items.length > 0 ? Option.some(page + 1) : Option.none(),
    ]),
  )

export const collectPages = <A, E>(pages: Stream.Stream<ReadonlyArray<A>, E>) =>
  Stream.runFold(pages, [] as Array<A>, (all, page) => {
    all.push(...page)
    return all
  }) as Effect.Effect<ReadonlyArray<A>, E>

export const portalPath = (portalId: PortalId | string, rest = "") =>
  `/api/v3/portal/${encodeURIComponent(portalId)}${rest}`
export const seg = encodeURIComponent

export const splitScopes = (scope: string | undefined) =>
  (scope ?? "").split(/[\s,]+/).filter((s) => s.length > 0)
