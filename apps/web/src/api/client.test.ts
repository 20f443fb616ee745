import { afterEach, describe, expect, it, vi } from "vitest"
import { fakeApi, problem } from "../test/fake-api"
import { ApiError, csrf, done, ok, parseProblem, rpc } from "./client"

afterEach(() => {
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe("api client", () => {
  it("sends the CSRF token on writes and not on reads", async () => {
    const server = fakeApi({
      "GET /deals": () => ({ body: { items: [], nextCursor: null } }),
      "POST /deals": () => ({ status: 201, body: { id: "d1" } }),
    })
    csrf.set("token-1")
    await ok(await rpc.deals.$get({ query: {} }))
    await ok(await rpc.deals.$post({ json: { values: {} } }))
    expect(server.sent.map((r) => [r.method, r.headers.get("X-CSRF-Token")])).toEqual([
      ["GET", null],
      ["POST", "token-1"],
    ])
  })

  it("renews a refused CSRF token from /me and sends the write once more", async () => {
    const server = fakeApi({
      "GET /me": () => ({ body: { csrfToken: "fresh" } }),
      "POST /tokens": (request) =>
        request.headers.get("X-CSRF-Token") === "fresh"
          ? { status: 201, body: { id: "t1", name: "ci", token: "crm_x" } }
          : problem(403, "CSRF token missing or wrong", [
              { field: "X-CSRF-Token", message: "missing or wrong" },
            ]),
    })
    csrf.set("stale")
    const created = await ok(await rpc.tokens.$post({ json: { name: "ci" } }))
    expect(created.token).toBe("crm_x")
    expect(server.sent.map((r) => `${r.method} ${r.path} ${r.headers.get("X-CSRF-Token")}`)).toEqual([
      "POST /tokens stale",
      "GET /me null",
      "POST /tokens fresh",
    ])
    expect(csrf.get()).toBe("fresh")
  })

  it("does not retry a 403 that is about the user's rights", async () => {
    const server = fakeApi({ "POST /users": () => problem(403, "Administrators only") })
    csrf.set("token")
    const error = await rpc.users
      .$post({ json: { name: "A", email: "a@b.test", password: "long-enough", profileId: "p" } })
      .then(ok)
      .catch((e: unknown) => e)
    expect(error instanceof ApiError && error.status).toBe(403)
    expect(server.sent).toHaveLength(1)
  })

  it("turns a problem+json refusal into an ApiError naming the fields", async () => {
    fakeApi({
      "PATCH /accounts/a1": () =>
        problem(422, "Invalid record", [{ field: "website", message: "must be a URL" }]),
    })
    const error = await rpc.accounts[":id"]
      .$patch({ param: { id: "a1" }, json: { values: { website: "nope" } } })
      .then(ok)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error instanceof ApiError && error.fieldError("website")?.message).toBe("must be a URL")
    expect(error instanceof ApiError && error.status).toBe(422)
  })

  it("reads field names from JSON pointers and paths as well as `field`", () => {
    const parsed = parseProblem(400, {
      title: "Bad Request",
      errors: [
        { pointer: "/values/email", message: "must be an email address" },
        { path: ["body", "name"], message: "is required" },
      ],
    })
    expect(parsed.errors).toEqual([
      { field: "email", message: "must be an email address" },
      { field: "name", message: "is required" },
    ])
  })

  it("matches a field named by its body path to the form field", async () => {
    fakeApi({
      "POST /deals": () =>
        problem(400, "Invalid request body", [{ field: "values.amount", message: "must be a number" }]),
    })
    const error = await rpc.deals
      .$post({ json: { values: { amount: "x" } } })
      .then(ok)
      .catch((e: unknown) => e)
    expect(error instanceof ApiError && error.fieldError("amount")?.message).toBe("must be a number")
    expect(error instanceof ApiError && error.fieldError("count")).toBeUndefined()
  })

  it("keeps the problem's code and parameters and each field error's code", () => {
    const parsed = parseProblem(402, {
      title: "Trial expired",
      code: "TrialExpired",
      params: { endedAt: "2026-01-15T00:00:00.000Z", nested: { dropped: true } },
      errors: [
        { field: "name", message: "must be at most 255 characters", code: "tooLong", params: { max: 255 } },
      ],
    })
    expect(parsed).toMatchObject({ code: "TrialExpired", params: { endedAt: "2026-01-15T00:00:00.000Z" } })
    expect(parsed.params).not.toHaveProperty("nested")
    expect(parsed.errors).toEqual([
      { field: "name", message: "must be at most 255 characters", code: "tooLong", params: { max: 255 } },
    ])
  })

  it("keeps the Retry-After of a throttled request", () => {
    expect(parseProblem(429, { title: "Too Many Requests" }, "30").retryAfter).toBe(30)
  })

  it("reports an unreachable server as a network error", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    )
    const error = await rpc.session
      .$delete()
      .then(done)
      .catch((e: unknown) => e)
    expect(error instanceof ApiError && error.status).toBe(0)
  })
})
