// Checks shared by the browser tests.
export { artifactsDir } from "./artifacts"
export { checkPage } from "./check-page"
export { expectFocusWithin } from "./focus"
export type { Locale } from "./untranslated"
