// Trial states, the admin lists and every page of the console in a real browser, in English and in
// French: no serious accessibility violation and no text of the other language on any screen
// (screenshots in e2e/artifacts/). Runs on the demo's free-edition organizations, so the other
// browser tests' Demo Inc. is left alone.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { expectNoSecretLeaked, launchBrowser, newPage, signIn } from "./browser"
import { checkPage, type Locale } from "./support"

let browser: Browser
let context: BrowserContext
let page: Page
let errors: Array<string>

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await expectNoSecretLeaked()
})
beforeEach(async () => {
  ;({ context, page, errors } = await newPage(browser))
})
afterEach(async () => {
  await context?.close()
  expect(errors).toEqual([])
})

const setupPath = "/setup/marketplace/zoho/projects"
const words = {
  en: {
    language: "Language",
    getStarted: "Get Started",
    trialLeft: /^Trial ends on .+ \(15 days left\)$/,
    trialOver: /^The 15-day trial of the Projects integration ended on .+\. Projects are no longer synced/,
    started: "Fay Free started the integration with Get Started",
    applyFilters: "Apply filters",
    action: "Action",
    empty: "No change matches these filters.",
  },
  fr: {
    language: "Langue",
    getStarted: "Démarrer",
    trialLeft: /^L'essai se termine le .+ \(encore 15 jours\)$/,
    trialOver:
      /^L'essai de 15 jours de l'intégration Projects a pris fin le .+\. Les projets ne sont plus synchronisés/,
    started: "Fay Free a démarré l'intégration avec Démarrer",
    applyFilters: "Appliquer les filtres",
    action: "Action",
    empty: "Aucune modification ne correspond à ces filtres.",
  },
} as const

async function signInIn(locale: Locale, email: string) {
  await signIn(page, email)
  if (locale === "fr") {
    await page.getByLabel("Language").selectOption("fr")
    await page.getByRole("navigation", { name: "Navigation principale" }).waitFor()
  }
}

/** Waits until nothing says Loading… any more. */
async function settled() {
  await page.waitForFunction(() => !/Loading…|Chargement…/.test(document.body.textContent ?? ""))
}

describe.each(["en", "fr"] as const)("in %s", (locale) => {
  const w = words[locale]

  it("starts the free edition's trial with Get Started and counts its days left", async () => {
    await signInIn(locale, "admin@free.demo.test")
    await page.goto(setupPath)
    const start = page.getByRole("button", { name: w.getStarted })
    // English runs first and starts the trial; French finds it running.
    if (locale === "en") await start.click()
    await page.getByText(w.trialLeft).waitFor()
    await settled()
    await checkPage(page, { locale, name: "trial-days-left" })
  })

  it("tells the admin of an organization whose trial is over, in a banner", async () => {
    await signInIn(locale, "admin@trial-over.demo.test")
    await page.goto(setupPath)
    const banner = page.getByRole("alert").filter({ hasText: w.trialOver })
    await banner.waitFor()
    expect(await page.getByText(/Something went wrong|Une erreur/).count()).toBe(0)
    await settled()
    await checkPage(page, { locale, name: "trial-expired" })
  })

  it("shows the audit log as sentences, filtered by action", async () => {
    await signInIn(locale, "admin@free.demo.test")
    await page.goto("/setup/audit")
    await page.getByRole("rowheader", { name: w.started }).waitFor()
    await settled()
    await checkPage(page, { locale, name: "audit-log" })
    await page.getByLabel(w.action).selectOption("integration.deactivated")
    await page.getByRole("button", { name: w.applyFilters }).click()
    await page.waitForURL((url) => url.searchParams.get("action") === "integration.deactivated")
    await page.getByText(w.empty).waitFor()
    await page.reload()
    await page.getByText(w.empty).waitFor()
  })

  it("passes accessibility and language checks on every page, and keeps keyboard focus visible in order", async () => {
    await signInIn(locale, "admin@free.demo.test")
    const pages = [
      ["deals", "/deals"],
      ["deal-new", "/deals/new"],
      ["accounts", "/accounts"],
      ["contacts", "/contacts"],
      ["marketplace", "/setup/marketplace"],
      ["zoho-projects", setupPath],
      ["users", "/setup/users"],
      ["fields", "/setup/fields"],
      ["tokens", "/setup/tokens"],
      ["audit", "/setup/audit"],
      ["outbox", "/setup/outbox"],
      ["not-found", "/no-such-page"],
    ] as const
    for (const [name, path] of pages) {
      await page.goto(path)
      await page.getByRole("heading", { level: 1 }).waitFor()
      await settled()
      await checkPage(page, { locale, name: `page-${name}` })
    }
    // Keyboard: the first Tab reaches the skip link, which moves focus to the page's content.
    await page.goto("/setup/outbox")
    await page.getByRole("heading", { level: 1 }).waitFor()
    await page.keyboard.press("Tab")
    const first = await page.evaluate(() => document.activeElement?.textContent ?? "")
    expect(first).toBe(locale === "en" ? "Skip to content" : "Aller au contenu")
  })

  it("passes the checks on the sign-in page", async () => {
    await page.goto("/sign-in")
    if (locale === "fr") {
      await page.evaluate(() => localStorage.setItem("crm.locale", "fr"))
      await page.reload()
    }
    await page.getByRole("heading", { level: 1 }).waitFor()
    await checkPage(page, { locale, name: "sign-in" })
  })
})
