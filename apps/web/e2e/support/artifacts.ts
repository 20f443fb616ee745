// Screenshots of browser tests, kept under e2e/artifacts/ (git-ignored; CI keeps them as artifacts).
import { mkdirSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type { Page } from "playwright-core"

export const artifactsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../artifacts")

/** Saves the full page as `e2e/artifacts/<name>.png` and returns the file's path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true })
  const path = join(artifactsDir, `${name.replace(/[^\w.-]+/g, "-")}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
