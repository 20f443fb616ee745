import { describe, expect, it } from "vitest"
import { headerText, makeSecretScanner } from "./secret-scan.js"

describe("the secret scan of the API suites", () => {
  it("finds a secret sent earlier (bearer token, cookie, password or key field) wherever it comes back", () => {
    const scanner = makeSecretScanner()
    scanner.rememberRequest(
      new Headers({ Authorization: "Bearer crm_token_abcdefgh123", Cookie: "crm_session=session-value-42" }),
      JSON.stringify({
        email: "a@b.test",
        password: "hunter2-but-longer",
        nested: { key: "0123456789abcdef" },
      }),
    )
    scanner.scan("clean body", '{"ok":true}')
    expect(scanner.hits).toEqual([])
    scanner.scan("body", '{"echo":"hunter2-but-longer"}')
    scanner.scan("log", "refused key 0123456789abcdef")
    scanner.scan("headers", headerText(new Headers({ "x-debug": "crm_token_abcdefgh123" })))
    scanner.scan("cookie echo", "session-value-42")
    expect(scanner.hits.map((h) => h.where)).toEqual(["body", "log", "headers", "cookie echo"])
    expect(JSON.stringify(scanner.hits)).not.toContain("hunter2-but-longer")
    expect(scanner.scanned()).toBe(5)
  })

  it("ignores values too short to be secrets and the session cookie a sign-in sets", () => {
    const scanner = makeSecretScanner()
    scanner.rememberRequest(new Headers(), { password: "x" })
    scanner.scan("body", "x marks the spot")
    expect(headerText(new Headers({ "set-cookie": "crm_session=abc", "content-type": "text/plain" }))).toBe(
      "content-type: text/plain",
    )
    expect(scanner.hits).toEqual([])
    expect(scanner.secrets()).toBe(0)
  })

  it("forgets values declared public test data, and a value the request put in its own URL", () => {
    const scanner = makeSecretScanner()
    scanner.ignore(["' or 1=1 --"])
    scanner.rememberRequest(new Headers(), { password: "' or 1=1 --", key: "k3y-from-the-url" })
    scanner.scan("other answer", "name: ' or 1=1 --")
    scanner.scan("own answer", "no item k3y-from-the-url", "/api/v1/items?search=k3y-from-the-url")
    scanner.scan("own answer, form-encoded", "k3y-from-the-url", "/api/v1/items?q=k3y-from-the-url+x")
    expect(scanner.hits).toEqual([])
    scanner.scan("another answer", "k3y-from-the-url")
    expect(scanner.hits.map((h) => h.where)).toEqual(["another answer"])
  })
})
