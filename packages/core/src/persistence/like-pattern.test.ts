import { describe, expect, it } from "vitest"
import { likePattern } from "./like-pattern.js"

describe("likePattern", () => {
  it("matches the words anywhere and escapes the wildcards typed", () => {
    expect(likePattern("zylker")).toBe("%zylker%")
    expect(likePattern("50%_off\\")).toBe("%50\\%\\_off\\\\%")
  })
})
