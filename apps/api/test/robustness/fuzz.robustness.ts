/**
 * `pnpm test:robustness`: the API fuzzer at length. Prints its figures (they go in the README's
 * "Security and robustness" section).
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { type IntegrationTestApi, startIntegrationTestApi } from "../api-harness.js"
import { fuzzApi, IDENTITIES } from "../fuzz/api-fuzz.js"

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 6000)

let harness: IntegrationTestApi
beforeAll(async () => {
  harness = await startIntegrationTestApi()
})
afterAll(() => harness?.close())

it("answers thousands of fuzzed requests below 500, refuses with problem+json, writes nothing when refusing, leaks no secret", async () => {
  const started = performance.now()
  const figures = await fuzzApi(harness, { requests: REQUESTS, seed: 1_010, fingerprint: "writes" })
  const secrets = harness.api.secrets
  process.stdout.write(
    `\nAPI fuzz: ${figures.requests} requests over ${figures.operations} operations in ${Math.round((performance.now() - started) / 1000)} s\n` +
      `  by identity ${JSON.stringify(figures.byIdentity)}\n  by status ${JSON.stringify(figures.byStatus)}\n` +
      `  5xx: ${Object.entries(figures.byStatus)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0)}, ` +
      `refused: ${figures.refused}, refusals fingerprinted: ${figures.refusedChecked}, failures: ${figures.failures.length}\n` +
      `  secret scan: ${secrets.secrets()} secrets searched in ${secrets.scanned()} bodies, headers and log lines, ${secrets.hits.length} hits\n`,
  )
  expect(figures.failures).toEqual([])
  expect(figures.requests).toBe(REQUESTS)
  for (const identity of IDENTITIES) expect(figures.byIdentity[identity]).toBeGreaterThan(REQUESTS / 5)
  expect(secrets.hits).toEqual([])
})
