// Debian Chromium through playwright-core (Playwright cannot download browsers here).
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import { expect, inject } from "vitest"
import { SCAN_REPORT_PATH, type SecretScanReport } from "./support/secret-proxy"

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  })
}

export interface OpenPage {
  readonly context: BrowserContext
  readonly page: Page
  /** Uncaught errors of the page's scripts; a test ends with none. */
  readonly errors: Array<string>
}

export async function newPage(browser: Browser): Promise<OpenPage> {
  const context = await browser.newContext({ baseURL: inject("baseUrl"), locale: "en-US" })
  const page = await context.newPage()
  const errors: Array<string> = []
  page.on("pageerror", (error) => errors.push(error.stack ?? error.message))
  return { context, page, errors }
}

/** Signs in through the form and waits for the console's navigation. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in")
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(inject("demoPassword"))
  await page.getByRole("button", { name: "Sign in" }).click()
  await page.getByRole("navigation", { name: "Main navigation" }).waitFor()
}

/**
 * No secret came back: every response the browser received so far and every line the API logged are
 * searched for every secret in play (see global-setup.ts). Each browser test file ends with it.
 */
export async function expectNoSecretLeaked(): Promise<SecretScanReport> {
  const report = (await (await fetch(`${inject("baseUrl")}${SCAN_REPORT_PATH}`)).json()) as SecretScanReport
  expect(report.hits).toEqual([])
  expect(report.secrets).toBeGreaterThan(0)
  return report
}
