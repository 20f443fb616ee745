/**
 * The light run of the mock's fuzzer, in every `pnpm test`; `pnpm test:robustness` runs it with
 * thousands of requests.
 */
import { expect, it } from "vitest"
import { fuzzMock, MOCK_IDENTITIES } from "./mock-fuzz.js"

it("answers fuzzed requests on every route below 500, in its error envelope, changing nothing when refusing", {
  timeout: 120_000,
}, async () => {
  const figures = await fuzzMock({ requests: 400, seed: 20_261_201 })
  expect(figures.failures).toEqual([])
  expect(figures.requests).toBe(400)
  for (const identity of MOCK_IDENTITIES) expect(figures.byIdentity[identity]).toBeGreaterThan(80)
  expect(figures.refused).toBeGreaterThan(100)
})
