import { describe, expect, it } from "vitest"
import { en, type MessageKey } from "./en"
import { fr } from "./fr"
import { translate } from "./index"

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const keys = Object.keys(en) as MessageKey[]

describe("message catalogues", () => {
  it("gives the French strings the same placeholders as the English ones", () => {
    const mismatched = keys.filter((key) => placeholders(en[key]).join() !== placeholders(fr[key]).join())
    expect(mismatched).toEqual([])
  })

  it("has no empty string in either language", () => {
    expect(keys.filter((key) => !en[key].trim() || !fr[key].trim())).toEqual([])
  })

  it("keeps the seed's labels: Get Started is Démarrer in French", () => {
    expect([en["integration.getStarted"], fr["integration.getStarted"]]).toEqual(["Get Started", "Démarrer"])
  })

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate(en, "signIn.throttled", { seconds: 30 })).toBe(
      "Too many failed sign-ins. Try again in 30 seconds.",
    )
    expect(translate(en, "tokens.revoked", {})).toBe("Token {name} revoked.")
  })
})
