import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { isStorable, storableJsonText, unstorablePaths } from "./storable-text.js"

describe("storable text", () => {
  it("drops U+0000 from portal JSON, escaped or raw, and keeps everything else as sent", () => {
    expect(storableJsonText('[{"name":"Web\\u0000site"}]')).toBe('[{"name":"Website"}]')
    expect(storableJsonText('{"a":"x\u0000y"}')).toBe('{"a":"xy"}')
    expect(storableJsonText('{"a":"\\u0000\\u0000"}')).toBe('{"a":""}')
    const plain = '[{"id":"1","name":"Plain \\"quoted\\" \\\\ name"}]'
    expect(storableJsonText(plain)).toBe(plain)
  })

  it("leaves an escaped backslash followed by u0000 alone: it is text, not an escape", () => {
    const text = '{"path":"C:\\\\u0000dir"}'
    expect(storableJsonText(text)).toBe(text)
    expect(JSON.parse(storableJsonText(text)).path).toBe("C:\\u0000dir")
  })

  it("replaces unpaired surrogates and keeps pairs", () => {
    expect(storableJsonText('{"a":"\\ud800x"}')).toBe('{"a":"\\ufffdx"}')
    expect(storableJsonText('{"a":"x\\udc00"}')).toBe('{"a":"x\\ufffd"}')
    expect(storableJsonText('{"a":"\\ud83d\\ude00"}')).toBe('{"a":"\\ud83d\\ude00"}')
  })

  it("turns any JSON value into text whose strings are all storable", () => {
    FastCheck.assert(
      FastCheck.property(FastCheck.jsonValue(), FastCheck.string({ unit: "binary" }), (value, extra) => {
        const text = JSON.stringify({ value, extra })
        const parsed = JSON.parse(storableJsonText(text))
        expect(unstorablePaths(parsed)).toEqual([])
      }),
    )
  })

  it("names every field of a body holding text the database refuses", () => {
    expect(isStorable("a\u0000")).toBe(false)
    expect(isStorable("\ud800")).toBe(false)
    expect(isStorable("😀")).toBe(true)
    expect(unstorablePaths({ name: "ok", items: [{ title: "x\u0000" }], note: "\udc00" })).toEqual([
      "note",
      "items.0.title",
    ])
    expect(unstorablePaths("\u0000", "search")).toEqual(["search"])
  })
})
