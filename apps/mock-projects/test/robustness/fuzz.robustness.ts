/**
 * `pnpm test:robustness`: the mock's fuzzer at length. Prints its figures (they go in the README's
 * "Security and robustness" section).
 */
import { expect, it } from "vitest"
import { fuzzMock, MOCK_IDENTITIES } from "../mock-fuzz.js"

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 6000)

it("answers thousands of fuzzed requests below 500, in its error envelope, changing nothing when refusing", async () => {
  const started = performance.now()
  const figures = await fuzzMock({ requests: REQUESTS, seed: 1_010 })
  process.stdout.write(
    `\nMock fuzz: ${figures.requests} requests over ${figures.routes} routes in ${Math.round((performance.now() - started) / 1000)} s\n` +
      `  by identity ${JSON.stringify(figures.byIdentity)}\n  by status ${JSON.stringify(figures.byStatus)}\n` +
      `  refused: ${figures.refused}, failures: ${figures.failures.length}\n`,
  )
  expect(figures.failures).toEqual([])
  for (const identity of MOCK_IDENTITIES) expect(figures.byIdentity[identity]).toBeGreaterThan(REQUESTS / 5)
})
