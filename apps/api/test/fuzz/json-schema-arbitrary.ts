/**
 * Request bodies for the fuzzer from the OpenAPI document's JSON Schemas: mostly well-formed (so
 * requests get past decoding and reach the services), mixed with wrong types, missing fields and
 * values no schema allows.
 */
import fc from "fast-check"

type JsonSchema = Readonly<Record<string, unknown>>

export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "x".repeat(5000),
  "' or 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "😀".repeat(50),
  "\ud800",
  "null",
  "-1",
  "1e309",
  "00000000-0000-0000-0000-000000000000",
]

export const hostileString = fc.constantFrom(...HOSTILE_STRINGS)

const resolve = (schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>): JsonSchema => {
  const ref = schema.$ref
  if (typeof ref !== "string") return schema
  return components[ref.replace("#/components/schemas/", "")] ?? {}
}

const wellFormed = (
  raw: JsonSchema,
  components: Readonly<Record<string, JsonSchema>>,
  depth: number,
): fc.Arbitrary<unknown> => {
  const schema = resolve(raw, components)
  if (depth > 5) return fc.constant(null)
  const alternatives = (schema.anyOf ?? schema.oneOf) as ReadonlyArray<JsonSchema> | undefined
  if (alternatives && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((s) => wellFormed(s, components, depth + 1)))
  }
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum)
  if ("const" in schema) return fc.constant(schema.const)
  switch (schema.type) {
    case "string": {
      if (schema.format === "email") return fc.emailAddress()
      if (schema.format === "uuid") return fc.uuid()
      if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
      const minLength = typeof schema.minLength === "number" ? schema.minLength : 0
      const maxLength = Math.max(
        minLength,
        Math.min(typeof schema.maxLength === "number" ? schema.maxLength : 40, 40),
      )
      return fc.oneof(fc.string({ minLength, maxLength }), hostileString)
    }
    case "integer":
      return fc.integer({
        min: typeof schema.minimum === "number" ? schema.minimum : -1000,
        max: typeof schema.maximum === "number" ? schema.maximum : 100_000,
      })
    case "number":
      return fc.double({ noNaN: true, min: -1e6, max: 1e6 })
    case "boolean":
      return fc.boolean()
    case "null":
      return fc.constant(null)
    case "array":
      return fc.array(wellFormed((schema.items as JsonSchema) ?? {}, components, depth + 1), { maxLength: 4 })
    case "object": {
      const properties = (schema.properties ?? {}) as Readonly<Record<string, JsonSchema>>
      const required = (schema.required ?? []) as ReadonlyArray<string>
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, s]) => [name, wellFormed(s, components, depth + 1)]),
      )
      return fc.record(model, { requiredKeys: required.filter((name) => name in model) })
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** A body for `schema`: well-formed half the time, otherwise any JSON, a wrong shape or a hostile value. */
export const bodyFor = (schema: JsonSchema | undefined, components: Readonly<Record<string, JsonSchema>>) =>
  fc.oneof(
    { weight: 5, arbitrary: schema ? wellFormed(schema, components, 0) : fc.jsonValue({ maxDepth: 3 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), hostileString, { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], "text", 42, null, { a: { b: { c: [[[]]] } } }) },
  )
