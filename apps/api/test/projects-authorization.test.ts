/**
 * The authorization matrix of SPEC §4.4 over HTTP: every projects route against each of the five
 * profile permissions, on alone and off alone. A route answers exactly when its own box is ticked,
 * and 403 problem+json otherwise, whatever the other four boxes say.
 */
import type { MockProjectsHandle } from "@app/mock-projects"
import { Redacted } from "effect"
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

it("answers every projects route exactly as the profile's boxes allow", { timeout: 180_000 }, async () => {
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
      const boxes = Object.fromEntries(BOXES.map((b) => [b, b === box ? ticked : !ticked])) as Record<
        Box,
        boolean
      >
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
