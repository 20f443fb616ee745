// The shared checks themselves: each fails on what it is meant to catch and passes on a clean page.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { en } from "../../src/i18n/en"
import { fr } from "../../src/i18n/fr"
import { launchBrowser, newPage } from "../browser"
import { expectAccessible, seriousAxeViolations } from "./axe"
import { expectTranslated, untranslatedTexts } from "./untranslated"

let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})
beforeEach(async () => {
  ;({ context, page } = await newPage(browser))
})
afterEach(async () => {
  await context?.close()
})

const shell = (lang: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><title>t</title></head><body><main>${body}</main></body></html>`

describe("accessibility check", () => {
  it("fails on a button without a name and an image without alternative text", async () => {
    await page.setContent(shell("en", `<h1>Deals</h1><button><svg></svg></button><img src="data:,">`))
    const ids = (await seriousAxeViolations(page)).map((violation) => violation.id).sort()
    expect(ids).toEqual(["button-name", "image-alt"])
    await expect(expectAccessible(page)).rejects.toThrow(/button-name/)
  })

  it("passes a page with a labelled form", async () => {
    await page.setContent(
      shell("en", `<h1>Sign in</h1><label for="e">Email</label><input id="e"><button>Sign in</button>`),
    )
    await expectAccessible(page)
  })
})

describe("untranslated-string check", () => {
  it("finds an English message on a French page, in text and in a label", async () => {
    await page.setContent(
      shell(
        "fr",
        `<h1>${fr["nav.deals"]}</h1><p>${en["error.forbidden"]}</p><input aria-label="${en["signIn.password"]}">`,
      ),
    )
    const found = await untranslatedTexts(page, "fr")
    expect(found.map((item) => item.key)).toEqual(["error.forbidden", "signIn.password"])
    await expect(expectTranslated(page, "fr")).rejects.toThrow(/error\.forbidden/)
  })

  it("finds a French message on an English page, placeholders filled", async () => {
    await page.setContent(shell("en", `<p>${fr["signIn.throttled"].replace("{seconds}", "30")}</p>`))
    expect((await untranslatedTexts(page, "en")).map((item) => item.key)).toEqual(["signIn.throttled"])
  })

  it("finds a message key shown instead of its message", async () => {
    await page.setContent(shell("en", `<p>error.forbidden</p>`))
    expect((await untranslatedTexts(page, "en")).map((item) => item.key)).toEqual(["error.forbidden"])
  })

  it("accepts words both languages share and data marked translate=no", async () => {
    await page.setContent(
      shell("fr", `<h1>${fr["nav.contacts"]}</h1><p translate="no">${en["error.forbidden"]}</p>`),
    )
    await expectTranslated(page, "fr")
  })
})
