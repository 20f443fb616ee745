// One call per screen of a browser test: a screenshot to look at, then no serious accessibility
// violation and no text of the other language.
import type { Page } from "playwright-core"
import { screenshot } from "./artifacts"
import { type AxeOptions, expectAccessible } from "./axe"
import { expectTranslated, type Locale } from "./untranslated"

export interface CheckPageOptions extends AxeOptions {
  /** The language the page is shown in. */
  readonly locale: Locale
  /** File name of the screenshot (without extension); the language is appended. */
  readonly name: string
}

export async function checkPage(page: Page, options: CheckPageOptions): Promise<void> {
  await screenshot(page, `${options.name}.${options.locale}`)
  await expectAccessible(page, options)
  await expectTranslated(page, options.locale)
}
