// Accessibility check for browser tests: runs axe-core inside the page and fails on any serious or
// critical violation, naming the rule, its help text and the offending elements.

import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import type { Page } from "playwright-core"

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8")

export interface AxeViolation {
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: ReadonlyArray<string>
}

export interface AxeOptions {
  /** CSS selector of the part of the page to check; the whole document by default. */
  readonly include?: string
  /** Rules switched off for this call, each with a reason at the call site. */
  readonly disableRules?: ReadonlyArray<string>
}

const failingImpacts = new Set(["serious", "critical"])

/** Every serious or critical violation axe-core finds in the page as it is now. */
export async function seriousAxeViolations(
  page: Page,
  options: AxeOptions = {},
): Promise<Array<AxeViolation>> {
  const hasAxe = await page.evaluate(() => "axe" in globalThis)
  // Evaluated rather than added as a <script>, so a Content-Security-Policy cannot block it.
  if (!hasAxe) await page.evaluate(axeSource)
  const violations = await page.evaluate(
    async ({ include, disableRules }) => {
      interface AxeResult {
        violations: Array<{
          id: string
          impact?: string | null
          help: string
          nodes: Array<{ target: unknown[] }>
        }>
      }
      const axe = (
        globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResult> } }
      ).axe
      const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]))
      const result = await axe.run(include ?? document, { rules, resultTypes: ["violations"] })
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? "unknown",
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(" ")),
      }))
    },
    { include: options.include ?? null, disableRules: [...(options.disableRules ?? [])] },
  )
  return violations.filter((violation) => failingImpacts.has(violation.impact))
}

/** Throws, listing them, when the page has serious or critical accessibility violations. */
export async function expectAccessible(page: Page, options: AxeOptions = {}): Promise<void> {
  const violations = await seriousAxeViolations(page, options)
  if (violations.length === 0) return
  const lines = violations.map(
    (v) => `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.slice(0, 5).join("\n    ")}`,
  )
  throw new Error(`${new URL(page.url()).pathname} has accessibility violations:\n${lines.join("\n")}`)
}
