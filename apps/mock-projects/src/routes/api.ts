/**
 * The emulated Projects REST API (projects-api.md §4, §8, §9): each path maps onto one emulator method;
 * a known path with another method answers 405, unknown paths 400 URL_RULE_NOT_CONFIGURED (app.ts).
 */
import { type Caller, type Emulator, type Json, methodNotAllowed } from "@app/core/projects-emulator"
import type { Context } from "hono"
import { Hono } from "hono"
import type { MockEnv } from "../env.js"
import { credentials, param, query, readJson } from "../http.js"
import { defineWorkRoutes } from "./work.js"

type Method = "GET" | "POST" | "PATCH" | "DELETE"
export interface Call {
  emu: Emulator
  caller: Caller
  p: (name: string) => string
  q: Record<string, string>
  body: unknown
  c: Context<MockEnv>
}
// biome-ignore lint/suspicious/noConfusingVoidType: handlers of 204 routes return the emulator's void
export type Handler = (call: Call) => Json | Json[] | undefined | void
export type Define = (path: string, methods: Partial<Record<Method, Handler | [number, Handler]>>) => void

const SUCCESS: Record<Method, number> = { GET: 200, POST: 201, PATCH: 200, DELETE: 204 }

const respond = async (c: Context<MockEnv>, method: Method, h: Handler, status?: number) => {
  const emu = c.get("emu")
  const caller = emu.authenticate(credentials(c))
  c.set("identity", `${caller.via}:${caller.email}`)
  const body = method === "GET" || method === "DELETE" ? undefined : await readJson(c)
  const out = h({ emu, caller, p: (n) => param(c, n), q: query(c), body, c })
  c.get("dispatcher").kick(emu)
  if (out === undefined || out === null) return c.body(null, 204)
  return c.json(out, (status ?? SUCCESS[method]) as 200)
}

