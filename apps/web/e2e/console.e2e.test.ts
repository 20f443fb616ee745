// The console in a real browser against the real API: sign-in, navigation, records, languages, roles.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { expectNoSecretLeaked, launchBrowser, newPage, signIn } from "./browser"
import { expectFocusWithin } from "./support"

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

const nav = (name = "Main navigation") => page.getByRole("navigation", { name })

describe("console", () => {
  it("refuses a wrong password with a message", async () => {
    await page.goto("/deals")
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    await page.getByLabel("Email").fill("admin@demo.test")
    await page.getByLabel("Password").fill("not-the-password")
    await page.getByRole("button", { name: "Sign in" }).click()
    const alert = page.getByRole("alert")
    await alert.waitFor()
    expect(await alert.textContent()).toBe("The email or password is incorrect.")
  })

  it("tells a user who keeps failing to sign in how long to wait", async () => {
    // ivan@demo.test is only used here, so the throttle touches no other test.
    await page.goto("/sign-in")
    await page.getByLabel("Email").fill("ivan@demo.test")
    const alert = page.getByRole("alert")
    const messages: Array<string> = []
    for (let attempt = 0; attempt < 7 && !messages.some((m) => m.startsWith("Too many")); attempt++) {
      await page.getByLabel("Password").fill(`wrong-${attempt}`)
      await page.getByRole("button", { name: "Sign in" }).click()
      await page.getByRole("button", { name: "Sign in" }).waitFor()
      await alert.waitFor()
      messages.push((await alert.textContent()) ?? "")
    }
    expect(messages[0]).toBe("The email or password is incorrect.")
    expect(messages.at(-1)).toMatch(/^Too many failed sign-ins\. Try again in \d+ seconds\.$/)
  })

  it("signs an admin in and shows the navigation with the setup entries", async () => {
    await signIn(page, "admin@demo.test")
    const links = await nav().getByRole("link").allTextContents()
    expect(links).toEqual([
      "Deals",
      "Accounts",
      "Contacts",
      "Marketplace",
      "Users and profiles",
      "Modules and fields",
      "Events",
      "Audit log",
      "Outbox",
      "Sync runs",
      "API tokens",
    ])
    await page.getByRole("heading", { name: "Deals", level: 1 }).waitFor()
  })

  it("lists accounts, opens one, and shows a bad value refused at its field", async () => {
    await signIn(page, "admin@demo.test")
    await nav().getByRole("link", { name: "Accounts" }).click()
    await page.getByRole("heading", { name: "Accounts", level: 1 }).waitFor()
    const table = page.getByRole("table")
    const first = table.getByRole("rowheader").first().getByRole("link")
    const name = (await first.textContent()) ?? ""
    expect(name.length).toBeGreaterThan(0)
    await first.click()
    await page.getByRole("heading", { name, level: 1 }).waitFor()

    await page.getByRole("link", { name: "Edit" }).click()
    const website = page.getByLabel("Website")
    await website.fill("not a web address")
    await page.getByRole("button", { name: "Save" }).click()
    await page.locator("#field-website-error").waitFor()
    expect(await website.getAttribute("aria-invalid")).toBe("true")
    expect(await page.locator("#field-website-error").textContent()).toMatch(/url|web address|http/i)
    // Nothing was written: the record page still shows the old value.
    await page.getByRole("link", { name: "Cancel" }).click()
    await page.getByRole("heading", { name, level: 1 }).waitFor()
    expect(await page.getByText("not a web address").count()).toBe(0)
  })

  it("finds an account by its name", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto("/accounts")
    const rows = page.getByRole("table").getByRole("rowheader")
    await rows.first().waitFor()
    const name = (await rows.first().textContent()) ?? ""
    await page.getByLabel("Search Accounts").fill(name)
    await page.getByRole("button", { name: "Search" }).click()
    await page.waitForURL((url) => url.searchParams.get("q") === name)
    await rows.first().waitFor()
    expect(await rows.allTextContents()).toContain(name)
  })

  it("creates a deal owned by its creator, opens it and deletes it", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto("/deals")
    await page.getByRole("link", { name: "New deal" }).click()
    await page.getByLabel(/Deal Name/).fill("E2E Rollout 2027")
    await page.getByLabel(/Stage/).selectOption("Proposal")
    await page.getByLabel(/Amount/).fill("12500")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByRole("heading", { name: "E2E Rollout 2027", level: 1 }).waitFor()
    expect(page.url()).toMatch(/\/deals\/[0-9a-f-]{36}$/)
    await nav().getByRole("link", { name: "Deals" }).click()
    await page.getByLabel("Search Deals").fill("E2E Rollout")
    await page.getByRole("button", { name: "Search" }).click()
    await page.getByRole("table").getByRole("link", { name: "E2E Rollout 2027" }).click()
    await page.getByRole("heading", { name: "E2E Rollout 2027", level: 1 }).waitFor()
    expect(await page.getByRole("link", { name: "Ada Admin" }).count()).toBe(0)
    expect(await page.getByText("Ada Admin", { exact: true }).count()).toBeGreaterThan(0)

    // The confirmation takes focus; Cancel gives it back to Delete, all by keyboard.
    await page.getByRole("button", { name: "Delete" }).focus()
    await page.keyboard.press("Enter")
    const confirmation = page.getByRole("group", { name: /Delete this record/ })
    await expectFocusWithin(confirmation.getByRole("button", { name: "Delete" }))
    await page.keyboard.press("Tab")
    await expectFocusWithin(confirmation.getByRole("button", { name: "Cancel" }))
    await page.keyboard.press("Enter")
    await expectFocusWithin(page.getByRole("button", { name: "Delete" }))
    await page.keyboard.press("Enter")
    await expectFocusWithin(confirmation.getByRole("button", { name: "Delete" }))
    await page.keyboard.press("Enter")
    await page.waitForURL((url) => url.pathname === "/deals")
    await page.getByLabel("Search Deals").fill("E2E Rollout")
    await page.getByRole("button", { name: "Search" }).click()
    await page.getByText("No records found.").waitFor()
  })

  it("switches to French, keeps it after a reload, and back to English", async () => {
    await signIn(page, "admin@demo.test")
    await page.getByLabel("Language").selectOption("fr")
    const frenchNav = nav("Navigation principale")
    await frenchNav.getByRole("link", { name: "Transactions" }).waitFor()
    expect(await frenchNav.getByRole("link").allTextContents()).toEqual([
      "Transactions",
      "Comptes",
      "Contacts",
      "Marketplace",
      "Utilisateurs et profils",
      "Modules et champs",
      "Événements",
      "Journal d'audit",
      "Boîte d'envoi",
      "Synchronisations",
      "Jetons d'API",
    ])
    await page.reload()
    await page.getByRole("button", { name: "Se déconnecter" }).waitFor()
    expect(await page.locator("html").getAttribute("lang")).toBe("fr")
    await page.goto("/setup/marketplace/zoho/projects")
    await page.getByRole("heading", { name: "Intégration de Zoho Projects" }).waitFor()
    await page.getByLabel("Langue").selectOption("en")
    await page.getByRole("heading", { name: "Zoho Projects Integration" }).waitFor()
  })

  it("adds a custom field to Accounts that the account form then offers", async () => {
    await signIn(page, "admin@demo.test")
    await nav().getByRole("link", { name: "Modules and fields" }).click()
    await page.getByLabel("Module").selectOption("accounts")
    await page.getByRole("rowheader", { name: "Account Name" }).waitFor()
    await page.getByLabel("Field label").fill("Partner Tier")
    await page.getByLabel("Type").selectOption("picklist")
    await page.getByLabel("Picklist options (one a line)").fill("Gold\nSilver")
    await page.getByRole("button", { name: "Add field" }).click()
    await page.getByRole("rowheader", { name: "Partner Tier" }).waitFor()

    await page.goto("/accounts")
    await page.getByRole("table").getByRole("rowheader").first().getByRole("link").click()
    await page.getByRole("link", { name: "Edit" }).click()
    await page.getByLabel("Partner Tier").selectOption("Gold")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByRole("heading", { name: "Details" }).waitFor()
    const tier = page.locator("dl.details > div").filter({ hasText: "Partner Tier" }).locator("dd")
    expect(await tier.textContent()).toBe("Gold")
  })

  it("creates an API token shown once, even with a stale CSRF token, and revokes it", async () => {
    await signIn(page, "admin@demo.test")
    await nav().getByRole("link", { name: "API tokens" }).click()
    // A lost CSRF token (storage cleared) is renewed from the session rather than failing the write.
    await page.evaluate(() => localStorage.setItem("crm.csrf", "stale"))
    await page.getByLabel("Token name").fill("e2e token")
    await page.getByRole("button", { name: "Create token" }).click()
    const secret = page.getByLabel("Token", { exact: true })
    await secret.waitFor()
    expect(await secret.inputValue()).toMatch(/^crm_/)
    await page.getByRole("button", { name: "Revoke e2e token" }).click()
    await page
      .getByRole("group", { name: /Revoke the token e2e token/ })
      .getByRole("button", { name: "Revoke" })
      .click()
    await page.getByText("Token e2e token revoked.").waitFor()
    expect(await page.getByRole("rowheader", { name: /e2e token/ }).count()).toBe(0)
  })

  it("does not show a Standard user the admin entries", async () => {
    await signIn(page, "sam@demo.test")
    expect(await nav().getByRole("link").allTextContents()).toEqual([
      "Deals",
      "Accounts",
      "Contacts",
      "Marketplace",
      "API tokens",
    ])
    await page.goto("/setup/users")
    await page.getByRole("alert").waitFor()
    expect(await page.getByRole("alert").textContent()).toBe("You do not have permission to do this.")
  })

  it("signs out and then needs to sign in again", async () => {
    await signIn(page, "admin@demo.test")
    await page.getByRole("button", { name: "Sign out" }).click()
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    await page.goto("/accounts")
    await page.getByRole("heading", { name: "Sign in" }).waitFor()
    expect(new URL(page.url()).pathname).toBe("/sign-in")
  })
})
