// Starts what the browser tests drive: builds the console, then runs the real API (`tsx
// apps/api/src/main.ts`) on a free port with a fresh data directory, and waits for /readyz.
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "vite"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string
    demoPassword: string
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

export default async function setup(project: TestProject) {
  // The browser tests the console as built; E2E_SKIP_BUILD=1 reuses an existing dist/.
  if (process.env.E2E_SKIP_BUILD !== "1" || !existsSync(join(webDir, "dist/index.html"))) {
    await build({ root: webDir, configFile: join(webDir, "vite.config.ts"), logLevel: "warn" })
  }
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), "crm-e2e-"))
  const demoPassword = `e2e-${randomBytes(9).toString("base64url")}`
  const tsx = require.resolve("tsx/cli")
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: String(port),
    DATA_DIR: dataDir,
    MOCK_PROJECTS_PORT: "0",
    DEMO_PASSWORD: demoPassword,
    LOG_LEVEL: "warn",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  }
  let output = ""
  const api = spawn(process.execPath, [tsx, "apps/api/src/main.ts"], {
    cwd: repoDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  api.stdout?.on("data", keep)
  api.stderr?.on("data", keep)
  const baseUrl = `http://127.0.0.1:${port}`
  try {
    await waitForReady(`${baseUrl}/readyz`, api, () => output)
  } catch (error) {
    api.kill("SIGKILL")
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  project.provide("baseUrl", baseUrl)
  project.provide("demoPassword", demoPassword)

  return async () => {
    if (api.exitCode === null) {
      const exited = new Promise((done) => api.once("exit", done))
      api.kill("SIGTERM")
      const timer = setTimeout(() => api.kill("SIGKILL"), 10_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}
