/** A portal's portals and projects operations: list (decoded, or as the text the service sent), read, write, trash, and the project layouts, fields and statuses. */
import { Effect, Schema, type Stream } from "effect"
import type { Connection } from "./connection.js"
import type { ProjectsError } from "./errors.js"
import type { HttpRequest } from "./http.js"
import { PortalEnvelope, type PortalId, type Project, ProjectFromWire, type ProjectId } from "./model.js"
import type { PageOptions, ProjectListOptions, ProjectWrite, UserListOptions } from "./options.js"
import {
  collectPages,
  Fields,
  Layouts,
  MAX_PER_PAGE,
  Portals,
  Projects,
  pagesOf,
  portalPath,
  Statuses,
  seg,
  toPage,
  Unknown,
} from "./wire.js"

export const projectOperations = (connection: Connection) => {
  const { call, exchange, pageQuery } = connection
  // Portals
  const listPortals = Effect.fn("ProjectsClient.listPortals")(function* () {
    const portals = yield* call("GET", "/api/v3/portals", Schema.NullOr(Portals))
    return portals ?? []
  })
  const getPortal = Effect.fn("ProjectsClient.getPortal")(function* (portalId: PortalId | string) {
    return (yield* call("GET", portalPath(portalId), PortalEnvelope)).portal_details
  })
  const createPortal = Effect.fn("ProjectsClient.createPortal")(function* (input: {
    readonly name: string
    readonly org_name?: string
  }) {
    return (yield* call("POST", "/api/v3/portals", PortalEnvelope, { json: input })).portal_details
  })

  // Projects
  const projectQuery = (options: ProjectListOptions & PageOptions) => ({
    ...pageQuery(options),
    status: options.status,
    last_modified_time: options.modifiedSince,
    sort_column: options.sortColumn,
    sort_order: options.sortOrder,
    search_term: options.searchTerm,
  })
  /** One page (a bare array; a short or empty page is the last). */
  const listProjects = Effect.fn("ProjectsClient.listProjects")(function* (
    portalId: PortalId | string,
    options: ProjectListOptions & PageOptions = {},
  ) {
    const items = yield* call("GET", portalPath(portalId, "/projects"), Schema.NullOr(Projects), {
      query: projectQuery(options),
    })
    return items ?? []
  })
  /**
   * Pages as the JSON text the service sent, unparsed: the import hands them to PostgreSQL as is
   * instead of decoding 100,000 objects in Node. Projects come as a bare array,
   * users and clients in their `{"users"|"clients": […], "page_info"}` envelope; an empty body
   * (204, past the end) is `[]`.
   */
  const rawPage = (path: string, query: HttpRequest["query"]) =>
    Effect.map(exchange("GET", path, { query, rawSuccess: true }), ({ response }) =>
      response.text.trim().length === 0 ? "[]" : response.text,
    )
  const listProjectsText = Effect.fn("ProjectsClient.listProjectsText")(function* (
    portalId: PortalId | string,
    options: ProjectListOptions & PageOptions = {},
  ) {
    return yield* rawPage(portalPath(portalId, "/projects"), projectQuery(options))
  })
  const listUsersText = Effect.fn("ProjectsClient.listUsersText")(function* (
    portalId: PortalId | string,
    options: UserListOptions = {},
  ) {
    return yield* rawPage(portalPath(portalId, "/users"), {
      ...pageQuery(options),
      type: options.type,
      view_type: options.viewType,
    })
  })
  const listClientsText = Effect.fn("ProjectsClient.listClientsText")(function* (
    portalId: PortalId | string,
    options: PageOptions = {},
  ) {
    return yield* rawPage(portalPath(portalId, "/clients"), pageQuery(options))
  })
  /** Every page in order, fetched one after the other while pages are full. */
  const projectPages = (
    portalId: PortalId | string,
    options: ProjectListOptions & { readonly perPage?: number } = {},
  ): Stream.Stream<ReadonlyArray<Project>, ProjectsError> => {
    const perPage = Math.min(options.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE)
    return pagesOf((page) =>
      Effect.map(listProjects(portalId, { ...options, page, perPage }), (items) =>
        toPage(items, undefined, page, perPage),
      ),
    )
  }
  const listAllProjects = (portalId: PortalId | string, options: ProjectListOptions = {}) =>
    collectPages(projectPages(portalId, options)).pipe(Effect.withSpan("ProjectsClient.listAllProjects"))
  const getProject = Effect.fn("ProjectsClient.getProject")(function* (
    portalId: PortalId | string,
    projectId: ProjectId | string,
  ) {
    return yield* call("GET", portalPath(portalId, `/projects/${seg(projectId)}`), ProjectFromWire)
  })
  const createProject = Effect.fn("ProjectsClient.createProject")(function* (
    portalId: PortalId | string,
    input: ProjectWrite & { readonly name: string },
  ) {
    return yield* call("POST", portalPath(portalId, "/projects"), ProjectFromWire, { json: input })
  })
  const updateProject = Effect.fn("ProjectsClient.updateProject")(function* (
    portalId: PortalId | string,
    projectId: ProjectId | string,
    patch: ProjectWrite,
  ) {
    return yield* call("PATCH", portalPath(portalId, `/projects/${seg(projectId)}`), ProjectFromWire, {
      json: patch,
    })
  })
  /** Moves the project to the portal's trash (204). */
  const trashProject = Effect.fn("ProjectsClient.trashProject")(function* (
    portalId: PortalId | string,
    projectId: ProjectId | string,
  ) {
    yield* call("POST", portalPath(portalId, `/projects/${seg(projectId)}/trash`), Unknown)
  })
  const listProjectFields = Effect.fn("ProjectsClient.listProjectFields")(function* (
    portalId: PortalId | string,
  ) {
    return (yield* call("GET", portalPath(portalId, "/settings/modules/projects/fields"), Fields)).fields
  })
  const listLayouts = Effect.fn("ProjectsClient.listLayouts")(function* (portalId: PortalId | string) {
    return (yield* call("GET", portalPath(portalId, "/module/projects/layouts"), Layouts)).layouts
  })
  const listStatuses = Effect.fn("ProjectsClient.listStatuses")(function* (portalId: PortalId | string) {
    return (yield* call("GET", portalPath(portalId, "/module/projects/statuses"), Statuses)).statuses
  })

  return {
    listPortals,
    getPortal,
    createPortal,
    listProjects,
    listProjectsText,
    listUsersText,
    listClientsText,
    projectPages,
    listAllProjects,
    getProject,
    createProject,
    updateProject,
    trashProject,
    listProjectFields,
    listLayouts,
    listStatuses,
  } as const
}
