/** A portal's people and their surroundings: portal users, project members, milestones, clients and their users, webhooks. */
import { Effect, Option, Redacted } from "effect"
import type { Connection } from "./connection.js"
import {
  Client,
  type ClientId,
  type PortalId,
  PortalUser,
  type ProjectId,
  Webhook,
  type WebhookId,
} from "./model.js"
import type { NewPortalUser, NewWebhook, PageOptions, UserListOptions } from "./options.js"
import {
  ClientsPage,
  collectPages,
  MilestonesPage,
  pagesOf,
  portalPath,
  seg,
  toPage,
  Unknown,
  UsersPage,
  Webhooks,
} from "./wire.js"

export const peopleOperations = (connection: Connection) => {
  const { call, pageQuery } = connection
  // Users
  const usersPage = (path: string, options: UserListOptions | undefined) =>
    Effect.map(
      call("GET", path, UsersPage, {
        query: { ...pageQuery(options), type: options?.type, view_type: options?.viewType },
      }),
      (body) => toPage(body.users, body.page_info, options?.page ?? 1, pageQuery(options).per_page),
    )
  const listUsers = Effect.fn("ProjectsClient.listUsers")(function* (
    portalId: PortalId | string,
    options?: UserListOptions,
  ) {
    return yield* usersPage(portalPath(portalId, "/users"), options)
  })
  const listAllUsers = (portalId: PortalId | string, options: Omit<UserListOptions, "page"> = {}) =>
    collectPages(pagesOf((page) => listUsers(portalId, { ...options, page }))).pipe(
      Effect.withSpan("ProjectsClient.listAllUsers"),
    )
  /** The portal user with this email, if any (the service accepts an email in place of the id). */
  const findUserByEmail = Effect.fn("ProjectsClient.findUserByEmail")(function* (
    portalId: PortalId | string,
    email: string,
  ) {
    return yield* call("GET", portalPath(portalId, `/users/${seg(email)}`), PortalUser).pipe(
      Effect.map(Option.some),
      Effect.catchTag("ProjectsNotFound", () => Effect.succeed(Option.none())),
    )
  })
  /** Adds a portal user; 409 `ALREADY_EXISTS` (ProjectsValidationFailed) when the email is already there. */
  const addUser = Effect.fn("ProjectsClient.addUser")(function* (
    portalId: PortalId | string,
    user: NewPortalUser,
  ) {
    return yield* call("POST", portalPath(portalId, "/users"), PortalUser, { json: user })
  })
  const listProjectUsers = Effect.fn("ProjectsClient.listProjectUsers")(function* (
    portalId: PortalId | string,
    projectId: ProjectId | string,
    options?: PageOptions,
  ) {
    return yield* usersPage(portalPath(portalId, `/projects/${seg(projectId)}/users`), options)
  })
  const listAllProjectUsers = (portalId: PortalId | string, projectId: ProjectId | string) =>
    collectPages(pagesOf((page) => listProjectUsers(portalId, projectId, { page }))).pipe(
      Effect.withSpan("ProjectsClient.listAllProjectUsers"),
    )

  // Milestones (V3 "phases"): read-only here, shown beside a project's task and issue counts.
  const listMilestones = Effect.fn("ProjectsClient.listMilestones")(function* (
    portalId: PortalId | string,
    projectId: ProjectId | string,
    options?: PageOptions,
  ) {
    const body = yield* call(
      "GET",
      portalPath(portalId, `/projects/${seg(projectId)}/phases`),
      MilestonesPage,
      {
        query: pageQuery(options),
      },
    )
    return toPage(body.milestones, body.page_info, options?.page ?? 1, pageQuery(options).per_page)
  })
  const listAllMilestones = (portalId: PortalId | string, projectId: ProjectId | string) =>
    collectPages(pagesOf((page) => listMilestones(portalId, projectId, { page }))).pipe(
      Effect.withSpan("ProjectsClient.listAllMilestones"),
    )

  // Clients
  const listClients = Effect.fn("ProjectsClient.listClients")(function* (
    portalId: PortalId | string,
    options?: PageOptions,
  ) {
    const body = yield* call("GET", portalPath(portalId, "/clients"), ClientsPage, {
      query: pageQuery(options),
    })
    return toPage(body.clients, body.page_info, options?.page ?? 1, pageQuery(options).per_page)
  })
  const clientPages = (portalId: PortalId | string) => pagesOf((page) => listClients(portalId, { page }))
  const listAllClients = (portalId: PortalId | string) =>
    collectPages(clientPages(portalId)).pipe(Effect.withSpan("ProjectsClient.listAllClients"))
  const getClient = Effect.fn("ProjectsClient.getClient")(function* (
    portalId: PortalId | string,
    clientId: ClientId | string,
  ) {
    return yield* call("GET", portalPath(portalId, `/clients/${seg(clientId)}`), Client)
  })
  const listClientUsers = Effect.fn("ProjectsClient.listClientUsers")(function* (
    portalId: PortalId | string,
    clientId: ClientId | string,
    options?: PageOptions,
  ) {
    return yield* usersPage(portalPath(portalId, `/clients/${seg(clientId)}/users`), options)
  })
  const listAllClientUsers = (portalId: PortalId | string, clientId: ClientId | string) =>
    collectPages(pagesOf((page) => listClientUsers(portalId, clientId, { page }))).pipe(
      Effect.withSpan("ProjectsClient.listAllClientUsers"),
    )

  // Webhooks
  const createWebhook = Effect.fn("ProjectsClient.createWebhook")(function* (
    portalId: PortalId | string,
    input: NewWebhook,
  ) {
    return yield* call("POST", portalPath(portalId, "/webhooks"), Webhook, {
      json: {
        url: input.url,
        ...(input.events === undefined ? {} : { events: input.events }),
        ...(input.secret === undefined ? {} : { secret: Redacted.value(input.secret) }),
      },
    })
  })
  const listWebhooks = Effect.fn("ProjectsClient.listWebhooks")(function* (portalId: PortalId | string) {
    return (yield* call("GET", portalPath(portalId, "/webhooks"), Webhooks)).webhooks
  })
  const deleteWebhook = Effect.fn("ProjectsClient.deleteWebhook")(function* (
    portalId: PortalId | string,
    webhookId: WebhookId | string,
  ) {
    yield* call("DELETE", portalPath(portalId, `/webhooks/${seg(webhookId)}`), Unknown)
  })

  return {
    listUsers,
    listAllUsers,
    findUserByEmail,
    addUser,
    listProjectUsers,
    listAllProjectUsers,
    listMilestones,
    listAllMilestones,
    listClients,
    clientPages,
    listAllClients,
    getClient,
    listClientUsers,
    listAllClientUsers,
    createWebhook,
    listWebhooks,
    deleteWebhook,
  } as const
}
