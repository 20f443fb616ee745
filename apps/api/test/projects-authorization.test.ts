/**
 * The authorization matrix of SPEC §4.4 over HTTP: every projects route against each of the five
 * profile permissions, on alone and off alone. Create, Edit and Delete need View (as in Zoho): "on
 * alone" ticks View with them, "View off" clears them. A route answers exactly when its own box is
 * ticked, and 403 problem+json otherwise, whatever the other boxes say.
 */

import { Database, tables } from "@app/core/persistence"
import type { MockProjectsHandle } from "@app/mock-projects"
import { Effect, Redacted } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import {
  organizationWithClients,
  type SessionClient,
  signIn,
  startIntegrationTestApi,
  type TestApi,
} from "./api-harness.js"

const OWNER = "owner@projects.demo.test"
const BOXES = ["tab", "view", "create", "edit", "delete"] as const
type Box = (typeof BOXES)[number]

let mock: MockProjectsHandle
let api: TestApi
let drain: () => Promise<void>
let close: () => Promise<void>

beforeAll(async () => {
  ;({ api, mock, drain, close } = await startIntegrationTestApi())
})
afterAll(() => close?.())

const id = (response: { body: unknown }) => (response.body as { id: string }).id

const NEEDS_VIEW: ReadonlyArray<Box> = ["create", "edit", "delete"]

/** The boxes as the console's matrix would save them after ticking or unticking `changed`. */
const withViewRule = (boxes: Record<Box, boolean>, changed: Box, ticked: boolean): Record<Box, boolean> =>
  ticked && NEEDS_VIEW.includes(changed)
    ? { ...boxes, view: true }
    : !ticked && changed === "view"
      ? { ...boxes, create: false, edit: false, delete: false }
      : boxes

/** An associated portal and a profile "Matrix" with one signed-in member. */
const setup = async () => {
  const { admin, org } = await organizationWithClients(api)
  await admin.post("integration/enable")
  const portalId = (await mock.control.state()).portals[0]?.id ?? ""
  const key = (await mock.control.keys(OWNER)).key ?? ""
  expect((await admin.request("PUT", "integration/portal", { portalId, email: OWNER, key })).status).toBe(200)
  await drain()

  const profile = id(await admin.post("profiles", { name: "Matrix" }))
  const email = `matrix.${org.organization.id.slice(0, 8)}@example.test`
  expect(
    (await admin.post("users", { name: "Mat Rix", email, profileId: profile, password: "matrix password 1" }))
      .status,
  ).toBe(201)
  await drain()
  const member: SessionClient = await signIn(api, email, Redacted.make("matrix password 1"))
  return { admin, org, profile, member }
}

