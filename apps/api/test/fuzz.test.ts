/**
 * The light run of the API fuzzer, in every `pnpm test`: 150 requests over the routes of
 * the OpenAPI document as administrator, Standard user and anonymous. `pnpm test:robustness` runs
 * the same fuzzer with over 10,000 requests.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { type IntegrationTestApi, startIntegrationTestApi } from "./api-harness.js"
import { fuzzApi, IDENTITIES } from "./fuzz/api-fuzz.js"

let harness: IntegrationTestApi
beforeAll(async () => {
  harness = await startIntegrationTestApi()
})
afterAll(() => harness?.close())

it("answers fuzzed requests on every route below 500, refuses with problem+json, and writes nothing when refusing", {
  timeout: 240_000,
}, async () => {
  const figures = await fuzzApi(harness, { requests: 150, seed: 20_261_201 })
  expect(figures.failures).toEqual([])
  expect(figures.requests).toBe(150)
  for (const identity of IDENTITIES) expect(figures.byIdentity[identity]).toBeGreaterThan(20)
  expect(figures.refused).toBeGreaterThan(40)
  expect(figures.refusedChecked).toBe(figures.refused)
  expect(harness.api.secrets.hits).toEqual([])
})
