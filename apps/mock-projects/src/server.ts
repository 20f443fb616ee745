/**
 * Starting the mock: `startMockProjects(options)` listens (ephemeral port by default) and returns the URL,
 * a control client and `close()`; `createMockProjects(options)` is the same without a port (in-process).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { EmulatorRegistry, type SeedOptions } from "@app/core/projects-emulator"
import { serve } from "@hono/node-server"
import { createApp, type MockApp } from "./app.js"
import { type ControlClient, makeControlClient } from "./control-client.js"
import { Dispatcher } from "./webhooks.js"

export interface RateLimitOption {
  limit: number
  window_s: number
  lockout_s: number
}

export interface MockProjectsOptions {
  /** 0 (default) picks a free port. */
  port?: number
  host?: string
  /** PRNG seed of the generated data, tokens and keys. */
  seed?: number
  /** Generated projects (per portal; added to the demo portal with `demo`). */
  projects?: number
  portals?: number
  users?: number
  clients?: number
  clientUsers?: number
  customFields?: number
  /** Tasks and issues of each generated portal, spread over its projects. */
  tasks?: number
  issues?: number
  /** Load the demo seed (a portal whose clients match the CRM demo accounts). */
  demo?: boolean
  /** On from the start: `100/120/1800` or `{limit, window_s, lockout_s}`. */
  rateLimit?: string | RateLimitOption
  /** Keep state across restarts: loaded at start if present, written on change and on close. */
  stateFile?: string
  /** Freeze the mock clock at this instant (ms); it then moves only by `clock/advance`. */
  startTime?: number
  /**
   * Host names besides loopback the control API (`/__mock`) answers to; `host`, when it names one
   * interface, is added. Requests under any other name are refused (DNS rebinding).
   */
  allowedHosts?: ReadonlyArray<string>
}

export interface MockProjectsHandle {
  /** e.g. `http://127.0.0.1:54321`: the REST API and the OAuth accounts server. */
  url: string
  port: number
  control: ControlClient
  registry: EmulatorRegistry
  /** The same server seen through one namespace (`/__ns/<name>` prefix): isolated state. */
  namespace: (name: string) => { url: string; control: ControlClient }
  close: () => Promise<void>
}

export const parseRateLimit = (raw: string | RateLimitOption): RateLimitOption => {
  if (typeof raw !== "string") return raw
  const m = /^(\d+)\/(\d+)(?:\/(\d+))?$/.exec(raw)
  if (m === null) throw new Error(`--rate-limit expects limit/window_s[/lockout_s], got "${raw}"`)
  return { limit: Number(m[1]), window_s: Number(m[2]), lockout_s: Number(m[3] ?? 1800) }
}

const initialSeed = (o: MockProjectsOptions): SeedOptions | undefined => {
  if (o.demo !== true && o.seed === undefined && o.projects === undefined) return undefined
  const demo = o.demo === true
  return {
    seed: o.seed ?? 42,
    portals: o.portals ?? 1,
    users: o.users ?? 5,
    clients: o.clients ?? (demo ? 0 : 5),
    clientUsers: o.clientUsers ?? (demo ? 0 : 10),
    projects: o.projects ?? (demo ? 0 : 20),
    customFields: o.customFields ?? (demo ? 0 : 4),
    tasks: o.tasks ?? 0,
    issues: o.issues ?? 0,
    demo,
  }
}

export interface MockProjects {
  app: MockApp
  registry: EmulatorRegistry
  dispatcher: Dispatcher
  control: ControlClient
  /** Stops the retry timer and writes the state file. */
  dispose: () => void
}

/** The emulator and its HTTP app, without listening: call `app.request(path, init)` in tests. */
export const createMockProjects = (options: MockProjectsOptions = {}): MockProjects => {
  const start = options.startTime
  const clock = start === undefined ? () => Date.now() : () => start
  const seed = initialSeed(options)
  const limit = options.rateLimit === undefined ? undefined : parseRateLimit(options.rateLimit)
  const registry = new EmulatorRegistry({
    clock,
    seed: options.seed ?? 42,
    ...(seed === undefined ? {} : { initialSeed: seed }),
    ...(limit === undefined
      ? {}
      : {
          rateLimit: {
            enabled: true,
            limit: limit.limit,
            windowS: limit.window_s,
            lockoutS: limit.lockout_s,
          },
        }),
  })
  const file = options.stateFile
  if (file !== undefined && existsSync(file)) registry.importState(readFileSync(file, "utf8"))
  registry.get()
  const dispatcher = new Dispatcher()
  // Written only after writes: serialising a 100,000-project state takes a while.
  let dirty = file !== undefined && !existsSync(file)
  const wildcard = options.host === undefined || options.host === "0.0.0.0" || options.host === "::"
  const app = createApp(
    registry,
    dispatcher,
    () => {
      dirty = true
    },
    { allowedHosts: [...(options.allowedHosts ?? []), ...(wildcard ? [] : [options.host ?? ""])] },
  )
  const save = () => {
    if (file === undefined || !dirty) return
    dirty = false
    writeFileSync(`${file}.tmp`, registry.exportState())
    renameSync(`${file}.tmp`, file)
  }
  // Retries fall due as the mock clock moves with real time; clock/advance flushes at once.
  const timer = setInterval(() => {
    for (const e of registry.all()) if (e.pendingDeliveries() > 0) void dispatcher.kick(e)
  }, 1000)
  timer.unref()
  const saver = file === undefined ? undefined : setInterval(save, 2000)
  saver?.unref()
  return {
    app,
    registry,
    dispatcher,
    control: makeControlClient("http://127.0.0.1", app.request),
    dispose: () => {
      clearInterval(timer)
      if (saver !== undefined) clearInterval(saver)
      save()
    },
  }
}

export const startMockProjects = async (options: MockProjectsOptions = {}): Promise<MockProjectsHandle> => {
  const mock = createMockProjects(options)
  const host = options.host ?? "127.0.0.1"
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: mock.app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s))
    s.once("error", reject)
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  return {
    url,
    port,
    control: makeControlClient(url),
    registry: mock.registry,
    namespace: (name) => ({ url: `${url}/__ns/${name}`, control: makeControlClient(`${url}/__ns/${name}`) }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        mock.dispose()
        server.close((err) => (err === undefined ? resolve() : reject(err)))
        if ("closeAllConnections" in server) server.closeAllConnections()
      }),
  }
}
