/**
 * Real API processes for the robustness suite: `apps/api/src/main.ts` run by Node on a free port,
 * signed in to like a browser, and stopped with SIGTERM or killed with SIGKILL (kill -9) mid-job.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { createServer as createHttpServer, request as httpRequest } from "node:http"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const apiDir = resolve(fileURLToPath(new URL("../..", import.meta.url)))
const repoDir = resolve(apiDir, "../..")
const require = createRequire(import.meta.url)

const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer()
    server.once("error", fail)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address ? address.port : 0
      server.close(() => done(port))
    })
  })

export interface ApiProcess {
  readonly url: string
  readonly child: ChildProcess
  readonly output: () => string
  /** kill -9: no handler runs, the job it holds stays leased to a dead owner. */
  readonly kill: () => Promise<void>
  readonly stop: () => Promise<void>
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => child.once("exit", () => done()))

/** Starts an API process with `env` on top of a quiet, mock-free configuration; waits for /readyz. */
export const startApiProcess = async (env: Record<string, string>): Promise<ApiProcess> => {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // Node itself runs the API, with tsx as its loader: the tsx CLI would run it in a child process of
  // its own, which a kill -9 of the CLI leaves running.
  const loader = pathToFileURL(require.resolve("tsx")).href
  const child = spawn(process.execPath, ["--import", loader, "apps/api/src/main.ts"], {
    cwd: repoDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      PORT: String(port),
      MOCK_PROJECTS_PORT: "0",
      PUBLIC_URL: url,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on("data", keep)
  child.stderr?.on("data", keep)
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output}`)
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline) {
      child.kill("SIGKILL")
      throw new Error(`the API was not ready within 120 s:\n${output}`)
    }
    await new Promise((next) => setTimeout(next, 250))
  }
  return {
    url,
    child,
    output: () => output,
    kill: async () => {
      child.kill("SIGKILL")
      await exited(child)
      // Nothing answers on its port any more: the process that served it is gone, not a child of it.
      const answered = await fetch(`${url}/readyz`).then(
        () => true,
        () => false,
      )
      if (answered) throw new Error(`the API at ${url} still answers after kill -9`)
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000)
      child.kill("SIGTERM")
      await exited(child)
      clearTimeout(timer)
    },
  }
}

export interface Session {
  readonly call: <A = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ) => Promise<{ status: number; body: A; headers: Headers }>
}

/** Signs in through POST /api/v1/session and sends the cookie + CSRF token like the console. */
export const signIn = async (baseUrl: string, email: string, password: string): Promise<Session> => {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`)
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? ""
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return {
    call: async <A>(
      method: string,
      path: string,
      body?: unknown,
      headers: Readonly<Record<string, string>> = {},
    ) => {
      const res = await fetch(`${baseUrl}/api/v1/${path}`, {
        method,
        headers: {
          cookie,
          "x-csrf-token": csrfToken,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await res.text()
      return {
        status: res.status,
        body: (text === "" ? undefined : JSON.parse(text)) as A,
        headers: res.headers,
      }
    },
  }
}

interface PgClient {
  connect(): Promise<void>
  query<Row>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>
  end(): Promise<void>
}

export interface IsolatedDatabase {
  readonly url: string
  readonly query: <Row>(text: string, values?: unknown[]) => Promise<Row[]>
  readonly drop: () => Promise<void>
}

/**
 * A fresh schema of the PostgreSQL server in `url` (dropped afterwards), so the processes' demo seed
 * is this run's and other runs on the server are left alone. `pg` is borrowed from @app/core.
 */
export const isolatedDatabase = async (url: string): Promise<IsolatedDatabase> => {
  const requireFromCore = createRequire(join(repoDir, "packages/core/package.json"))
  const pg = requireFromCore("pg") as { Client: new (options: { connectionString: string }) => PgClient }
  const schema = `robust_${randomBytes(6).toString("hex")}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const scoped = new URL(url)
  scoped.searchParams.set("options", `-c search_path=${schema}`)
  return {
    url: scoped.toString(),
    query: async <Row>(text: string, values?: unknown[]) => {
      await admin.query(`set search_path to ${schema}`)
      return (await admin.query<Row>(text, values)).rows
    },
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`)
      await admin.end()
    },
  }
}

export const until = async <A>(
  what: string,
  probe: () => Promise<A | undefined>,
  timeoutMs = 120_000,
): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((next) => setTimeout(next, 200))
  }
}

export interface HoldingProxy {
  readonly url: string
  /**
   * The next request of `method` whose path matches `path` goes to the target, which does its work
   * and answers; the answer is then held, never passed on. Resolves with the target's status once it
   * has answered in full.
   */
  readonly holdNextAnswer: (method: string, path: RegExp) => Promise<number>
  readonly close: () => Promise<void>
}

/**
 * A pass-through HTTP proxy in front of `target` that can keep one answer from reaching the caller:
 * the target has done the work, the caller never learns it (as when the caller dies right after).
 */
export const startHoldingProxy = async (target: string): Promise<HoldingProxy> => {
  const upstreamUrl = new URL(target)
  let hold: { method: string; path: RegExp; answered: (status: number) => void } | undefined
  const server = createHttpServer((incoming, outgoing) => {
    const chunks: Buffer[] = []
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk))
    incoming.on("end", () => {
      const held =
        hold !== undefined && incoming.method === hold.method && hold.path.test(incoming.url ?? "")
          ? hold
          : undefined
      if (held !== undefined) hold = undefined
      const upstream = httpRequest(
        {
          host: upstreamUrl.hostname,
          port: upstreamUrl.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          if (held !== undefined) {
            answer.resume()
            answer.on("end", () => held.answered(answer.statusCode ?? 0))
            return
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(outgoing)
        },
      )
      upstream.on("error", () => outgoing.destroy())
      upstream.end(Buffer.concat(chunks))
    })
  })
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done))
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    holdNextAnswer: (method, path) =>
      new Promise<number>((answered) => {
        hold = { method, path, answered }
      }),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done())
        server.closeAllConnections()
      }),
  }
}
