// The labels a person reads for CRM fields and profiles: standard ones in the chosen language, custom
// ones as their administrator typed them.
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

/** A profile's name: a built-in profile's in the chosen language, others as their admin named them. */
export function profileLabel(
  profile: { readonly name: string; readonly builtIn: boolean },
  t: Translate,
): string {
  const key = `profile.builtIn.${profile.name}`
  return profile.builtIn && Object.hasOwn(en, key) ? t(key as MessageKey) : profile.name
}
