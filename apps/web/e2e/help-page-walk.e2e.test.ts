// The help page, paragraph by paragraph, in a real browser, once in English and once in French: enable,
// the three portal cases (the admin's own portal through OAuth from `localhost`, another user's portal
// with their service key, a new portal), Map Now, permissions with the user transfer report, client
// mapping (Yes with its report in English, No then manual mapping in French), New project from a Deal
// with a custom field of each type, the service key regenerated in the mock and updated, deactivation
// and the association of another portal. Every step leaves a screenshot under e2e/artifacts/ and is
// checked for accessibility and for text of the other language.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { en, type MessageKey } from "../src/i18n/en"
import { fr } from "../src/i18n/fr"
import { expectNoSecretLeaked, launchBrowser } from "./browser"
import { artifactsDir, checkPage } from "./support"

const owner = "owner@projects.demo.test"
const setupPath = "/setup/marketplace/zoho/projects"

// The console as `pnpm start` prints it: on localhost, while the API's default address is 127.0.0.1.
const consoleUrl = () => inject("baseUrl").replace("127.0.0.1", "localhost")
const mockUrl = () => inject("mockUrl")
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

async function mock(path: string, method = "GET"): Promise<Record<string, unknown>> {
  const response = await fetch(`${mockUrl()}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    ...(method === "POST" ? { body: "{}" } : {}),
  })
  return (await response.json()) as Record<string, unknown>
}
const ownerKey = async () => String((await mock(`/__mock/keys/${encodeURIComponent(owner)}`)).key ?? "")

let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
  process.stdout.write(`help-page walk screenshots: ${artifactsDir}/walk-*.png\n`)
})
afterAll(async () => {
  await browser?.close()
  await expectNoSecretLeaked()
})

const languages = [
  { code: "en", name: "English", messages: en },
  { code: "fr", name: "French", messages: fr },
] as const

for (const language of languages) {
  describe(`the help page in ${language.name}`, () => {
    let context: BrowserContext
    let page: Page
    const errors: Array<string> = []
    let shot = 0
    const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
      language.messages[key].replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match))
    // Every step: a screenshot to look at, no serious accessibility violation, no text of the other
    // language. What a step's screen gets wrong is collected, so one run shows every defect of the walk.
    const defects: Array<string> = []
    const screenshot = async (step: string) => {
      shot += 1
      const name = `walk-${String(shot).padStart(2, "0")}-${step}`
      await checkPage(page, { locale: language.code, name }).catch((error: unknown) => {
        defects.push(`${name}: ${error instanceof Error ? error.message : String(error)}`)
      })
    }
    const region = (key: MessageKey) => page.getByRole("region", { name: t(key), exact: true })
    const status = () => page.locator(".integration-status").getByRole("status").first()
    const openSetup = async () => {
      await page.goto(setupPath)
      await page.getByRole("heading", { name: t("integration.title"), level: 1 }).waitFor()
    }
    const waitForText = (scope: Page | Locator, text: string, timeout = 30_000) =>
      scope.getByText(text, { exact: true }).first().waitFor({ timeout })

    beforeAll(async () => {
      context = await browser.newContext({ baseURL: consoleUrl(), locale: language.code })
      await context.addInitScript((code) => localStorage.setItem("crm.locale", code), language.code)
      page = await context.newPage()
      page.on("pageerror", (error) => errors.push(error.stack ?? error.message))
      await page.goto("/sign-in")
      await page.getByLabel(t("signIn.email")).fill("admin@demo.test")
      await page.getByLabel(t("signIn.password")).fill(inject("demoPassword"))
      await page.getByRole("button", { name: t("signIn.submit") }).click()
      await page.getByRole("navigation", { name: t("nav.main") }).waitFor()
    })
    afterAll(async () => {
      await context?.close()
      expect(errors).toEqual([])
      expect(defects).toEqual([])
    })

    it("enables the integration from Setup › Marketplace › Zoho Projects with Get Started", async () => {
      await page
        .getByRole("navigation", { name: t("nav.main") })
        .getByRole("link", { name: t("nav.marketplace") })
        .click()
      await page.getByRole("link", { name: "Zoho Projects" }).click()
      await page.getByRole("heading", { name: t("integration.title"), level: 1 }).waitFor()
      await page.getByRole("button", { name: t("integration.getStarted") }).click()
      await waitForText(page.locator(".integration-status"), t("integration.status.setting_up"))
      await screenshot("enabled")
    })

    it("case 1: connects the admin's own Projects account through OAuth and fills the Portal Name list", async () => {
      const own = region("setup.portal.own")
      await own.getByRole("link", { name: t("setup.portal.connect") }).click()
      // The accounts server's consent page (the mock's), outside the console.
      await page.waitForURL((url) => url.origin === mockUrl())
      await screenshot("oauth-consent")
      await page.getByRole("button", { name: new RegExp(literally(owner)) }).click()
      await page.waitForURL((url) => url.origin === consoleUrl() && url.pathname === setupPath)
      await waitForText(own, t("setup.portal.connected", { email: owner }))
      const portals = own.getByLabel(t("setup.portal.name"))
      await portals.waitFor()
      expect(await portals.locator("option").allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining("zylker-demo")]),
      )
      await screenshot("own-portal-listed")
    })

    it("case 3: creates a new portal by name, offered in the Portal Name list", async () => {
      const create = region("setup.portal.create")
      const name = `walk-${language.code}`
      await create.getByLabel(t("setup.portal.newName")).fill(name)
      await create.getByRole("button", { name: t("common.create") }).click()
      await waitForText(create, t("setup.portal.created", { name }))
      const portals = region("setup.portal.own").getByLabel(t("setup.portal.name"))
      await expect
        .poll(() => portals.locator("option").allTextContents())
        .toContainEqual(expect.stringContaining(name))
      await screenshot("portal-created")
    })

    it("case 2: uses another user's portal with their service key, saves it and follows the import", async () => {
      const other = region("setup.portal.other")
      await other.getByLabel(t("setup.portal.email")).fill(owner)
      await other.getByLabel(t("setup.portal.key")).fill(await ownerKey())
      await other.getByRole("button", { name: t("setup.portal.lookup") }).click()
      const portals = other.getByLabel(t("setup.portal.name"))
      await portals.waitFor()
      await portals.selectOption({
        label: (await portals.locator("option", { hasText: "zylker-demo" }).textContent()) ?? "",
      })
      await other.getByRole("button", { name: t("common.save") }).click()
      const progress = region("setup.import.title")
      await progress.getByText(/\d/).first().waitFor({ timeout: 30_000 })
      await progress.getByRole("list").waitFor({ timeout: 30_000 })
      await waitForText(page.locator(".integration-status"), t("integration.status.active"))
      await screenshot("imported")
    })

    it("Map Now: maps project fields to compatible Deals fields and saves with Done", async () => {
      const step = region("setup.fields.title")
      await step.getByRole("button", { name: t("setup.fields.mapNow") }).click()
      const pick = async (field: string, value: string) =>
        step.getByRole("combobox", { name: t("setup.fields.dealsFor", { field }) }).selectOption(value)
      await pick("Contract value", "amount")
      await pick("Go-live", "closing_date")
      await pick("Reference", "name")
      await pick("Notes", "description")
      await step.getByText(t("setup.fields.onlyInLayout", { layouts: "Internal Layout" })).waitFor()
      await screenshot("map-now")
      await step.getByRole("button", { name: t("setup.fields.done") }).click()
      await waitForText(step, t("setup.fields.saved"))
      await screenshot("fields-mapped")
    })

    it("permissions: ticks the Standard profile's boxes, reviews, saves and shows the user transfer report", async () => {
      const matrix = region("setup.permissions.title")
      await matrix
        .getByRole("button", {
          name: new RegExp(`^(${t("setup.permissions.setup")}|${t("setup.permissions.editConfiguration")})$`),
        })
        .click()
      for (const action of ["tab", "view", "create"] as const) {
        await matrix
          .getByRole("checkbox", {
            name: t("setup.permissions.box", {
              action: t(`setup.permissions.${action}`),
              profile: "Standard",
            }),
          })
          .check()
      }
      await matrix.getByRole("button", { name: t("setup.permissions.preview") }).click()
      await matrix.getByRole("region", { name: t("setup.permissions.preview") }).waitFor()
      await screenshot("permissions-preview")
      await matrix.getByRole("button", { name: t("common.save") }).click()
      await waitForText(matrix, t("setup.permissions.saved"))
      const report = matrix.getByRole("region", { name: t("setup.transfer.report") })
      const added = `^(${literally(t("setup.transfer.transferred"))}|${literally(t("setup.transfer.alreadyPresent"))})$`
      await report
        .getByRole("heading", { name: new RegExp(added) })
        .first()
        .waitFor({ timeout: 30_000 })
      await screenshot("transfer-report")
    })

    if (language.code === "en") {
      it("client mapping: previews, maps matching records with Yes, follows the run and shows its report", async () => {
        const step = region("setup.clients.title")
        await step.getByRole("button", { name: t("setup.clients.yes") }).waitFor()
        await step
          .getByText(/\(\d+\)/)
          .first()
          .waitFor()
        expect(
          await step.getByRole("heading", { name: t("setup.clients.willMap", { count: 0 }) }).count(),
        ).toBe(0)
        await screenshot("client-mapping-preview")
        await step.getByRole("button", { name: t("setup.clients.yes") }).click()
        const report = step.getByRole("region", { name: t("setup.clients.report") })
        await report.waitFor({ timeout: 30_000 })
        // The table shows each mapped client's account.
        await step.getByRole("table").getByRole("link", { name: "Acme Corp" }).waitFor()
        await screenshot("client-mapping-report")
      })
    } else {
      it("client mapping: No, skip takes the question away; a client is then mapped by hand", async () => {
        const step = region("setup.clients.title")
        await step.getByRole("button", { name: t("setup.clients.no") }).click()
        await waitForText(step, t("setup.clients.skipped"))
        expect(await step.getByRole("button", { name: t("setup.clients.yes") }).count()).toBe(0)
        const search = step.getByRole("searchbox", {
          name: t("setup.clients.accountFor", { client: "Globex" }),
        })
        await search.fill("Globex")
        const result = step.getByRole("list", {
          name: t("setup.clients.results", { label: t("setup.clients.accountFor", { client: "Globex" }) }),
        })
        await result.getByRole("button").first().waitFor()
        await screenshot("client-search")
        await result.getByRole("button").first().click()
        await step.getByRole("table").getByRole("link", { name: "Globex" }).waitFor()
        await screenshot("client-mapped-by-hand")
      })
    }

    it("the Projects tab lists the portal's projects and searches them", async () => {
      await page
        .getByRole("navigation", { name: t("nav.main") })
        .getByRole("link", { name: t("nav.projects") })
        .click()
      await page.getByRole("heading", { name: t("projects.title"), level: 1 }).waitFor()
      await page.getByRole("table").getByRole("rowheader").first().waitFor()
      await page.getByLabel(t("projects.searchLabel")).fill("CRM rollout")
      await page.getByLabel(t("projects.searchLabel")).press("Enter")
      await page.waitForURL((url) => url.searchParams.get("q") === "CRM rollout")
      await page.getByRole("table").getByRole("rowheader", { name: "CRM rollout" }).waitFor()
      await screenshot("projects-tab")
    })

    it("New project from a Deal: every field of the layout, pre-filled from the Deal, one custom field of each type", async () => {
      await page.goto("/deals")
      await page.getByRole("table").getByRole("rowheader").first().getByRole("link").click()
      const related = page.getByRole("region", { name: t("projects.related") })
      await related.getByRole("link", { name: t("projects.new") }).click()
      await page.getByRole("heading", { name: t("projects.new"), level: 1 }).waitFor()
      const form = page.locator("form.project-form")
      await form.getByLabel(t("projects.layout")).waitFor()
      expect(await form.getByLabel("Cost center").count()).toBe(0)
      const name = `Walk ${language.code} project`
      await form.getByLabel(t("projects.name")).fill(name)
      expect(await form.getByLabel("Contract value").inputValue()).not.toBe("")
      await form
        .getByText(t("projects.valueFrom", { module: t("module.deals.one"), field: "Amount" }))
        .first()
        .waitFor()
      await form.getByLabel("Tier").selectOption("Gold")
      await form.getByLabel("Seats").fill("12")
      await form.getByLabel("Billable").check()
      await form.getByLabel("Account manager").selectOption({ index: 1 })
      await form.getByLabel(t("projects.owner")).selectOption({ index: 1 })
      await form.getByLabel(t("projects.status")).selectOption("In Progress")
      await form.getByLabel(t("projects.startDate")).fill("2026-12-01")
      await form.getByLabel(t("projects.endDate")).fill("2026-11-01")
      await screenshot("new-project-form")
      await form.getByRole("button", { name: t("common.save") }).click()
      // The portal refuses an end before the start: said at the field.
      await form.locator(".field.invalid").first().waitFor()
      await screenshot("new-project-refused")
      await form.getByLabel(t("projects.endDate")).fill("2027-03-31")
      await form.getByRole("button", { name: t("common.save") }).click()
      await page.getByRole("heading", { name, level: 1 }).waitFor()
      await screenshot("project-page")
    })

    it("the service key regenerated in Projects: the related list says so, the admin updates the key, work resumes", async () => {
      const dealUrl = await (async () => {
        await page.goto("/deals")
        await page.getByRole("table").getByRole("rowheader").first().getByRole("link").click()
        await page.waitForURL(/\/deals\/[0-9a-f-]{36}$/)
        await page.getByRole("region", { name: t("projects.related") }).waitFor()
        return new URL(page.url()).pathname
      })()
      await mock(`/__mock/keys/${encodeURIComponent(owner)}/regenerate`, "POST")
      // The next call to the portal meets the old key: opening the project form reads the portal.
      await page
        .getByRole("region", { name: t("projects.related") })
        .getByRole("link", { name: t("projects.new") })
        .click()
      await page.waitForURL(/\/projects\/new/)
      await page.getByRole("alert").first().waitFor()
      await screenshot("key-refused-on-new-project")
      await openSetup()
      await waitForText(page.locator(".integration-status"), t("integration.status.key_invalid"))
      await page.goto(dealUrl)
      await page.getByRole("heading", { level: 1 }).waitFor()
      // Users read that an administrator must update the key, not a failure.
      const said = page.getByRole("main").getByRole("alert").first()
      await said.waitFor()
      expect(await said.textContent()).toMatch(language.code === "en" ? /service key/i : /clé de service/i)
      expect(await page.getByText(t("error.title")).count()).toBe(0)
      await screenshot("key-invalid-related-list")
      await openSetup()
      const key = region("setup.key.title")
      await key.getByLabel(t("setup.portal.email")).fill(owner)
      await key.getByLabel(t("setup.portal.key")).fill(await ownerKey())
      await key.getByRole("button", { name: t("common.save") }).click()
      await waitForText(page.locator(".integration-status"), t("integration.status.active"))
      await screenshot("key-updated")
      await page.goto(dealUrl)
      await page
        .getByRole("region", { name: t("projects.related") })
        .getByRole("link", { name: `Walk ${language.code} project` })
        .waitFor()
      await screenshot("recovered")
    })

    it("deactivates, then associates another portal, then deactivates again", async () => {
      await openSetup()
      const deactivate = async () => {
        await page
          .locator(".integration-status")
          .getByRole("button", { name: t("setup.deactivate") })
          .click()
        await page
          .getByRole("group", {
            name: new RegExp(
              t("setup.deactivateQuestion")
                .slice(0, 20)
                .replace(/[?.()]/g, "\\$&"),
            ),
          })
          .getByRole("button", { name: t("setup.deactivate") })
          .click()
        await page.getByRole("button", { name: t("integration.getStarted") }).waitFor()
      }
      await deactivate()
      await waitForText(page.locator(".integration-status"), t("integration.status.deactivated"))
      const nav = page.getByRole("navigation", { name: t("nav.main") })
      await expect.poll(() => nav.getByRole("link", { name: t("nav.projects") }).count()).toBe(0)
      await screenshot("deactivated")
      await page.getByRole("button", { name: t("integration.getStarted") }).click()
      const other = region("setup.portal.other")
      await other.getByLabel(t("setup.portal.email")).fill(owner)
      await other.getByLabel(t("setup.portal.key")).fill(await ownerKey())
      await other.getByRole("button", { name: t("setup.portal.lookup") }).click()
      const portals = other.getByLabel(t("setup.portal.name"))
      await portals.waitFor()
      const name = `walk-${language.code}`
      await portals.selectOption({
        label: (await portals.locator("option", { hasText: name }).textContent()) ?? "",
      })
      await other.getByRole("button", { name: t("common.save") }).click()
      await waitForText(page.locator(".integration-status"), t("integration.status.active"))
      await page.locator(".integration-status").getByText(name).waitFor()
      await screenshot("another-portal")
      await deactivate()
      expect(await status().textContent()).toBe(t("integration.status.deactivated"))
    })
  })
}
