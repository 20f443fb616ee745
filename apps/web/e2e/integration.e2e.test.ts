// The integration in a real browser against the real API and the mock Projects server: Get Started
// (reached through Setup › Marketplace), another user's portal with the mock owner's service key, the
// import, the Projects tab, the permissions matrix, and deactivation. The tests run in order: each starts where the last left off.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest"
import { launchBrowser, newPage, signIn } from "./browser"

let browser: Browser
let context: BrowserContext
let page: Page
let errors: Array<string>

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})
beforeEach(async () => {
  ;({ context, page, errors } = await newPage(browser))
})
afterEach(async () => {
  await context?.close()
  expect(errors).toEqual([])
})

const setupPath = "/setup/marketplace/zoho/projects"
const owner = "owner@projects.demo.test"

async function ownerKey(): Promise<string> {
  const response = await fetch(`${inject("mockUrl")}/__mock/keys/${encodeURIComponent(owner)}`)
  const body = (await response.json()) as { key?: string }
  if (!body.key) throw new Error(`the mock has no service key for ${owner}`)
  return body.key
}

describe("Zoho Projects integration", () => {
  it("reaches the Zoho Projects integration through Setup › Marketplace and gets it started", async () => {
    await signIn(page, "admin@demo.test")
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Marketplace" })
      .click()
    await page.getByRole("link", { name: "Zoho Projects" }).click()
    await page.waitForURL("**/setup/marketplace/zoho/projects")
    await page.getByRole("heading", { name: "Zoho Projects Integration" }).waitFor()
    const status = page.locator(".integration-status").getByRole("status")
    expect(await status.textContent()).toBe("Not enabled")
    await page.getByRole("button", { name: "Get Started" }).click()
    await page.locator(".integration-status").getByText("Setting up", { exact: true }).waitFor()
    expect(await page.getByRole("button", { name: "Get Started" }).count()).toBe(0)
  })

  it("enables, uses another user's portal, imports its projects and shows them in the Projects tab", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto(setupPath)
    const other = page.getByRole("region", { name: "Use another user's portal(s)" })
    await other.getByLabel("Email").fill(owner)
    await other.getByLabel("Service key").fill(await ownerKey())
    await other.getByRole("button", { name: "Find portals" }).click()
    const portalName = other.getByLabel("Portal Name")
    await portalName.waitFor()
    const firstPortal = await portalName.locator("option").nth(1).getAttribute("value")
    expect(firstPortal).toMatch(/^\d+$/)
    await portalName.selectOption(firstPortal ?? "")
    await other.getByRole("button", { name: "Save" }).click()

    await page.getByText(/^Import finished: \d+ projects\.$/).waitFor({ timeout: 30_000 })
    await page.getByRole("status").filter({ hasText: "Active" }).first().waitFor()

    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Projects" })
      .click()
    await page.getByRole("heading", { name: "Projects", level: 1 }).waitFor()
    const names = page.getByRole("table").getByRole("rowheader")
    await names.first().waitFor()
    expect(await names.allTextContents()).toEqual(expect.arrayContaining(["Website redesign", "CRM rollout"]))

    await page.getByLabel("Search projects").fill("CRM rollout")
    await page.getByRole("button", { name: "Search" }).click()
    await page.waitForURL((url) => url.searchParams.get("q") === "CRM rollout")
    await page.getByRole("table").getByRole("rowheader", { name: "CRM rollout" }).waitFor()
    expect(await names.allTextContents()).toEqual(["CRM rollout"])
  })

  it("maps a project field to a compatible Deals field with Map Now and Done", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto(setupPath)
    const step = page.getByRole("region", { name: "Field mapping" })
    await step.getByRole("button", { name: /^(Map Now|Map Fields)$/ }).click()
    const dealsBoxes = step.getByRole("combobox", { name: /^Deals field for / })
    await dealsBoxes.first().waitFor()
    let chosen: { box: string; value: string } | undefined
    for (const box of await dealsBoxes.all()) {
      // The first option is "-None-"; a project field with no compatible Deals field has no other.
      const options = box.locator("option")
      const value = (await options.count()) > 1 ? await options.nth(1).getAttribute("value") : null
      if (value) {
        await box.selectOption(value)
        chosen = { box: (await box.getAttribute("aria-label")) ?? "", value }
        break
      }
    }
    expect(chosen).toBeDefined()
    await step.getByRole("button", { name: "Done" }).click()
    await step.getByText("Field mapping saved.").waitFor()
    const field = chosen?.box.replace(/^Deals field for /, "") ?? ""
    await step.getByRole("rowheader", { name: field }).waitFor()
  })

  it("creates a project from a Deal's related list, then opens and deletes it", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto("/deals")
    await page.getByRole("table").getByRole("rowheader").first().getByRole("link").click()
    const related = page.getByRole("region", { name: "Projects" })
    await related.getByRole("link", { name: "New project" }).click()
    await page.getByRole("heading", { name: "New project", level: 1 }).waitFor()
    await page.getByLabel("Project name").fill("E2E from a deal")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByRole("heading", { name: "E2E from a deal", level: 1 }).waitFor()
    expect(page.url()).toMatch(/\/projects\/[^/]+$/)

    await page.getByRole("button", { name: "Delete" }).click()
    await page
      .getByRole("group", { name: /Delete this project\?/ })
      .getByRole("button", { name: "Delete" })
      .click()
    await page.waitForURL((url) => url.pathname === "/projects")
    await page.getByRole("table").getByRole("rowheader").first().waitFor()
    expect(await page.getByRole("link", { name: "E2E from a deal" }).count()).toBe(0)
  })

  it("saves the permissions matrix after showing its preview", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto(setupPath)
    const matrix = page.getByRole("region", { name: "Permissions for CRM users" })
    await matrix.getByRole("button", { name: /^(Setup|Edit Configuration)$/ }).click()
    const box = matrix.getByRole("checkbox", { name: "View for Standard" })
    const before = await box.isChecked()
    await box.setChecked(!before)
    await matrix.getByRole("button", { name: "Review changes" }).click()
    await matrix.getByRole("region", { name: "Review changes" }).waitFor()
    await matrix.getByRole("button", { name: "Save" }).click()
    await matrix.getByText("Permissions saved.").waitFor()

    await page.reload()
    await page
      .getByRole("region", { name: "Permissions for CRM users" })
      .getByRole("checkbox", { name: "View for Standard" })
      .waitFor()
    expect(
      await page
        .getByRole("region", { name: "Permissions for CRM users" })
        .getByRole("checkbox", { name: "View for Standard" })
        .isChecked(),
    ).toBe(!before)
  })

  it("previews the client mapping and maps matching records", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto(setupPath)
    const step = page.getByRole("region", { name: "Client mapping" })
    await step.getByText(/^Will stay unmapped \(\d+\)$/).waitFor()
    await step.getByRole("button", { name: "Yes, map matching records" }).click()
    await step.getByText("Matching records mapped.").waitFor({ timeout: 30_000 })
    await step.getByRole("region", { name: "Client mapping report" }).waitFor()
    await step.getByRole("table").getByRole("link").first().waitFor()
  })

  it("deactivates after confirmation: the Projects tab disappears and Get Started is offered again", async () => {
    await signIn(page, "admin@demo.test")
    await page.goto(setupPath)
    await page.getByRole("button", { name: "Deactivate" }).click()
    await page
      .getByRole("group", { name: /Deactivate the integration\?/ })
      .getByRole("button", { name: "Deactivate" })
      .click()
    await page.getByRole("button", { name: "Get Started" }).waitFor()
    expect(await page.getByRole("status").filter({ hasText: "Deactivated" }).count()).toBe(1)
    const nav = page.getByRole("navigation", { name: "Main navigation" })
    await expect.poll(() => nav.getByRole("link", { name: "Projects" }).count()).toBe(0)
    await page.getByRole("region", { name: "Audit log" }).getByRole("row").nth(1).waitFor()
  })
})
