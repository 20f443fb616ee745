import { describe, expect, it } from "vitest"
import { failure } from "../../test/emulator.js"
import { BusinessEvent, decodeInput, FaultInput, TokenInput } from "./control-api.js"

describe("control API inputs", () => {
  it("names the field a control body gets wrong", () => {
    expect(failure(() => decodeInput(FaultInput)({ kind: "flood" })).field).toBe("kind")
    expect(failure(() => decodeInput(FaultInput)({ kind: "status", status: 700 })).field).toBe("status")
    expect(failure(() => decodeInput(TokenInput)({})).title).toBe("MANDATORY_FIELD_MISSING")
    expect(failure(() => decodeInput(TokenInput)({ email: "not-an-email" })).field).toBe("email")
  })

  it("tells business events apart by type and names a missing field", () => {
    const decode = decodeInput(BusinessEvent)
    expect(decode({ type: "webhooks.duplicate" })).toEqual({ type: "webhooks.duplicate" })
    expect(failure(() => decode({ type: "portal.ownership_changed", portal_id: "1" })).field).toBe("email")
    expect(failure(() => decode({ type: "meteor.strike" })).field).toBe("type")
  })

  it("refuses a body that is not an object", () => {
    expect(failure(() => decodeInput(FaultInput)([1])).title).toBe("INVALID_REQUEST_BODY")
  })
})
