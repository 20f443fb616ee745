// Sync runs in a real browser against the real API and the mock: a client renamed in the portal is
// shown by the dry run (CRM vs portal), then Sync now runs a reconcile followed live, and its report
// lists the change field by field; in English and in French, each screen checked and photographed.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { launchBrowser, newPage, signIn } from "./browser"
import { checkPage } from "./support"

const owner = "owner@projects.demo.test"
let browser: Browser
let context: BrowserContext
let page: Page
let errors: Array<string>

/** The API as the demo admin, outside the browser: to put the integration in the state the test needs. */
async function adminApi() {
  const base = `${inject("baseUrl")}/api/v1`
  const session = await fetch(`${base}/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "admin@demo.test", password: inject("demoPassword") }),
  })
  const cookie = (session.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
  const { csrfToken } = (await session.json()) as { csrfToken: string }
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/${path}`, {
      method,
      headers: {
        cookie,
        "X-CSRF-Token": csrfToken,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown }
  }
}

async function mock(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${inject("mockUrl")}${path}`, {
    method,
    headers: {
      "Content-Type": "application/json",
      ...(token ? { authorization: `Zoho-oauthtoken ${token}` } : {}),
    },
    ...(method === "GET" ? {} : { body: JSON.stringify(body ?? {}) }),
  })
  return (await response.json()) as Record<string, unknown>
}

let api: Awaited<ReturnType<typeof adminApi>>
let portalId = ""
let token = ""
let client: { id: string; name: string } = { id: "", name: "" }
const renamed = () => `${client.name} (renamed in the portal)`

beforeAll(async () => {
  browser = await launchBrowser()
  api = await adminApi()
  const state = (await api("GET", "integration")).body as { status: string }
  if (state.status !== "active") {
    if (state.status === "not_enabled" || state.status === "deactivated")
      await api("POST", "integration/enable")
    const key = String((await mock("GET", `/__mock/keys/${encodeURIComponent(owner)}`)).key ?? "")
    portalId = String(((await mock("GET", "/__mock/state")).portals as Array<{ id: string }>)[0]?.id ?? "")
    const saved = await api("PUT", "integration/portal", { portalId, email: owner, key })
    const job = (saved.body as { importJob: { id: string } }).importJob.id
    // The import runs on the API's own job runner; wait for it (bounded) before the test starts.
    for (let tries = 0; tries < 240; tries++) {
      const status = ((await api("GET", `jobs/${job}`)).body as { status: string }).status
      if (status === "succeeded") break
      if (status === "failed" || status === "cancelled") throw new Error(`the import ${status}`)
      await new Promise((next) => setTimeout(next, 250))
    }
  }
  portalId ||= String(((await mock("GET", "/__mock/state")).portals as Array<{ id: string }>)[0]?.id ?? "")
  token = String((await mock("POST", "/__mock/tokens", { email: owner })).access_token ?? "")
  const clients = (await mock("GET", `/api/v3/portal/${portalId}/clients`, undefined, token))
    .clients as Array<{
    id: string
    name: string
  }>
  client = clients[0] ?? client
})

afterAll(async () => {
  // The portal and the integration as the other browser tests expect them.
  if (client.id)
    await mock("PATCH", `/api/v3/portal/${portalId}/clients/${client.id}`, { name: client.name }, token)
  await api?.("POST", "integration/deactivate")
  await browser?.close()
})

describe("sync runs", () => {
  it("shows the dry run's difference, runs Sync now live, and its report field by field", async () => {
    ;({ context, page, errors } = await newPage(browser))
    await signIn(page, "admin@demo.test")
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Sync runs" })
      .click()
    await page.getByRole("heading", { name: "Sync runs", level: 1 }).waitFor()
    const runs = page.getByRole("table", { name: "Sync runs, newest first" })
    await runs.getByRole("cell", { name: "Import", exact: true }).first().waitFor()
    await checkPage(page, { locale: "en", name: "sync-runs-list" })

    await mock("PATCH", `/api/v3/portal/${portalId}/clients/${client.id}`, { name: renamed() }, token)
    await page.getByRole("button", { name: "Dry run (CRM vs portal)" }).click()
    const differences = page.getByRole("table", { name: "Differences between the CRM and the portal" })
    const change = `Name: ${client.name} → ${renamed()}`
    await differences.getByText(change).waitFor({ timeout: 30_000 })
    const row = differences.getByRole("row").filter({ hasText: change })
    expect(await row.getByRole("cell").allTextContents()).toEqual(["Client", "Updated", change])
    await checkPage(page, { locale: "en", name: "sync-runs-dry-run" })

    await page.getByRole("button", { name: "Sync now", exact: true }).click()
    const progress = page.getByRole("region", { name: /^Sync now: run \d+$/ })
    await progress.waitFor()
    const number = ((await progress.getByRole("heading").textContent()) ?? "").replace(/\D+/g, "")
    // The client, and every project and client user that names it, changed.
    await progress
      .getByText(new RegExp(`^Run ${number} finished: 0 created, [1-9]\\d* updated, 0 removed\\.$`))
      .waitFor({ timeout: 30_000 })
    await runs.getByRole("link", { name: `Run ${number}` }).waitFor()
    await checkPage(page, { locale: "en", name: "sync-runs-sync-now" })

    await progress.getByRole("link", { name: `Open the report of run ${number}` }).waitFor()
    // The setup page's sync health names that run as the last sync.
    await page.goto("/setup/marketplace/zoho/projects")
    const health = page.getByRole("region", { name: "Sync health" })
    await health
      .getByRole("link", { name: new RegExp(`^Run ${number} \\(Sync now\\): Finished, `) })
      .waitFor()
    await health
      .getByText("Subscribed; last delivery received on", { exact: false })
      .or(health.getByText("Subscribed; no delivery received yet"))
      .waitFor()
    await checkPage(page, { locale: "en", name: "sync-health" })

    await page.goto("/setup/sync-runs")
    await page.getByRole("link", { name: `Run ${number}`, exact: true }).click()
    await page.getByRole("heading", { name: `Run ${number}`, level: 1 }).waitFor()
    const items = page.getByRole("table", { name: `Items of run ${number}` })
    const item = items.getByRole("row").filter({ hasText: change })
    await item.waitFor()
    expect(await item.getByRole("rowheader").textContent()).toBe(`${renamed()} · ${client.id}`)
    expect(await item.getByRole("cell").allTextContents()).toEqual(
      expect.arrayContaining(["Client", "Updated", change]),
    )
    await page.getByLabel("Outcome").selectOption("removed")
    await page.getByRole("button", { name: "Apply filters" }).click()
    await items.getByText("No item matches.").waitFor()
    await page.getByRole("button", { name: "Clear filters" }).click()
    await item.waitFor()
    await checkPage(page, { locale: "en", name: "sync-run-report" })

    // The project the rename touched: its history says the portal changed its clients in this run.
    const projectRow = items.getByRole("row").filter({ hasText: "Project" }).first()
    const projectsId = ((await projectRow.getByRole("rowheader").textContent()) ?? "").split(" · ")[1] ?? ""
    await page.goto(`/projects/${projectsId}`)
    const history = page.getByRole("table", {
      name: "Each field's value, where it came from and its earlier values",
    })
    const clients = history
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "Clients", exact: true }) })
    await clients.waitFor()
    const [value, origin, earlier] = await clients.getByRole("cell").allTextContents()
    expect(value).toBe(renamed())
    expect(origin).toMatch(new RegExp(`^the portal, in run ${number} on `))
    expect(earlier).toMatch(new RegExp(`^${client.name} \\(the portal, in run \\d+ on .+\\)$`))
    await checkPage(page, { locale: "en", name: "project-history" })

    // Undo the Sync now run: the preview lists what goes back, then the undo is a run of its own.
    await page.goto(`/setup/sync-runs`)
    await page.getByRole("link", { name: `Run ${number}`, exact: true }).click()
    const undo = page.getByRole("region", { name: `Undo run ${number}` })
    await undo.getByRole("button", { name: "Undo this run…" }).click()
    await undo.getByRole("heading", { name: /^Will be put back \(\d+\)$/ }).waitFor()
    await undo.getByText(`${renamed()}: restore name`).waitFor()
    await checkPage(page, { locale: "en", name: "sync-run-undo-preview" })
    await undo.getByRole("button", { name: "Undo the run" }).click()
    await undo
      .getByText(new RegExp(`^Run ${number} undone: [1-9]\\d* put back, 0 not revertible\\.$`))
      .waitFor()
    await undo.getByRole("link", { name: /^Open the undo's report \(run \d+\)$/ }).click()
    await page.getByRole("heading", { name: /^Run \d+$/, level: 1 }).waitFor()
    await page
      .getByRole("table", { name: /^Items of run \d+$/ })
      .getByText(`Name: ${renamed()} → ${client.name}`)
      .waitFor()
    await checkPage(page, { locale: "en", name: "sync-run-undone" })
    await context.close()
    expect(errors).toEqual([])
  })

  it("shows the runs and a run's report in French", async () => {
    ;({ context, page, errors } = await newPage(browser))
    await context.addInitScript(() => localStorage.setItem("crm.locale", "fr"))
    await page.goto("/sign-in")
    await page.getByLabel("Adresse e-mail").fill("admin@demo.test")
    await page.getByLabel("Mot de passe").fill(inject("demoPassword"))
    await page.getByRole("button", { name: "Se connecter" }).click()
    await page
      .getByRole("navigation", { name: "Navigation principale" })
      .getByRole("link", { name: "Synchronisations" })
      .click()
    await page.getByRole("heading", { name: "Synchronisations", level: 1 }).waitFor()
    const runs = page.getByRole("table", { name: "Synchronisations, les plus récentes d'abord" })
    await runs.getByRole("cell", { name: "Synchroniser maintenant", exact: true }).first().waitFor()
    await checkPage(page, { locale: "fr", name: "sync-runs-list" })
    await runs.getByRole("link").first().click()
    await page.getByRole("heading", { name: /^Synchronisation \d+$/, level: 1 }).waitFor()
    await page.getByText("Ce qui a changé").waitFor()
    await page.getByRole("cell", { name: "Modifié", exact: true }).first().waitFor()
    await checkPage(page, { locale: "fr", name: "sync-run-report" })
    await context.close()
    expect(errors).toEqual([])
  })
})
