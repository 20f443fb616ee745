import { TOKEN_SCOPES } from "@app/core/crm"
import { EVENT_TYPES } from "@app/core/external"
import { afterAll, beforeAll, expect, it } from "vitest"
import { anonymous, startTestApi, type TestApi } from "../../test/api-harness.js"

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(() => api?.close())

it("explains authentication, scopes, idempotency, pagination, errors and events with curl and TypeScript", async () => {
  const page = (await anonymous(api).get("/api/docs")).text
  for (const id of ["authentication", "scopes", "idempotency", "pagination", "errors", "events"]) {
    const start = page.indexOf(`<h2 id="${id}">`)
    expect(start, id).toBeGreaterThan(0)
    const section = page.slice(start, page.indexOf("</section>", start))
    expect(section, id).toContain("<h4>curl</h4>")
    expect(section, id).toContain("<h4>TypeScript (<code>@app/client</code>)</h4>")
  }
  for (const scope of TOKEN_SCOPES) expect(page).toContain(`<code>${scope}</code>`)
  for (const type of EVENT_TYPES) expect(page).toContain(`<code>${type}</code>`)
  // The stable problem codes the guide names are rows of the problem table it links to.
  for (const code of [
    "TokenScopeMissing",
    "TokenRateLimited",
    "IdempotencyKeyInUse",
    "IdempotencyKeyReused",
  ]) {
    expect(page).toContain(`<td><code>${code}</code></td>`)
  }
})
