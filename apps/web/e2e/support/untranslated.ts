// Untranslated-string check for browser tests: the text a person sees in one language must not be a
// message of the other language's catalogue (when the two catalogues differ for that message).
// Content inside an element with translate="no" (names people typed, record values) is not checked.
import type { Page } from "playwright-core"
import { en, type MessageKey } from "../../src/i18n/en"
import { fr } from "../../src/i18n/fr"

export type Locale = "en" | "fr"

const catalogues = { en, fr } as const
const keys = Object.keys(en) as Array<MessageKey>

export interface Untranslated {
  /** What the page shows. */
  readonly text: string
  /** The message of the other language it is. */
  readonly key: MessageKey
  /** Where: the element's tag, id, role or label. */
  readonly where: string
}

interface Pattern {
  readonly key: MessageKey
  readonly test: (text: string) => boolean
}

const normalize = (text: string) => text.replace(/\s+/g, " ").trim()
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * The other language's messages that differ from this one's, as matchers. A message with
 * placeholders matches any filling; one with fewer than four letters outside its placeholders is too
 * short to tell apart from data ("{count}", "{name} ({email})") and is left out, as is any text that
 * is also a message of the shown language ("Contacts" in both).
 */
function foreignPatterns(shown: Locale): Array<Pattern> {
  const own = catalogues[shown]
  const other = catalogues[shown === "en" ? "fr" : "en"]
  const ownValues = new Set(keys.map((key) => normalize(own[key])))
  // A bare message key on screen is a message nobody looked up.
  const patterns: Array<Pattern> = keys.map((key) => ({ key, test: (candidate) => candidate === key }))
  for (const key of keys) {
    const text = normalize(other[key])
    if (text === normalize(own[key]) || ownValues.has(text)) continue
    const literal = text.replace(/\{\w+\}/g, "")
    if ((literal.match(/\p{L}/gu) ?? []).length < 4) continue
    if (literal === text) {
      patterns.push({ key, test: (candidate) => candidate === text })
    } else {
      const source = text
        .split(/\{\w+\}/)
        .map(escapeRegExp)
        .join(".+?")
      const regex = new RegExp(`^${source}$`, "su")
      patterns.push({ key, test: (candidate) => regex.test(candidate) })
    }
  }
  return patterns
}

/**
 * The texts the page shows: each element's own text (its direct text nodes joined), and the
 * attributes a person reads or hears (aria-label, placeholder, title, alt, a button input's value).
 */
async function shownTexts(page: Page, root: string): Promise<Array<{ text: string; where: string }>> {
  return page.evaluate((rootSelector) => {
    const found: Array<{ text: string; where: string }> = []
    const start = document.querySelector(rootSelector)
    if (!start) return found
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : ""
      const role = element.getAttribute("role")
      return `${element.tagName.toLowerCase()}${id}${role ? `[role=${role}]` : ""}`
    }
    const visit = (element: Element) => {
      if (element.closest("[translate='no']")) return
      if (element instanceof HTMLScriptElement || element instanceof HTMLStyleElement) return
      const own = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent ?? "")
        .join("")
      if (own.trim()) found.push({ text: own, where: describe(element) })
      for (const name of ["aria-label", "placeholder", "title", "alt"]) {
        const value = element.getAttribute(name)
        if (value?.trim()) found.push({ text: value, where: `${describe(element)}@${name}` })
      }
      if (element instanceof HTMLInputElement && ["submit", "button", "reset"].includes(element.type)) {
        found.push({ text: element.value, where: `${describe(element)}@value` })
      }
      for (const child of element.children) visit(child)
    }
    visit(start)
    return found
  }, root)
}

/** Every text on the page (or under `root`) that is a message of the other language or a message key. */
export async function untranslatedTexts(
  page: Page,
  shown: Locale,
  root = "body",
): Promise<Array<Untranslated>> {
  const patterns = foreignPatterns(shown)
  const found: Array<Untranslated> = []
  for (const { text, where } of await shownTexts(page, root)) {
    const candidate = text.replace(/\s+/g, " ").trim()
    const match = patterns.find((pattern) => pattern.test(candidate))
    if (match) found.push({ text: candidate, key: match.key, where })
  }
  return found
}

/** Throws, listing them, when the page shows messages of the other language. */
export async function expectTranslated(page: Page, shown: Locale, root = "body"): Promise<void> {
  const found = await untranslatedTexts(page, shown, root)
  if (found.length === 0) return
  const lines = found.map((item) => `- "${item.text}" (${item.key}) at ${item.where}`)
  throw new Error(
    `${new URL(page.url()).pathname} shown in ${shown} has text of the other language:\n${lines.join("\n")}`,
  )
}
