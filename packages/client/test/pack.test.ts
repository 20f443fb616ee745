/**
 * The package installs outside the workspace: `pnpm pack` builds it (its route and event types printed
 * out, no workspace import), and a consumer project in a temporary folder installs the tarball with
 * pnpm, offline (Hono, its one dependency, linked from this machine's copy rather than fetched), then
 * type-checks calls against it — including two wrong calls that must be refused, so types that had
 * decayed to `any` would fail the check.
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, expect, it } from "vitest"

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(join(packageDir, "package.json"))
const work = mkdtempSync(join(tmpdir(), "crm-client-pack-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const run = (command: string, args: ReadonlyArray<string>, cwd: string) => {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: "pipe" })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(" ")} failed:\n${failed.stdout ?? ""}${failed.stderr ?? ""}`)
  }
}

const consumer = `import { ApiError, createClient, ok, type OutboundEvent, verifyEventSignature } from "@app/client"

const client = createClient({ baseUrl: "http://127.0.0.1:1", token: "crm_example" })

export async function projectNames(): Promise<string[]> {
  const page = await ok(await client.projects.$get({ query: { limit: "10" } }))
  return page.items.map((project) => project.name)
}

export async function createProject(name: string): Promise<string> {
  const created = await ok(await client.projects.$post({ json: { values: { name } } }))
  return created.id
}

// @ts-expect-error no such route
client.noSuchRoute

// @ts-expect-error an account's values are an object
export const wrong = () => client.accounts.$post({ json: { values: 42 } })

export const isRefusal = (error: unknown) => error instanceof ApiError && error.problem.status === 422
export const verify = (body: string, header: string) => verifyEventSignature({ secret: "whsec_x", header, body })
export const eventType = (event: OutboundEvent): string => event.type
`

it("packs into a tarball that a project outside the workspace installs and type-checks against", {
  timeout: 240_000,
}, () => {
  const packs = join(work, "packs")
  run("pnpm", ["pack", "--pack-destination", packs], packageDir)
  const [tarball] = readdirSync(packs).filter((name) => name.endsWith(".tgz"))
  if (tarball === undefined) throw new Error("pnpm pack made no tarball")

  const project = join(work, "consumer")
  run("mkdir", ["-p", project], work)
  const hono = realpathSync(join(packageDir, "node_modules/hono"))
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { "@app/client": `file:${join(packs, tarball)}` },
      pnpm: { overrides: { hono: `link:${hono}` } },
    }),
  )
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023", "DOM"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noEmit: true,
        types: [],
      },
      include: ["index.ts"],
    }),
  )
  writeFileSync(join(project, "index.ts"), consumer)
  run("pnpm", ["install", "--offline", "--ignore-workspace"], project)

  const installed = join(project, "node_modules/@app/client")
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
    exports: Record<string, { types: string }>
    dependencies: Record<string, string>
  }
  expect(manifest.exports["."]?.types).toBe("./dist/index.d.ts")
  expect(Object.keys(manifest.dependencies)).toEqual(["hono"])
  // Nothing of the workspace (nor its libraries) is referenced by what was installed.
  for (const file of readdirSync(join(installed, "dist"))) {
    const text = readFileSync(join(installed, "dist", file), "utf8")
    expect(text, file).not.toMatch(/@app\/(api|core)|from "effect|drizzle-orm|\/src\//)
  }
  const tsc = join(dirname(require.resolve("typescript/package.json")), "bin/tsc")
  run(process.execPath, [tsc, "-p", project], project)
})
