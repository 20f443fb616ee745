// problem+json carries a stable code and the problem's data so a console can say it in its user's
// language, while `detail` stays English for API users; no credential ever reaches `params`.

import { RecordInvalid } from "@app/core/crm"
import { IntegrationKeyInvalid, ProjectPermissionDenied, TrialExpired } from "@app/core/integration"
import { DatabaseError } from "@app/core/persistence"
import { ServiceKeyRejected } from "@app/core/projects-client"
import { Schema } from "effect"
import { Hono } from "hono"
import { describe, expect, it } from "vitest"
import type { ApiEnv } from "../env.js"
import { type CoreError, coreProblem } from "./problem.js"
import { json } from "./validate.js"

const answer = async (error: CoreError) => {
  const app = new Hono().get("/", (c) => coreProblem(c, error))
  const response = await app.request("/")
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe("problem+json for a console", () => {
  it("names the trial's end by code with its date as a parameter, the detail staying English", async () => {
    const { status, body } = await answer(new TrialExpired({ endedAt: "2026-01-15T00:00:00.000Z" }))
    expect(status).toBe(402)
    expect(body).toMatchObject({
      code: "TrialExpired",
      params: { endedAt: "2026-01-15T00:00:00.000Z" },
      detail: expect.stringContaining("trial"),
    })
  })

  it("gives the key-invalid and permission refusals codes a console can translate", async () => {
    expect((await answer(new IntegrationKeyInvalid())).body.code).toBe("IntegrationKeyInvalid")
    const denied = await answer(new ProjectPermissionDenied({ action: "create" }))
    expect(denied.body).toMatchObject({ code: "ProjectPermissionDenied", params: { action: "create" } })
  })

  it("keeps free English text and anything named like a credential out of the parameters", async () => {
    const { body } = await answer(
      new ServiceKeyRejected({ email: "owner@projects.demo.test", reason: "key refused" }),
    )
    expect(body.params).toEqual({ email: "owner@projects.demo.test" })
  })

  it("says nothing of an internal failure beyond its code", async () => {
    const { status, body } = await answer(new DatabaseError({ detail: "relation x", cause: new Error("x") }))
    expect(status).toBe(500)
    expect(body).toEqual({
      type: expect.any(String),
      code: "DatabaseError",
      title: "Internal error",
      status: 500,
      instance: "/",
      errors: [],
    })
  })

  it("passes each field error's code and data through", async () => {
    const { body } = await answer(
      new RecordInvalid({
        module: "deals",
        errors: [
          { field: "name", message: "must be at most 255 characters", code: "tooLong", params: { max: 255 } },
        ],
      }),
    )
    expect(body.errors).toEqual([
      { field: "name", message: "must be at most 255 characters", code: "tooLong", params: { max: 255 } },
    ])
  })

  it("codes a refused request body, and each missing or unexpected property", async () => {
    const app = new Hono<ApiEnv>()
      .use(async (c, next) => {
        c.set("publicRoute", true)
        await next()
      })
      .post("/", json(Schema.Struct({ name: Schema.String })), (c) => c.body(null, 204))
    const response = await app.request("/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ extra: 1 }),
    })
    const body = (await response.json()) as { code: string; errors: Array<{ field: string; code: string }> }
    expect(body.code).toBe("InvalidRequestBody")
    expect(body.errors.map((e) => [e.field, e.code]).sort()).toEqual([
      ["extra", "unexpected"],
      ["name", "required"],
    ])
  })
})
