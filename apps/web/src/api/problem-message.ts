// The API's refusals in the user's language: problem+json `code` (with one of its parameters where
// the wording depends on it) and field-error codes looked up in the catalogue; the API's English
// `detail` and field messages are never shown.
import type { MessageKey } from "../i18n/en"
import { en } from "../i18n/en"
import type { FieldError, Problem, ProblemParams } from "./client"

type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string
type FormatDate = (iso: string) => string

const isKey = (key: string): key is MessageKey => Object.hasOwn(en, key)
const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/

/** Parameters as shown: dates in the user's locale, the rest as sent. */
function shownParams(
  params: ProblemParams | undefined,
  formatDate: FormatDate,
): Record<string, string | number> {
  return Object.fromEntries(
    Object.entries(params ?? {}).map(([name, value]) => [
      name,
      typeof value === "string" && isoDate.test(value)
        ? formatDate(value)
        : typeof value === "boolean"
          ? String(value)
          : value,
    ]),
  )
}

/** The catalogue key for a problem: `problem.<code>.<value of a parameter>` first, then `problem.<code>`. */
export function problemKey(problem: Pick<Problem, "code" | "params" | "status">): MessageKey {
  if (problem.code) {
    for (const value of Object.values(problem.params ?? {})) {
      const specific = `problem.${problem.code}.${String(value)}`
      if (isKey(specific)) return specific
    }
    const general = `problem.${problem.code}`
    if (isKey(general)) return general
  }
  if (problem.status === 0) return "error.network"
  if (problem.status === 403) return "error.forbidden"
  if (problem.status === 404) return "error.notFound"
  if (problem.status === 409) return "problem.conflict"
  return problem.status >= 500 ? "problem.server" : "problem.generic"
}

export function problemMessage(problem: Problem, t: Translate, formatDate: FormatDate): string {
  return t(problemKey(problem), shownParams(problem.params, formatDate))
}

/**
 * One field's error in words: its code's field message, else the problem of that code (a refusal
 * about one field, such as a refused service key), else "This value is not valid.".
 */
export function fieldErrorMessage(error: FieldError, t: Translate, formatDate: FormatDate): string {
  const key = [`fieldError.${error.code}`, `problem.${error.code}`].find(isKey) ?? "fieldError.invalid"
  return t(key, shownParams(error.params, formatDate))
}
