// Starts what the browser tests drive: builds the console, then runs the real API (`tsx
// apps/api/src/main.ts`) on a free port with a fresh data directory, and waits for /readyz. The browser
// reaches the API, and the API the mock portal, through recording proxies: every secret in play and
// every response the browser receives and every line the API logs are searched, and a secret found
// fails the run (the browser test files also assert it, see `expectNoSecretLeaked`).
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { startMockProjects } from "@app/mock-projects"
import { build } from "vite"
import type { TestProject } from "vitest/node"
import { makeSecretScan, type SecretScanReport, startRecordingProxy } from "./support/secret-proxy"

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string
    demoPassword: string
    mockUrl: string
  }
}

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const repoDir = resolve(webDir, "../..")
const require = createRequire(import.meta.url)

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once("error", fail)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address ? address.port : 0
      server.close(() => done(port))
    })
  })
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output()}`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((next) => setTimeout(next, 250))
  }
  throw new Error(`the API was not ready within 120 s:\n${output()}`)
}

interface PgClient {
  connect(): Promise<void>
  query(text: string): Promise<unknown>
  end(): Promise<void>
}

/**
 * With DATABASE_URL, the API runs in a fresh schema of that server (dropped afterwards), so the demo
 * seed and its password are this run's and other test runs on the server are left alone. `pg` is
 * borrowed from @app/core, which owns the database dependency.
 */
async function isolatedDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const requireFromCore = createRequire(join(repoDir, "packages/core/package.json"))
  const pg = requireFromCore("pg") as { Client: new (options: { connectionString: string }) => PgClient }
  const schema = `e2e_${randomBytes(6).toString("hex")}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const scoped = new URL(url)
  scoped.searchParams.set("options", `-c search_path=${schema}`)
  return {
    url: scoped.toString(),
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

/** The service keys of the demo portal's users, known to the test before any is typed. */
async function portalKeys(mockUrl: string): Promise<Array<string>> {
  const state = (await (await fetch(`${mockUrl}/__mock/state?users=all`)).json()) as {
    users: Array<{ email: string; portals: Array<{ role: string; is_owner: boolean }> }>
  }
  const keys: Array<string> = []
  for (const user of state.users) {
    if (!user.portals.some((p) => p.is_owner || /admin/i.test(p.role))) continue
    const answer = await fetch(`${mockUrl}/__mock/keys/${encodeURIComponent(user.email)}`)
    if (answer.ok) keys.push(String(((await answer.json()) as { key?: string }).key ?? ""))
  }
  return keys
}

export default async function setup(project: TestProject) {
  // The browser tests the console as built; E2E_SKIP_BUILD=1 reuses an existing dist/.
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(join(webDir, "dist/index.html"))) {
    await build({ root: webDir, configFile: join(webDir, "vite.config.ts"), logLevel: "warn" })
  }
  const port = await freePort()
  // The Projects side of the integration: the mock with its demo portal, reached by the API over HTTP.
  const mock = await startMockProjects({ port: 0, demo: true })
  const scan = makeSecretScan()
  const portal = await startRecordingProxy({ target: mock.url, scan, mode: "learn" })
  const dataDir = mkdtempSync(join(tmpdir(), "crm-e2e-"))
  const demoPassword = `e2e-${randomBytes(9).toString("base64url")}`
  const appSecret = randomBytes(32).toString("base64url")
  const clientSecret = `e2e-client-${randomBytes(12).toString("base64url")}`
  for (const secret of [demoPassword, appSecret, clientSecret]) scan.remember(secret)
  for (const key of await portalKeys(mock.url)) scan.remember(key)
  const database = process.env.DATABASE_URL ? await isolatedDatabase(process.env.DATABASE_URL) : undefined
  const tsx = require.resolve("tsx/cli")
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    MOCK_PROJECTS_PORT: "0",
    PROJECTS_API_URL: portal.url,
    PROJECTS_ACCOUNTS_URL: portal.url,
    PROJECTS_CLIENT_SECRET: clientSecret,
    APP_SECRET: appSecret,
    DEMO_PASSWORD: demoPassword,
    LOG_LEVEL: "debug",
    ...(database ? { DATABASE_URL: database.url } : {}),
  }
  let output = ""
  let logLine = ""
  let logLines = 0
  const api = spawn(process.execPath, [tsx, "apps/api/src/main.ts"], {
    cwd: repoDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
    const lines = (logLine + chunk.toString()).split("\n")
    logLine = lines.pop() ?? ""
    for (const line of lines) scan.keep(`API log line ${++logLines}`, line)
  }
  api.stdout?.on("data", keep)
  api.stderr?.on("data", keep)
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForReady(`${baseUrl}/readyz`, api, () => output)
  } catch (error) {
    api.kill("SIGKILL")
    await portal.close()
    await mock.close()
    rmSync(dataDir, { recursive: true, force: true })
    await database?.drop()
    throw error
  }
  const browserSide = await startRecordingProxy({ target: baseUrl, scan, mode: "scan" })
  project.provide("baseUrl", browserSide.url)
  project.provide("demoPassword", demoPassword)
  project.provide("mockUrl", portal.url)

  return async () => {
    if (api.exitCode === null) {
      const exited = new Promise((done) => api.once("exit", done))
      api.kill("SIGTERM")
      const timer = setTimeout(() => api.kill("SIGKILL"), 10_000)
      await exited
      clearTimeout(timer)
    }
    if (logLine !== "") scan.keep("API log, last line", logLine)
    await browserSide.close()
    await portal.close()
    await mock.close()
    rmSync(dataDir, { recursive: true, force: true })
    await database?.drop()
    const report: SecretScanReport = scan.report()
    process.stdout.write(
      `secret scan of the browser tests: ${report.secrets} secrets in ${report.texts} responses, headers and API log lines (${logLines} lines): ${report.hits.length} hits\n`,
    )
    if (report.hits.length > 0) {
      throw new Error(
        `secrets found in the browser's responses or the API's log: ${JSON.stringify(report.hits.slice(0, 10))}`,
      )
    }
  }
}
