/**
 * Text PostgreSQL refuses: U+0000 in `text` and `jsonb` (22021, 22P05) and unpaired UTF-16 surrogates
 * in `jsonb` (`\ud800` alone). One such character in a portal's project name once stopped every
 * later sync, so text from the portal is cleaned where it enters, and text from users is refused
 * with the field named.
 */

const SUSPECT = /\\u(?:0000|[dD][89a-fA-F])/

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff

/** The code of the `\uXXXX` escape at `i` (the backslash), or -1. */
const escapeAt = (text: string, i: number) => {
  if (text[i] !== "\\" || text[i + 1] !== "u") return -1
  const hex = text.slice(i + 2, i + 6)
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1
}

/**
 * JSON text made storable without parsing it: `\u0000` escapes and raw NUL characters dropped,
 * unpaired surrogate escapes replaced by U+FFFD. Text without any of them comes back as is.
 */
export const storableJsonText = (text: string): string => {
  if (!SUSPECT.test(text) && !text.includes("\u0000")) return text
  let out = ""
  let from = 0
  let i = 0
  while (i < text.length) {
    const char = text[i]
    if (char === "\u0000") {
      out += text.slice(from, i)
      from = i = i + 1
      continue
    }
    if (char !== "\\") {
      i++
      continue
    }
    const code = escapeAt(text, i)
    if (code < 0) {
      // `\\`, `\"`, `\n`…: the escaped character is never the start of another escape.
      i += 2
      continue
    }
    const paired =
      (isHigh(code) && isLow(escapeAt(text, i + 6))) || (isLow(code) && isHigh(escapeAt(text, i - 6)))
    if (code === 0 || ((isHigh(code) || isLow(code)) && !paired)) {
      out += text.slice(from, i) + (code === 0 ? "" : "\\ufffd")
      from = i + 6
    }
    i += 6
  }
  return out + text.slice(from)
}

/** Whether a string holds a character PostgreSQL refuses (U+0000 or an unpaired surrogate). */
export const isStorable = (value: string): boolean => {
  if (value.includes("\u0000")) return false
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (isHigh(code)) {
      if (!isLow(value.charCodeAt(i + 1))) return false
      i++
    } else if (isLow(code)) return false
  }
  return true
}

/**
 * Dotted paths of every string (or object key) in a decoded JSON value that PostgreSQL would refuse;
 * `root` names the value itself. Walks without recursion: bodies may be deeply nested.
 */
export const unstorablePaths = (value: unknown, root = "body"): ReadonlyArray<string> => {
  const found: string[] = []
  const stack: Array<{ value: unknown; path: ReadonlyArray<string> }> = [{ value, path: [] }]
  const name = (path: ReadonlyArray<string>) => (path.length === 0 ? root : path.join("."))
  while (stack.length > 0 && found.length < 20) {
    const item = stack.pop()
    if (item === undefined) break
    if (typeof item.value === "string") {
      if (!isStorable(item.value)) found.push(name(item.path))
    } else if (Array.isArray(item.value)) {
      item.value.forEach((v, i) => {
        stack.push({ value: v, path: [...item.path, String(i)] })
      })
    } else if (typeof item.value === "object" && item.value !== null) {
      for (const [key, v] of Object.entries(item.value)) {
        if (!isStorable(key)) found.push(name(item.path))
        stack.push({ value: v, path: [...item.path, key] })
      }
    }
  }
  return found
}