it("answers every projects route exactly as the profile's boxes allow", { timeout: 180_000 }, async () => {
  const { admin, org, profile, member } = await setup()
  const owner = org.admin.id
  const account = id(
    await admin.post("accounts", { values: { name: `Matrix ${org.organization.id}`, owner } }),
  )
  const deal = id(
    await admin.post("deals", { values: { name: "Matrix deal", stage: "Proposal", account, owner } }),
  )
  const project = id(
    await admin.post("projects", { values: { name: `Matrix project ${org.organization.id}` }, dealId: deal }),
  )

  let n = 0
  const routes: Record<
    string,
    { box: Box; call: (disposable: string) => Promise<{ status: number; body: unknown }> }
  > = {
    "GET /me (Projects tab)": {
      box: "tab",
      call: async () => {
        const me = await member.get("me")
        const shown = (me.body as { visibleTabs: string[] }).visibleTabs.includes("projects")
        return { status: shown ? 200 : 403, body: me.body }
      },
    },
    "GET /projects": { box: "view", call: () => member.get("projects") },
    "GET /projects/:id": { box: "view", call: () => member.get(`projects/${project}`) },
    "GET /projects/:id/progress": { box: "view", call: () => member.get(`projects/${project}/progress`) },
    "GET /deals/:id/projects": { box: "view", call: () => member.get(`deals/${deal}/projects`) },
    "GET /accounts/:id/projects": { box: "view", call: () => member.get(`accounts/${account}/projects`) },
    "GET /deals/:id/projects/draft": {
      box: "create",
      call: () => member.get(`deals/${deal}/projects/draft`),
    },
    "GET /accounts/:id/projects/draft": {
      box: "create",
      call: () => member.get(`accounts/${account}/projects/draft`),
    },
    "POST /projects": {
      box: "create",
      call: () => member.post("projects", { values: { name: `Matrix ${org.organization.id} ${++n}` } }),
    },
    "PATCH /projects/:id": {
      box: "edit",
      call: () => member.patch(`projects/${project}`, { values: { description: `edited ${++n}` } }),
    },
    "DELETE /projects/:id": { box: "delete", call: (disposable) => member.delete(`projects/${disposable}`) },
  }

  const observed: Record<string, string> = {}
  const expected: Record<string, string> = {}
  for (const box of BOXES) {
    for (const ticked of [true, false]) {
      const boxes = withViewRule(
        Object.fromEntries(BOXES.map((b) => [b, b === box ? ticked : !ticked])) as Record<Box, boolean>,
        box,
        ticked,
      )
      const saved = await admin.request("PUT", "integration/permissions", {
        entries: [{ profileId: profile, ...boxes }],
      })
      expect(saved.status).toBe(200)
      await drain()
      const disposable = id(
        await admin.post("projects", { values: { name: `Disposable ${org.organization.id} ${++n}` } }),
      )
      for (const [route, { box: needs, call }] of Object.entries(routes)) {
        const response = await call(disposable)
        const key = `${box} ${ticked ? "on" : "off"} → ${route}`
        observed[key] =
          response.status === 403
            ? "403"
            : response.status < 300
              ? "allowed"
              : `${response.status} ${JSON.stringify(response.body)}`
        expected[key] = boxes[needs] ? "allowed" : "403"
      }
    }
  }
  expect(observed).toEqual(expected)
  expect(Object.keys(observed)).toHaveLength(BOXES.length * 2 * Object.keys(routes).length)
})

it("refuses Create, Edit or Delete without View when permissions are saved, and saves nothing", async () => {
  const { admin, profile } = await setup()
  const before = await admin.get("integration/permissions")
  for (const box of NEEDS_VIEW) {
    const refused = await admin.request("PUT", "integration/permissions", {
      entries: [
        {
          profileId: profile,
          tab: true,
          view: false,
          create: false,
          edit: false,
          delete: false,
          [box]: true,
        },
      ],
    })
    expect(refused.status).toBe(422)
    expect(refused.headers.get("content-type")).toContain("problem+json")
    expect(refused.body).toMatchObject({ errors: [{ field: "entries[0].view", code: "viewRequired" }] })
  }
  expect((await admin.get("integration/permissions")).body).toEqual(before.body)
})

it("grants nothing through Edit or Delete to a profile saved without View: no project leaks", async () => {
  const { admin, org, profile, member } = await setup()
  const name = `Secret project ${org.organization.id}`
  const project = id(await admin.post("projects", { values: { name } }))
  // A set saved before the rule was enforced: Edit and Delete ticked, View not.
  await api.run(
    Effect.flatMap(Database, (database) =>
      database.use((db) =>
        db
          .insert(tables.integrationProfilePermissions)
          .values({
            organizationId: org.organization.id,
            profileId: profile,
            tab: true,
            view: false,
            create: true,
            edit: true,
            delete: true,
          })
          .onConflictDoUpdate({
            target: [
              tables.integrationProfilePermissions.organizationId,
              tables.integrationProfilePermissions.profileId,
            ],
            set: { view: false, create: true, edit: true, delete: true },
          }),
      ),
    ),
  )
  const edited = await member.patch(`projects/${project}`, { values: { description: "probe" } })
  expect(edited.status).toBe(403)
  expect(edited.text).not.toContain(name)
  const deleted = await member.delete(`projects/${project}`)
  expect(deleted.status).toBe(403)
  expect((await member.get("me")).body).toMatchObject({
    projectPermissions: { view: false, create: false, edit: false, delete: false },
  })
  expect((await admin.get(`projects/${project}`)).body).toMatchObject({ name })
})