export const apiRoutes = () => {
  const app = new Hono<MockEnv>({ strict: false })
  const define: Define = (path, methods) => {
    for (const [m, spec] of Object.entries(methods) as Array<[Method, Handler | [number, Handler]]>) {
      const [status, h] = Array.isArray(spec) ? spec : [undefined, spec]
      const verbs = m === "PATCH" ? ["PATCH", "PUT"] : [m]
      for (const verb of verbs) app.on(verb, path, (c) => respond(c, m, h, status))
    }
    app.all(path, () => {
      throw methodNotAllowed()
    })
  }
  const P = "/api/v3/portal/:portal"

  define("/api/v3/portals", {
    GET: ({ emu, caller, q }) => emu.listPortals(caller, q),
    POST: ({ emu, caller, body }) => ({ portal_details: emu.createPortal(caller, body) }),
  })
  define(P, { GET: ({ emu, caller, p }) => ({ portal_details: emu.getPortal(caller, p("portal")) }) })
  define("/restapi/portals", {
    GET: ({ emu, caller }) => ({ login_id: caller.email, portals: emu.listPortals(caller) }),
  })
  define("/restapi/portals/:portal", {
    GET: ({ emu, caller, p }) => ({ portals: [emu.getPortal(caller, p("portal"))] }),
  })

  define(`${P}/projects`, {
    GET: ({ emu, caller, p, q }) => emu.listProjects(caller, p("portal"), q),
    POST: ({ emu, caller, p, body }) => emu.createProject(caller, p("portal"), body),
  })
  define(`${P}/projects/:project`, {
    GET: ({ emu, caller, p }) => emu.getProject(caller, p("portal"), p("project")),
    PATCH: ({ emu, caller, p, body }) => emu.updateProject(caller, p("portal"), p("project"), body),
    DELETE: ({ emu, caller, p }) => emu.trashProject(caller, p("portal"), p("project")),
  })
  define(`${P}/projects/:project/trash`, {
    POST: [204, ({ emu, caller, p }) => emu.trashProject(caller, p("portal"), p("project"))],
  })
  define(`${P}/projects/:project/users`, {
    GET: ({ emu, caller, p, q }) => emu.listProjectUsers(caller, p("portal"), p("project"), q),
    POST: ({ emu, caller, p, body }) => emu.addProjectUser(caller, p("portal"), p("project"), body),
  })
  define(`${P}/projects/:project/users/:user`, {
    GET: ({ emu, caller, p }) => emu.getProjectUser(caller, p("portal"), p("project"), p("user")),
    DELETE: ({ emu, caller, p }) => emu.removeProjectUser(caller, p("portal"), p("project"), p("user")),
  })
  define(`${P}/projects/:project/clients`, {
    GET: ({ emu, caller, p }) => emu.listProjectClients(caller, p("portal"), p("project")),
    POST: ({ emu, caller, p, body }) => emu.linkProjectClient(caller, p("portal"), p("project"), body),
  })
  define(`${P}/projects/:project/clients/:client`, {
    DELETE: ({ emu, caller, p }) => emu.unlinkProjectClient(caller, p("portal"), p("project"), p("client")),
  })
  define(`${P}/projects/:project/settings/modules/:module/fields`, {
    GET: ({ emu, caller, p }) => emu.fields(caller, p("portal"), p("module"), p("project")),
  })

  define(`${P}/users`, {
    GET: ({ emu, caller, p, q }) => emu.listUsers(caller, p("portal"), q),
    POST: ({ emu, caller, p, body }) => emu.addUser(caller, p("portal"), body),
  })
  define(`${P}/users/:user`, {
    GET: ({ emu, caller, p }) => emu.getUser(caller, p("portal"), p("user")),
    PATCH: ({ emu, caller, p, body }) => emu.updateUser(caller, p("portal"), p("user"), body),
    DELETE: ({ emu, caller, p }) => emu.removeUser(caller, p("portal"), p("user")),
  })
  define(`${P}/users/:user/projects`, {
    GET: ({ emu, caller, p, q }) => emu.userProjects(caller, p("portal"), p("user"), q),
  })
  for (const kind of ["roles", "profiles"] as const) {
    define(`${P}/${kind}`, { GET: ({ emu, caller, p }) => emu.roles(caller, p("portal"), kind) })
    define(`${P}/${kind}/:id`, { GET: ({ emu, caller, p }) => emu.roles(caller, p("portal"), kind, p("id")) })
  }

  define(`${P}/clients`, {
    GET: ({ emu, caller, p, q }) => emu.listClients(caller, p("portal"), q),
    POST: ({ emu, caller, p, body }) => emu.createClient(caller, p("portal"), body),
  })
  define(`${P}/clients/:client`, {
    GET: ({ emu, caller, p }) => emu.getClient(caller, p("portal"), p("client")),
    PATCH: ({ emu, caller, p, body }) => emu.updateClient(caller, p("portal"), p("client"), body),
    DELETE: ({ emu, caller, p }) => emu.deleteClient(caller, p("portal"), p("client")),
  })
  define(`${P}/clients/:client/projects`, {
    GET: ({ emu, caller, p, q }) => emu.clientProjects(caller, p("portal"), p("client"), q),
  })
  define(`${P}/clients/:client/users`, {
    GET: ({ emu, caller, p, q }) => emu.listClientUsers(caller, p("portal"), p("client"), q),
    POST: ({ emu, caller, p, body }) => emu.addClientUser(caller, p("portal"), p("client"), body),
  })
  define(`${P}/clients/:client/users/:user`, {
    DELETE: ({ emu, caller, p }) => emu.removeClientUser(caller, p("portal"), p("client"), p("user")),
  })

  define(`${P}/groups`, {
    GET: ({ emu, caller, p, q }) => emu.listGroups(caller, p("portal"), q),
    POST: ({ emu, caller, p, body }) => emu.createGroup(caller, p("portal"), body),
  })
  define(`${P}/groups/:group`, { GET: ({ emu, caller, p }) => emu.getGroup(caller, p("portal"), p("group")) })

  define(`${P}/settings/modules`, { GET: ({ emu, caller, p }) => emu.modules(caller, p("portal")) })
  define(`${P}/settings/modules/:module`, {
    GET: ({ emu, caller, p }) => emu.module(caller, p("portal"), p("module")),
  })
  define(`${P}/settings/modules/:module/fields`, {
    GET: ({ emu, caller, p }) => emu.fields(caller, p("portal"), p("module")),
  })
  define(`${P}/settings/modules/:module/fields/:field`, {
    GET: ({ emu, caller, p }) => emu.field(caller, p("portal"), p("module"), p("field")),
  })
  define(`${P}/module/projects/layouts`, { GET: ({ emu, caller, p }) => emu.layouts(caller, p("portal")) })
  define(`${P}/module/projects/layouts/:layout`, {
    GET: ({ emu, caller, p }) => emu.layout(caller, p("portal"), p("layout")),
  })
  define(`${P}/module/projects/statuses`, { GET: ({ emu, caller, p }) => emu.statuses(caller, p("portal")) })

  define(`${P}/webhooks`, {
    GET: ({ emu, caller, p }) => emu.listWebhooks(caller, p("portal")),
    POST: ({ emu, caller, p, body }) => emu.createWebhook(caller, p("portal"), body),
  })
  define(`${P}/webhooks/:webhook`, {
    GET: ({ emu, caller, p }) => emu.getWebhook(caller, p("portal"), p("webhook")),
    PATCH: ({ emu, caller, p, body }) => emu.updateWebhook(caller, p("portal"), p("webhook"), body),
    DELETE: ({ emu, caller, p }) => emu.deleteWebhook(caller, p("portal"), p("webhook")),
  })
  defineWorkRoutes(define)
  return app
}
