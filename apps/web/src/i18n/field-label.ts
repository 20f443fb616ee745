// The label a person reads for a CRM field: a standard field's in the chosen language, a custom
// field's as its administrator typed it.
import { en, type MessageKey } from "./en"

type Translate = (key: MessageKey) => string

export function fieldLabel(
  field: {
    readonly module: string
    readonly apiName: string
    readonly label: string
    readonly custom: boolean
  },
  t: Translate,
): string {
  const key = `field.${field.module}.${field.apiName}`
  return !field.custom && Object.hasOwn(en, key) ? t(key as MessageKey) : field.label
}
