/**
 * Another API process on the same PostgreSQL schema, for tests of what several instances share:
 * `tsx api-instance.ts <schema> <projects url>` with DATABASE_URL set; prints `{"port":…}` once it
 * listens, and stops on SIGTERM.
 */
import { randomBytes } from "node:crypto"
import type { AddressInfo } from "node:net"
import { postgresLayer } from "@app/core/persistence"
import { serve } from "@hono/node-server"
import { ManagedRuntime, Redacted } from "effect"
import { createApp } from "../../src/app.js"
import { apiLayer } from "../../src/http/runtime.js"

const [schema = "public", projectsUrl = "http://127.0.0.1:9"] = process.argv.slice(2)
const runtime = ManagedRuntime.make(
  apiLayer(postgresLayer({ url: Redacted.make(process.env.DATABASE_URL ?? ""), schema, max: 2 }), {
    projects: { apiUrl: projectsUrl, accountsUrl: projectsUrl },
    publicUrl: "http://127.0.0.1:9",
    appSecret: Redacted.make(randomBytes(32).toString("hex")),
  }),
)
await runtime.runtime()
const server = serve(
  { fetch: createApp(runtime, { log: () => undefined }).fetch, port: 0, hostname: "127.0.0.1" },
  (info: AddressInfo) => process.stdout.write(`${JSON.stringify({ port: info.port })}\n`),
)
process.on("SIGTERM", () => {
  server.close()
  void runtime.dispose().then(() => process.exit(0))
})
