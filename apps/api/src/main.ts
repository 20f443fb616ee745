/**
 * `pnpm start`: Config → one Layer → serve. PGlite under DATA_DIR unless DATABASE_URL; migrations
 * and the demo seed on start; the built console at `/`; the mock Projects server alongside unless
 * MOCK_PROJECTS_PORT=0. Prints where everything is and the demo sign-in.
 */
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises"
import { resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { AppConfig, projectsUrls, TracingConfig } from "@app/core/config"
import { loadDemoSeed } from "@app/core/crm"
import { loadTrialDemo } from "@app/core/integration"
import { atLeast, loggingLayer, stdoutSink } from "@app/core/logging"
import { pgliteLayer, postgresLayer } from "@app/core/persistence"
import { ensureAppSecret, verifyAppSecret } from "@app/core/secrets"
import { tracingLayer } from "@app/core/tracing"
import { serve } from "@hono/node-server"
import { Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { createApp } from "./app.js"
import { apiLayer } from "./http/runtime.js"
import { workerLayer } from "./worker.js"

// `pnpm --filter @app/api start` runs in apps/api: relative paths are taken from the repository root.
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url))

const say = (line: string) => process.stdout.write(`${line}\n`)

/** DEMO_PASSWORD, else the one generated on the first start (kept in DATA_DIR), else a new one. */
const demoPassword = async (configured: Option.Option<Redacted.Redacted<string>>, dataDir: string) => {
  if (Option.isSome(configured)) return configured.value
  const file = resolve(dataDir, "demo-password")
  if (existsSync(file)) return Redacted.make((await readFile(file, "utf8")).trim())
  const generated = randomBytes(12).toString("base64url")
  await writeFile(file, `${generated}\n`, { mode: 0o600 })
  await chmod(file, 0o600)
  return Redacted.make(generated)
}

/** The mock Projects server, if its package provides one; the API starts without it. */
const startMock = async (port: number, dataDir: string) => {
  const mock = await import("@app/mock-projects").catch(() => undefined)
  if (typeof mock?.startMockProjects !== "function") return undefined
  return mock.startMockProjects({ port, demo: true, stateFile: resolve(dataDir, "mock-projects.json") })
}

const main = async () => {
  const config = await Effect.runPromise(AppConfig)
  const tracing = await Effect.runPromise(TracingConfig)
  const dataDir = resolve(repositoryRoot, config.dataDir)
  // The generated secret, the demo password and the embedded database live here: owner only.
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await chmod(dataDir, 0o700)

  const database = Option.match(config.databaseUrl, {
    onNone: () => pgliteLayer(resolve(dataDir, "pglite")),
    onSome: (url) => postgresLayer({ url }),
  })
  // APP_SECRET seals stored credentials; the embedded start keeps a generated one in DATA_DIR.
  const appSecret = Option.isSome(config.appSecret)
    ? config.appSecret.value
    : await Effect.runPromise(ensureAppSecret(dataDir))
  const urls = projectsUrls(config)
  if (Option.isSome(config.databaseUrl) && Option.isNone(config.appSecret)) {
    process.stderr.write(
      `${JSON.stringify({
        level: "warn",
        msg:
          "DATABASE_URL is set but APP_SECRET is not: this process seals credentials under the secret " +
          `generated in ${resolve(dataDir, "app-secret")}. Every API process on this database must share ` +
          "one APP_SECRET; set it before starting a second one (README, Scale-out).",
      })}\n`,
    )
  }
  const services = apiLayer(database, {
    appSecret,
    appSecretPrevious: config.appSecretPrevious,
    projects: { apiUrl: urls.api.href, accountsUrl: urls.accounts.href },
  })
  // The secret is checked before the job runner starts: a wrong one must not touch any integration.
  const checked = Layer.effectDiscard(
    verifyAppSecret().pipe(Effect.catchAll((error) => Effect.die(new Error(error.message)))),
  ).pipe(Layer.provideMerge(services))
  const runtime = ManagedRuntime.make(
    // Provided beneath, not merged: the job runner's fibers start while the layer builds and log too.
    Layer.mergeAll(workerLayer.pipe(Layer.provideMerge(checked)), tracingLayer(tracing)).pipe(
      Layer.provide(loggingLayer({ level: config.logLevel, sink: stdoutSink })),
    ),
  )
  const refused = await runtime.runtime().then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  )
  if (refused !== undefined) {
    process.stderr.write(`${JSON.stringify({ level: "fatal", msg: "start refused", error: refused })}\n`)
    process.exit(1)
  }
  const password = await demoPassword(config.demoPassword, dataDir)
  const seed = await runtime.runPromise(loadDemoSeed(password))
  const trialDemo = await runtime.runPromise(loadTrialDemo(password))

  const consoleDir = resolve(repositoryRoot, "apps/web/dist")
  const app = createApp(runtime, {
    log: atLeast(config.logLevel, stdoutSink),
    ...(existsSync(resolve(consoleDir, "index.html")) ? { consoleDir } : {}),
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host })
  await new Promise<void>((ready, fail) => {
    server.once("listening", () => ready())
    server.once("error", fail)
  })
  const mock =
    config.mockProjectsPort === 0
      ? undefined
      : await startMock(config.mockProjectsPort, dataDir).catch((error: unknown) => {
          say(
            `  (mock Projects server not started: ${error instanceof Error ? error.message : String(error)})`,
          )
          return undefined
        })

  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host
  const base = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${config.port}`
  say("")
  say(
    `  Console      ${base}/${existsSync(consoleDir) ? "" : "   (not built: run `pnpm --filter @app/web build`)"}`,
  )
  say(`  API docs     ${base}/api/docs`)
  say(`  OpenAPI      ${base}/api/openapi.json`)
  say(
    `  Mock         ${mock ? mock.url : config.mockProjectsPort === 0 ? "not started (MOCK_PROJECTS_PORT=0)" : "not available"}`,
  )
  say(
    `  Database     ${Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${resolve(dataDir, "pglite")}`}`,
  )
  say(`  Sign in as   ${seed.adminEmail}`)
  for (const demo of trialDemo) say(`               ${demo.adminEmail} (${demo.name}, free edition)`)
  // A generated password is shown, as the demo's sign-in; one given in DEMO_PASSWORD is the operator's
  // and is not repeated into the log.
  say(
    !seed.passwordWorks
      ? "  Password     the one set when the demo seed was first loaded (DEMO_PASSWORD differs now)"
      : Option.isSome(config.demoPassword)
        ? "  Password     the one in DEMO_PASSWORD"
        : `  Password     ${Redacted.value(password)}`,
  )
  say("")

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await new Promise<void>((done) => server.close(() => done()))
    await mock?.close()
    await runtime.dispose()
    process.exit(0)
  }
  process.once("SIGINT", () => void stop())
  process.once("SIGTERM", () => void stop())
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: "fatal", msg: "start failed", error: String(error) })}\n`)
  process.exit(1)
})
