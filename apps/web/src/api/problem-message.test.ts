import { describe, expect, it } from "vitest"
import { en } from "../i18n/en"
import { fr } from "../i18n/fr"
import { translate } from "../i18n/index"
import type { Problem } from "./client"
import { fieldErrorMessage, problemMessage } from "./problem-message"

const inFrench = (key: keyof typeof fr, params?: Readonly<Record<string, string | number>>) =>
  translate(fr, key, params)
const inEnglish = (key: keyof typeof en, params?: Readonly<Record<string, string | number>>) =>
  translate(en, key, params)
const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat("fr", { dateStyle: "medium" }).format(new Date(iso))
const problem = (fields: Partial<Problem> & { status: number }): Problem => ({
  title: "t",
  errors: [],
  ...fields,
})

describe("the API's refusals in the user's language", () => {
  it("says the trial ended on a French date, not the API's English detail", () => {
    const message = problemMessage(
      problem({
        status: 402,
        code: "TrialExpired",
        params: { endedAt: "2026-01-15T00:00:00.000Z" },
        detail: "the 15-day trial of the Projects integration ended at 2026-01-15T00:00:00.000Z",
      }),
      inFrench,
      frenchDate,
    )
    expect(message).toBe(
      "L'essai de 15 jours de l'intégration Projects a pris fin le 15 janv. 2026. Passez à une édition supérieure du CRM pour continuer.",
    )
  })

  it("words a permission refusal by the action it refused", () => {
    const denied = problem({ status: 403, code: "ProjectPermissionDenied", params: { action: "create" } })
    expect(problemMessage(denied, inEnglish, frenchDate)).toBe(
      "Your profile is not allowed to create projects.",
    )
    expect(problemMessage(denied, inFrench, frenchDate)).toBe(
      "Votre profil ne permet pas de créer des projets.",
    )
  })

  it("tells users an administrator must update the service key", () => {
    expect(
      problemMessage(problem({ status: 409, code: "IntegrationKeyInvalid" }), inFrench, frenchDate),
    ).toMatch(/Un administrateur doit mettre à jour la clé de service/)
  })

  it("falls back on the status for a code it does not know, never on the English detail", () => {
    const unknown = problem({ status: 409, code: "SomethingNew", detail: "an English sentence" })
    expect(problemMessage(unknown, inFrench, frenchDate)).toBe(fr["problem.conflict"])
    expect(problemMessage(problem({ status: 503 }), inFrench, frenchDate)).toBe(fr["problem.server"])
    expect(problemMessage(problem({ status: 0 }), inFrench, frenchDate)).toBe(fr["error.network"])
  })

  it("words a field error by its code and parameters", () => {
    expect(
      fieldErrorMessage(
        { field: "name", message: "x", code: "tooLong", params: { max: 255 } },
        inFrench,
        frenchDate,
      ),
    ).toBe("255 caractères au plus.")
    expect(fieldErrorMessage({ field: "x", message: "some English" }, inFrench, frenchDate)).toBe(
      "Cette valeur n'est pas valide.",
    )
  })
})
