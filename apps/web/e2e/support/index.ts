// Checks shared by the browser tests.
export { artifactsDir, screenshot } from "./artifacts"
export { type AxeOptions, type AxeViolation, expectAccessible, seriousAxeViolations } from "./axe"
export { type CheckPageOptions, checkPage } from "./check-page"
export { expectFocusWithin } from "./focus"
export { expectTranslated, type Locale, type Untranslated, untranslatedTexts } from "./untranslated"
