import { describe, expect, it } from "vitest"
import { demoEmulator, failure } from "../../test/emulator.js"

const client = { client_id: "crm", client_secret: "s" }

describe("OAuth accounts server", () => {
  it("exchanges a code once for an access and refresh token, then refreshes", () => {
    const emu = demoEmulator()
    const req = emu.beginAuthorization({
      client_id: "crm",
      response_type: "code",
      redirect_uri: "https://crm.test/cb",
      scope: "ZohoProjects.projects.ALL",
      access_type: "offline",
    })
    const code = emu.approveAuthorization(req, "owner@projects.demo.test")
    const grant = { ...client, grant_type: "authorization_code", code, redirect_uri: "https://crm.test/cb" }
    const answer = emu.token(grant, "https://api.test")
    expect(answer).toMatchObject({ api_domain: "https://api.test", expires_in: 3600 })
    expect(emu.token(grant, "")).toEqual({ error: "invalid_code" })
    const refreshed = emu.token(
      { ...client, grant_type: "refresh_token", refresh_token: String(answer.refresh_token) },
      "",
    )
    expect(typeof refreshed.access_token).toBe("string")
  })

  it("answers the errors the real token endpoint answers", () => {
    const emu = demoEmulator()
    expect(emu.token({ grant_type: "authorization_code" }, "")).toEqual({ error: "invalid_client" })
    expect(emu.token({ ...client, grant_type: "password" }, "")).toEqual({ error: "unsupported_grant_type" })
    expect(failure(() => emu.beginAuthorization({ client_id: "c", response_type: "token" })).field).toBe(
      "response_type",
    )
  })

  it("revokes a refresh token with the access tokens it minted", () => {
    const emu = demoEmulator()
    const t = emu.issueToken({ email: "owner@projects.demo.test", refresh: true }, "")
    emu.revokeToken(String(t.refresh_token))
    expect(
      failure(() => emu.authenticate({ authorization: `Zoho-oauthtoken ${String(t.access_token)}` })).status,
    ).toBe(401)
  })

  it("tells who the token belongs to only with the profile scope", () => {
    const emu = demoEmulator()
    const t = String(emu.issueToken({ email: "owner@projects.demo.test" }, "").access_token)
    expect(emu.userInfo({ authorization: `Zoho-oauthtoken ${t}` })).toMatchObject({ First_Name: "Olivia" })
    const narrow = emu.issueToken(
      { email: "owner@projects.demo.test", scopes: "ZohoProjects.projects.READ" },
      "",
    )
    expect(
      failure(() => emu.userInfo({ authorization: `Zoho-oauthtoken ${String(narrow.access_token)}` })).title,
    ).toBe("INVALID_OAUTHSCOPE")
  })
})
