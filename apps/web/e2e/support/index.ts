// Checks shared by the browser tests.
export { artifactsDir } from "./artifacts"
export { checkPage } from "./check-page"
export type { Locale } from "./untranslated"
