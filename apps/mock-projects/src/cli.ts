/**
 * `mock-projects --port 4010 --seed 42 --projects 1000 [--tasks 100000] [--issues 5000] [--rate-limit 100/120/1800] [--state-file path]`:
 * starts the mock with the demo seed (unless `--no-demo`) and prints the demo users, their service keys
 * and an access token.
 */
import { parseArgs } from "node:util"
import { type MockProjectsOptions, startMockProjects } from "./server.js"

export const parseCli = (argv: string[]): MockProjectsOptions => {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string" },
      projects: { type: "string" },
      portals: { type: "string" },
      clients: { type: "string" },
      "client-users": { type: "string" },
      tasks: { type: "string" },
      issues: { type: "string" },
      "rate-limit": { type: "string" },
      "state-file": { type: "string" },
      "no-demo": { type: "boolean", default: false },
    },
    strict: true,
  })
  const int = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined
    if (!/^\d+$/.test(raw)) throw new Error(`--${name} expects a non-negative integer, got "${raw}"`)
    return Number(raw)
  }
  const options: MockProjectsOptions = {
    port: int("port", values.port) ?? 4010,
    host: values.host,
    demo: !values["no-demo"],
  }
  const set = <K extends keyof MockProjectsOptions>(k: K, v: MockProjectsOptions[K] | undefined) => {
    if (v !== undefined) options[k] = v
  }
  set("seed", int("seed", values.seed))
  set("projects", int("projects", values.projects))
  set("portals", int("portals", values.portals))
  set("clients", int("clients", values.clients))
  set("clientUsers", int("client-users", values["client-users"]))
  set("tasks", int("tasks", values.tasks))
  set("issues", int("issues", values.issues))
  set("rateLimit", values["rate-limit"])
  set("stateFile", values["state-file"])
  return options
}

/** Starts the server and prints the demo users, keys and a token; stops on SIGINT/SIGTERM. */
export const runCli = async (argv: string[]): Promise<void> => {
  const options = parseCli(argv)
  const handle = await startMockProjects(options)
  const state = await handle.control.state()
  const out: string[] = [`Mock Projects server on ${handle.url} (control API: ${handle.url}/__mock)`]
  for (const portal of state.portals)
    out.push(`  portal ${portal.id} "${portal.name}" owner ${portal.owner?.email ?? "-"}`)
  out.push("Users (sign in on /oauth/v2/auth, or POST /__mock/tokens {email}):")
  for (const u of state.users.filter((x) => x.portals.some((p) => p.role !== "Client")).slice(0, 20)) {
    const roles = u.portals
      .map((p) => `${p.role}${p.is_owner ? " (owner)" : ""} in ${p.portal_id}`)
      .join(", ")
    const key = u.portals.some((p) => p.role === "Administrator")
      ? await handle.control.keys(u.email)
      : undefined
    out.push(`  ${u.email.padEnd(34)} ${roles}${key?.key === undefined ? "" : `\n    ZSC key ${key.key}`}`)
  }
  const owner = state.portals[0]?.owner?.email
  if (owner !== undefined) {
    const token = await handle.control.tokens(owner)
    out.push(`Access token for ${owner} (3600 s): Authorization: Zoho-oauthtoken ${token.access_token}`)
  }
  process.stdout.write(`${out.join("\n")}\n`)
  const stop = () => {
    void handle.close().then(() => process.exit(0))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}
