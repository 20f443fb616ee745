// Debian Chromium through playwright-core (Playwright cannot download browsers here).
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import { inject } from "vitest"

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
