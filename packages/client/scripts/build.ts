/**
 * Builds the publishable package into `dist/`: the JavaScript and declarations of `src/`, then
 * `dist/api-types.d.ts` replaced by the API's types printed out in full — the route schema Hono's
 * client reads (paths, methods, inputs, outputs, statuses) and the event types — with no import of
 * the workspace (`@app/api`, `@app/core`, Effect, Drizzle). Run by `pnpm pack` (prepack).
 */
import { rmSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const dist = join(root, "dist")

/** Compiles `src/` to `dist/` (JavaScript and declarations). */
const compile = () => {
  rmSync(dist, { recursive: true, force: true })
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.build.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      },
    },
  )
  if (config === undefined) throw new Error("tsconfig.build.json could not be read")
  // The workspace type-checks `src/` against the API itself (`pnpm typecheck`); here `api-types.ts`
  // is a stand-in, so the program stays inside `src/`, and its declarations are replaced after.
  const host = ts.createCompilerHost(config.options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName.endsWith("/src/api-types.ts")
      ? ts.createSourceFile(
          fileName,
          `export type ApiRoutes = import("hono").Hono\nexport type EventType = string\nexport type OutboundEvent = unknown\n`,
          language,
        )
      : getSourceFile(fileName, language, ...rest)
  const program = ts.createProgram(config.fileNames, config.options, host)
  const emitted = program.emit()
  if (emitted.emitSkipped) throw new Error("nothing was emitted")
}

/** Prints a type as a plain type expression: objects, arrays, tuples, unions, literals, primitives. */
const printer = (checker: ts.TypeChecker) => {
  const seen = new Set<ts.Type>()
  const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name))
  const print = (type: ts.Type, depth: number): string => {
    if (depth > 40) return "unknown"
    const f = type.flags
    if (f & ts.TypeFlags.Any) return "any"
    if (f & ts.TypeFlags.Unknown) return "unknown"
    if (f & ts.TypeFlags.Never) return "never"
    if (f & ts.TypeFlags.Undefined) return "undefined"
    if (f & ts.TypeFlags.Null) return "null"
    if (f & ts.TypeFlags.Void) return "void"
    if (f & ts.TypeFlags.BooleanLiteral) return checker.typeToString(type)
    if (f & ts.TypeFlags.Boolean) return "boolean"
    if (f & ts.TypeFlags.StringLiteral) return JSON.stringify((type as ts.StringLiteralType).value)
    if (f & ts.TypeFlags.NumberLiteral) return String((type as ts.NumberLiteralType).value)
    if (f & ts.TypeFlags.String) return "string"
    if (f & ts.TypeFlags.Number) return "number"
    if (f & ts.TypeFlags.BigInt) return "bigint"
    if (f & ts.TypeFlags.ESSymbolLike) return "symbol"
    if (f & ts.TypeFlags.TemplateLiteral) return "string"
    if (type.isUnion()) {
      const parts = [...new Set(type.types.map((t) => print(t, depth + 1)))]
      return parts.length === 1 ? (parts[0] ?? "never") : `(${parts.join(" | ")})`
    }
    if (type.isIntersection()) return `(${type.types.map((t) => print(t, depth + 1)).join(" & ")})`
    if (f & ts.TypeFlags.NonPrimitive) return "object"
    if (!(f & ts.TypeFlags.Object)) return "unknown"
    if (seen.has(type)) return "unknown"
    seen.add(type)
    try {
      if (checker.isTupleType(type)) {
        const elements = checker.getTypeArguments(type as ts.TypeReference)
        return `readonly [${elements.map((t) => print(t, depth + 1)).join(", ")}]`
      }
      if (checker.isArrayType(type)) {
        const [element] = checker.getTypeArguments(type as ts.TypeReference)
        return `ReadonlyArray<${element === undefined ? "unknown" : print(element, depth + 1)}>`
      }
      if (type.getCallSignatures().length > 0) return "((...args: ReadonlyArray<unknown>) => unknown)"
      const lines: Array<string> = []
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String)
      if (index !== undefined) lines.push(`[key: string]: ${print(index.type, depth + 1)}`)
      for (const property of checker.getPropertiesOfType(type)) {
        const declared = checker.getTypeOfSymbol(property)
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
        const shown = optional ? checker.getNonNullableType(declared) : declared
        lines.push(`${key(property.name)}${optional ? "?" : ""}: ${print(shown, depth + 1)}`)
      }
      return `{ ${lines.join("; ")} }`
    } finally {
      seen.delete(type)
    }
  }
  return (type: ts.Type) => print(type, 0)
}

/** The route schema and event types, resolved by the checker from the workspace's own code. */
const printApiTypes = () => {
  const probe = join(root, "src", "__print-api-types.ts")
  writeFileSync(
    probe,
    `import type { ApiRoutes, EventType, OutboundEvent } from "./api-types.js"
import type { ExtractSchema } from "hono/types"
export type Routes = ExtractSchema<ApiRoutes>
export type Events = EventType
export type Event = OutboundEvent
`,
  )
  try {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    )
    if (config === undefined) throw new Error("tsconfig.json could not be read")
    const program = ts.createProgram([probe], config.options)
    const checker = program.getTypeChecker()
    const source = program.getSourceFile(probe)
    if (source === undefined) throw new Error("probe file missing")
    const module = checker.getSymbolAtLocation(source)
    if (module === undefined) throw new Error("probe module missing")
    const print = printer(checker)
    const typeOf = (name: string) => {
      const symbol = checker.getExportsOfModule(module).find((s) => s.name === name)
      if (symbol === undefined) throw new Error(`${name} missing`)
      return checker.getDeclaredTypeOfSymbol(symbol)
    }
    return `// The CRM ⇄ Projects API's types, printed from the API's own code when this package was built.
import type { Hono } from "hono"

/** Every route of the API: path → method → input, output and status (Hono's client schema). */
export type ApiSchema = ${print(typeOf("Routes"))}

/** The API's routes, as \`hc\` from \`hono/client\` reads them. */
// biome-ignore lint/complexity/noBannedTypes: Hono's default environment
export type ApiRoutes = Hono<{}, ApiSchema, "/">

export type EventType = ${print(typeOf("Events"))}

export type OutboundEvent = ${print(typeOf("Event"))}
`
  } finally {
    rmSync(probe, { force: true })
  }
}

compile()
writeFileSync(join(dist, "api-types.d.ts"), printApiTypes())
writeFileSync(join(dist, "api-types.js"), "export {}\n")
process.stdout.write(`built ${dist}\n`)
