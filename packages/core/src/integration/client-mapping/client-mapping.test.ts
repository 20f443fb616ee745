import { randomUUID } from "node:crypto"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "@effect/vitest"
import { and, eq, sql } from "drizzle-orm"
import { Context, Duration, Effect, Layer, Redacted } from "effect"
import { SMTPServer } from "smtp-server"
import { newOrganization, TestDatabase, TestSecrets } from "../../../test/index.js"
import { json, startPeer } from "../../../test/test-peer.js"
import { type Actor, actingAs, type CurrentActor } from "../../crm/actor.js"
import { Metadata } from "../../crm/metadata.js"
import { Organizations } from "../../crm/organizations.js"
import { Records } from "../../crm/records.js"
import { UserChanges } from "../../crm/user-changes.js"
import { Users } from "../../crm/users.js"
import { JobQueue } from "../../jobs/job-queue.js"
import { JobRunner } from "../../jobs/job-runner.js"
import { MailTransport } from "../../mail/mail-transport.js"
import { Mailer, MailJobs, Outbox } from "../../mail/mailer.js"
import { Database, tables } from "../../persistence/index.js"
import { ProjectsClient, ProjectsClientConfig } from "../../projects-client/index.js"
import { IntegrationConfig } from "../integration-config.js"
import { IntegrationLayer } from "../layer.js"
import { Deactivation } from "../lifecycle/deactivation.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { seal } from "../portal/stored-credential.js"
import { PortalCopy } from "../sync/portal-copy.js"
import { CLIENT_CONTACTS_JOB, CLIENT_MAPPING_JOB, ClientMapping } from "./client-mapping.js"

interface Received {
  readonly to: ReadonlyArray<string>
  readonly raw: string
}

/** The messages a real SMTP server (port 0) received during the file. */
class Inbox extends Context.Tag("test/Inbox")<Inbox, { readonly received: Array<Received> }>() {}

const startSmtp = Effect.acquireRelease(
  Effect.async<{ url: string; received: Array<Received>; server: SMTPServer }>((resume) => {
    const received: Array<Received> = []
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, session, callback) {
        const chunks: Array<Buffer> = []
        stream.on("data", (chunk: Buffer) => chunks.push(chunk))
        stream.on("end", () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          })
          callback()
        })
      },
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo
      resume(Effect.succeed({ url: `smtp://127.0.0.1:${port}`, received, server }))
    })
  }),
  ({ server }) => Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve()))),
)

/** The Projects side answers every project-users read with an empty list (contacts are tested against the mock). */
const platform = Layer.unwrapScoped(
  Effect.gen(function* () {
    const peer = yield* startPeer(() => json(200, { users: [], page_info: { has_next_page: false } }))
    const smtp = yield* startSmtp
    return Layer.mergeAll(
      ProjectsClient.DefaultWithoutDependencies.pipe(
        Layer.provide(
          Layer.succeed(
            ProjectsClientConfig,
            ProjectsClientConfig.with({
              apiUrl: peer.url,
              accountsUrl: peer.url,
              baseDelay: Duration.millis(1),
              maxDelay: Duration.millis(5),
            }),
          ),
        ),
      ),
      Layer.succeed(IntegrationConfig, IntegrationConfig.with({ publicUrl: "http://127.0.0.1:9" })),
      JobQueue.Default,
      TestSecrets,
      MailTransport.smtp(Redacted.make(smtp.url)),
      Layer.succeed(Inbox, { received: smtp.received }),
    )
  }),
)

const TestLayer = Layer.mergeAll(
  IntegrationLayer,
  Records.Default,
  Metadata.Default,
  Mailer.Default,
  Outbox.Default,
  MailJobs,
  Organizations.Default,
  Users.Default,
).pipe(
  Layer.provideMerge(
    Layer.mergeAll(
      JobRunner.layer({ retryBaseDelay: Duration.millis(1), retryMaxDelay: Duration.millis(5) }),
      UserChanges.Default,
    ),
  ),
  Layer.provideMerge(platform),
  Layer.provideMerge(TestDatabase),
)

/** Runs queued jobs (mapping, contacts, mail) until none is ready. */
const drain = Effect.gen(function* () {
  const runner = yield* JobRunner
  const mapping = yield* ClientMapping
  yield* runner.register(CLIENT_MAPPING_JOB, mapping.handle)
  yield* runner.register(CLIENT_CONTACTS_JOB, mapping.handleContacts)
  for (let i = 0; i < 20; i++) if ((yield* runner.runOnce) === 0) return
})

/** An organization whose integration is active on a portal with these clients. */
const withPortal = (clientNames: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const org = yield* newOrganization()
    const database = yield* Database
    const credentialSecret = yield* seal(org.organization.id, { kind: "key", key: "k".repeat(32) })
    yield* database.use((db) =>
      db.insert(tables.integrations).values({
        organizationId: org.organization.id,
        status: "active",
        associationId: randomUUID(),
        portalId: "portal-1",
        portalName: "Zylker <Demo>",
        associatedBy: org.admin.id,
        credentialKind: "key",
        credentialEmail: "owner@portal.test",
        credentialSecret,
      }),
    )
    const clients = clientNames.map((name, i) => ({ id: `c${i + 1}`, name }))
    yield* Effect.flatMap(PortalCopy, (copy) =>
      copy.upsertClients(org.organization.id, JSON.stringify(clients), new Date()),
    )
    const clientId = (name: string) => clients.find((c) => c.name === name)?.id ?? "missing"
    return { ...org, clientId }
  })

const account = (actor: Actor, name: string) =>
  Effect.flatMap(Records, (records) => records.create("accounts", { name })).pipe(actingAs(actor))

const storedMappings = (organizationId: string) =>
  Effect.flatMap(Database, (db) =>
    db.use((d) =>
      d
        .select({ id: tables.integrationClients.projectsId, accountId: tables.integrationClients.accountId })
        .from(tables.integrationClients)
        .where(eq(tables.integrationClients.organizationId, organizationId))
        .orderBy(tables.integrationClients.projectsId),
    ),
  )

const decodeQuotedPrintable = (raw: string) =>
  Buffer.from(
    raw
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    "latin1",
  ).toString("utf8")

describe("ClientMapping", () => {
  it.layer(TestLayer, { timeout: 60_000 })((it) => {
    it.effect(
      "maps a client to the one account whose name differs only by case, spacing or Unicode form",
      () =>
        Effect.gen(function* () {
          const { adminActor, clientId } = yield* withPortal([
            "  ACME   corp ",
            "Ｓｔａｒｋ Industries",
            "Straße AG",
          ])
          const acme = yield* account(adminActor, "Acme Corp")
          const stark = yield* account(adminActor, "Stark Industries")
          const strasse = yield* account(adminActor, "STRASSE AG")
          const preview = yield* Effect.flatMap(ClientMapping, (m) => m.preview()).pipe(actingAs(adminActor))
          expect(preview.unmapped).toEqual([])
          expect(
            preview.mapped
              .map((m) => [m.client.id, m.account.id, m.by])
              .sort(([a], [b]) => String(a).localeCompare(String(b))),
          ).toEqual([
            [clientId("  ACME   corp "), acme.id, "automatic"],
            [clientId("Ｓｔａｒｋ Industries"), stark.id, "automatic"],
            [clientId("Straße AG"), strasse.id, "automatic"],
          ])
        }),
    )

    it.effect("leaves a client unmapped when no account has its name", () =>
      Effect.gen(function* () {
        const { adminActor, clientId } = yield* withPortal(["Globex"])
        yield* account(adminActor, "Globex Corporation")
        const preview = yield* Effect.flatMap(ClientMapping, (m) => m.preview()).pipe(actingAs(adminActor))
        expect(preview.mapped).toEqual([])
        expect(preview.unmapped).toEqual([
          {
            _tag: "unmapped",
            client: { id: clientId("Globex"), name: "Globex" },
            reason: "no_account",
            matchCount: 0,
            account: null,
            heldBy: null,
          },
        ])
      }),
    )

    it.effect("leaves a client unmapped when several accounts have its name, saying how many", () =>
      Effect.gen(function* () {
        const { adminActor } = yield* withPortal(["Initech"])
        yield* account(adminActor, "Initech")
        yield* account(adminActor, "INITECH")
        yield* account(adminActor, " initech ")
        const preview = yield* Effect.flatMap(ClientMapping, (m) => m.preview()).pipe(actingAs(adminActor))
        expect(preview.mapped).toEqual([])
        expect(preview.unmapped).toMatchObject([{ reason: "several_accounts", matchCount: 3, account: null }])
      }),
    )

    it.effect(
      "leaves a client unmapped when its account is already mapped to another client, naming it",
      () =>
        Effect.gen(function* () {
          const { adminActor, clientId } = yield* withPortal(["Umbrella", "Umbrella Holdings", "umbrella "])
          const umbrella = yield* account(adminActor, "Umbrella")
          const mapping = yield* ClientMapping
          // An admin mapped another client to the account before the run.
          yield* mapping.map(clientId("Umbrella Holdings"), umbrella.id).pipe(actingAs(adminActor))
          const preview = yield* mapping.preview().pipe(actingAs(adminActor))
          expect(preview.mapped).toMatchObject([{ client: { name: "Umbrella Holdings" }, by: "manual" }])
          expect(preview.unmapped).toEqual([
            {
              _tag: "unmapped",
              client: { id: clientId("Umbrella"), name: "Umbrella" },
              reason: "account_taken",
              matchCount: 1,
              account: { id: umbrella.id, name: "Umbrella" },
              heldBy: { id: clientId("Umbrella Holdings"), name: "Umbrella Holdings" },
            },
            {
              _tag: "unmapped",
              client: { id: clientId("umbrella "), name: "umbrella " },
              reason: "account_taken",
              matchCount: 1,
              account: { id: umbrella.id, name: "Umbrella" },
              heldBy: { id: clientId("Umbrella Holdings"), name: "Umbrella Holdings" },
            },
          ])
        }),
    )

    it.effect(
      "gives an account claimed by two clients in one run to the first by name and reports the other",
      () =>
        Effect.gen(function* () {
          const { adminActor, clientId } = yield* withPortal(["wayne enterprises", "Wayne Enterprises"])
          const wayne = yield* account(adminActor, "Wayne Enterprises")
          const preview = yield* Effect.flatMap(ClientMapping, (m) => m.preview()).pipe(actingAs(adminActor))
          expect(preview.mapped).toMatchObject([
            { client: { id: clientId("Wayne Enterprises") }, account: { id: wayne.id } },
          ])
          expect(preview.unmapped).toMatchObject([
            {
              client: { id: clientId("wayne enterprises") },
              reason: "account_taken",
              heldBy: { id: clientId("Wayne Enterprises") },
            },
          ])
        }),
    )

    it.effect("previews without writing anything, and the run then does exactly what the preview said", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* withPortal(["Acme Corp", "Globex", "Initech", "Hooli"])
        yield* account(adminActor, "Acme Corp")
        yield* account(adminActor, "Globex")
        yield* account(adminActor, "Initech")
        yield* account(adminActor, "initech")
        const mapping = yield* ClientMapping
        const database = yield* Database
        const auditCount = () =>
          Effect.map(
            database.execute<{ n: number }>(
              sql`select count(*)::int as n from integration_audit where organization_id = ${organization.id}::uuid`,
            ),
            (rows) => rows[0]?.n,
          )
        const before = { mappings: yield* storedMappings(organization.id), audit: yield* auditCount() }
        const preview = yield* mapping.preview().pipe(actingAs(adminActor))
        expect(preview.available).toBe(true)
        expect({ mappings: yield* storedMappings(organization.id), audit: yield* auditCount() }).toEqual(
          before,
        )
        expect(before.mappings.every((m) => m.accountId === null)).toBe(true)

        const job = yield* mapping.runAutomatic().pipe(actingAs(adminActor))
        yield* drain
        const done = yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))
        expect(done.status).toBe("succeeded")
        expect(done.result).toMatchObject({ mapped: 2, unmapped: 2 })
        const listed = yield* mapping.list().pipe(actingAs(adminActor))
        expect(
          listed.filter((e) => e.account !== null).map((e) => ({ client: e.client, account: e.account })),
        ).toEqual(preview.mapped.map((m) => ({ client: m.client, account: m.account })))
        expect(listed.filter((e) => e.account === null).map((e) => e.client)).toEqual(
          preview.unmapped.map((u) => u.client),
        )
        // After the run the preview reports the same outcome, the run's mappings marked as its own.
        const after = yield* mapping.preview().pipe(actingAs(adminActor))
        expect({ mapped: after.mapped, unmapped: after.unmapped }).toEqual({
          mapped: preview.mapped,
          unmapped: preview.unmapped,
        })
        expect(after.available).toBe(false)
      }),
    )

    it.effect(
      "emails the report to every active admin over SMTP, with mapped and unmapped clients and reasons",
      () =>
        Effect.gen(function* () {
          const { adminActor, admin, organization, profiles } = yield* withPortal([
            "Acme Corp",
            "Tom & <Jerry>",
            "Globex",
          ])
          const users = yield* Users
          const second = yield* users
            .create({
              name: "Second Admin",
              email: `second.${randomUUID().slice(0, 6)}@example.test`,
              profileId: profiles.administrator,
            })
            .pipe(actingAs(adminActor))
          const gone = yield* users
            .create({
              name: "Gone Admin",
              email: `gone.${randomUUID().slice(0, 6)}@example.test`,
              profileId: profiles.administrator,
            })
            .pipe(actingAs(adminActor))
          yield* users.update(gone.id, { active: false }).pipe(actingAs(adminActor))
          yield* users
            .create({
              name: "Sam Standard",
              email: `sam.${randomUUID().slice(0, 6)}@example.test`,
              profileId: profiles.standard,
            })
            .pipe(actingAs(adminActor))
          yield* account(adminActor, "Acme Corp")
          yield* account(adminActor, "Globex")
          yield* account(adminActor, "GLOBEX")
          const inbox = yield* Inbox
          const already = inbox.received.length

          yield* Effect.flatMap(ClientMapping, (m) => m.runAutomatic()).pipe(actingAs(adminActor))
          yield* drain

          const mine = inbox.received.slice(already).filter((m) => m.to.includes(admin.email))
          expect(mine).toHaveLength(1)
          const [message] = mine
          expect([...(message?.to ?? [])].sort()).toEqual([admin.email, second.email].sort())
          const body = decodeQuotedPrintable(message?.raw ?? "")
          expect(body).toContain("Mapped clients (1)")
          expect(body).toContain("- Acme Corp → Acme Corp")
          expect(body).toContain("Clients not mapped (2)")
          expect(body).toContain("- Globex: 2 accounts of that name")
          expect(body).toContain("- Tom & <Jerry>: no account of that name")
          expect(body).toContain("<li>Tom &amp; &lt;Jerry&gt;: no account of that name</li>")
          expect(body).not.toContain("<li>Tom & <Jerry>")
          const outbox = yield* Effect.flatMap(Outbox, (o) => o.list(organization.id))
          expect(outbox.items).toMatchObject([
            { status: "sent", subject: "Client mapping for Zylker <Demo>: 1 mapped, 2 not mapped" },
          ])
        }),
    )

    it.effect("refuses automatic mapping after No, skip, and again after a run, saying why", () =>
      Effect.gen(function* () {
        const mapping = yield* ClientMapping
        const skipped = yield* withPortal(["Acme Corp"])
        const view = yield* mapping.skip().pipe(actingAs(skipped.adminActor))
        expect(view.steps.clientMapping).toBe("skipped")
        const refused = yield* mapping.runAutomatic().pipe(actingAs(skipped.adminActor), Effect.flip)
        expect(refused).toMatchObject({ _tag: "AutomaticMappingUnavailable", choice: "skipped" })
        expect(refused.message).toContain("deactivate")
        expect(yield* mapping.skip().pipe(actingAs(skipped.adminActor), Effect.flip)).toMatchObject({
          _tag: "AutomaticMappingUnavailable",
        })

        const ran = yield* withPortal(["Acme Corp"])
        yield* mapping.runAutomatic().pipe(actingAs(ran.adminActor))
        const again = yield* mapping.runAutomatic().pipe(actingAs(ran.adminActor), Effect.flip)
        expect(again).toMatchObject({ _tag: "AutomaticMappingUnavailable", choice: "automatic" })
        expect(yield* mapping.skip().pipe(actingAs(ran.adminActor), Effect.flip)).toMatchObject({
          _tag: "AutomaticMappingUnavailable",
          choice: "automatic",
        })
        yield* drain

        // Deactivation offers it again and clears the copy (mappings included).
        yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(actingAs(ran.adminActor))
        const after = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(actingAs(ran.adminActor))
        expect(after.steps.clientMapping).toBe("pending")
        expect(yield* storedMappings(ran.organization.id)).toEqual([])
        const audit = yield* Effect.flatMap(Database, (db) =>
          db.execute<{ action: string }>(
            sql`select action from integration_audit where organization_id = ${ran.organization.id}::uuid order by at`,
          ),
        )
        expect(audit.map((a) => a.action)).toContain("integration.client_mapping.automatic")
      }),
    )

    it.effect("refuses automatic mapping, preview and manual mapping to users without admin privileges", () =>
      Effect.gen(function* () {
        const { adminActor, clientId } = yield* withPortal(["Acme Corp"])
        const acme = yield* account(adminActor, "Acme Corp")
        const mapping = yield* ClientMapping
        const user = { ...adminActor, isAdmin: false }
        const refusal = <A, E>(attempt: Effect.Effect<A, E, CurrentActor>) =>
          Effect.map(attempt.pipe(actingAs(user), Effect.flip), (error) =>
            expect(error).toMatchObject({ _tag: "NotAdministrator" }),
          )
        yield* refusal(mapping.preview())
        yield* refusal(mapping.runAutomatic())
        yield* refusal(mapping.skip())
        yield* refusal(mapping.list())
        yield* refusal(mapping.map(clientId("Acme Corp"), acme.id))
        yield* refusal(mapping.unmap(clientId("Acme Corp")))
      }),
    )

    it.effect("maps and unmaps by hand, never mapping an account to two clients", () =>
      Effect.gen(function* () {
        const { adminActor, organization, clientId } = yield* withPortal(["Acme Corp", "Acme Europe"])
        const acme = yield* account(adminActor, "Acme Corp")
        const other = yield* account(adminActor, "Other")
        const mapping = yield* ClientMapping
        const acmeId = clientId("Acme Corp")
        const europeId = clientId("Acme Europe")

        const mapped = yield* mapping.map(acmeId, acme.id).pipe(actingAs(adminActor))
        expect(mapped).toEqual({
          client: { id: acmeId, name: "Acme Corp" },
          account: { id: acme.id, name: "Acme Corp" },
          mappedBy: "manual",
        })

        const conflict = yield* mapping.map(europeId, acme.id).pipe(actingAs(adminActor), Effect.flip)
        expect(conflict).toMatchObject({
          _tag: "AccountAlreadyMapped",
          accountId: acme.id,
          clientId: acmeId,
          clientName: "Acme Corp",
        })
        expect(conflict.message).toContain("Acme Corp")

        // Remapping a client moves it; the account it left is free again.
        yield* mapping.map(acmeId, other.id).pipe(actingAs(adminActor))
        yield* mapping.map(europeId, acme.id).pipe(actingAs(adminActor))
        const unmapped = yield* mapping.unmap(acmeId).pipe(actingAs(adminActor))
        expect(unmapped.account).toBeNull()
        expect(yield* storedMappings(organization.id)).toEqual([
          { id: acmeId, accountId: null },
          { id: europeId, accountId: acme.id },
        ])

        expect(yield* mapping.map("nope", acme.id).pipe(actingAs(adminActor), Effect.flip)).toMatchObject({
          _tag: "ClientNotFound",
          clientId: "nope",
        })
        expect(
          yield* mapping.map(acmeId, randomUUID()).pipe(actingAs(adminActor), Effect.flip),
        ).toMatchObject({ _tag: "RecordNotFound", module: "accounts" })
        expect(
          yield* mapping.map(acmeId, "not-a-uuid").pipe(actingAs(adminActor), Effect.flip),
        ).toMatchObject({ _tag: "RecordNotFound" })

        const actions = yield* Effect.flatMap(Database, (db) =>
          db.use((d) =>
            d
              .select({ action: tables.integrationAudit.action })
              .from(tables.integrationAudit)
              .where(and(eq(tables.integrationAudit.organizationId, organization.id))),
          ),
        )
        expect(actions.filter((a) => a.action === "integration.client_mapped")).toHaveLength(3)
        expect(actions.filter((a) => a.action === "integration.client_unmapped")).toHaveLength(1)
      }),
    )

    it.effect("keeps manual mapping available after No, skip", () =>
      Effect.gen(function* () {
        const { adminActor, clientId } = yield* withPortal(["Acme Corp"])
        const acme = yield* account(adminActor, "Something else")
        const mapping = yield* ClientMapping
        yield* mapping.skip().pipe(actingAs(adminActor))
        const entry = yield* mapping.map(clientId("Acme Corp"), acme.id).pipe(actingAs(adminActor))
        expect(entry.account?.id).toBe(acme.id)
      }),
    )
    it.effect(
      "matches client users of mapped clients to contacts by email and creates the missing ones under the account",
      () =>
        Effect.gen(function* () {
          const { adminActor, organization, clientId } = yield* withPortal(["Acme Corp", "Globex"])
          const acme = yield* account(adminActor, "Acme Corp")
          yield* account(adminActor, "Some other name")
          const records = yield* Records
          const wile = yield* records
            .create("contacts", { last_name: "Coyote", email: "wile.coyote@acme.test", account: acme.id })
            .pipe(actingAs(adminActor))
          const users = [
            {
              zpuid: "u1",
              email: "Wile.COYOTE@Acme.test",
              full_name: "Wile Coyote",
              client_company: { id: clientId("Acme Corp") },
            },
            {
              zpuid: "u2",
              email: "road.runner@acme.test",
              first_name: "Road",
              last_name: "Runner",
              client_company: { id: clientId("Acme Corp") },
            },
            {
              zpuid: "u3",
              email: "hank@globex.test",
              full_name: "Hank Scorpio",
              client_company: { id: clientId("Globex") },
            },
          ]
          yield* Effect.flatMap(PortalCopy, (copy) =>
            copy.upsertClientUsers(organization.id, JSON.stringify(users), new Date()),
          )
          const job = yield* Effect.flatMap(ClientMapping, (m) => m.runAutomatic()).pipe(actingAs(adminActor))
          yield* drain
          const done = yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))
          expect(done.result).toMatchObject({ contacts: { linked: 1, created: 1, notCreated: [] } })
          const contacts = yield* records
            .list("contacts", { filters: { account: acme.id }, sort: "name" })
            .pipe(actingAs(adminActor))
          expect(contacts.items.map((c) => [c.name, c.values.email, c.values.owner])).toEqual([
            ["Coyote", "wile.coyote@acme.test", adminActor.userId],
            ["Road Runner", "road.runner@acme.test", adminActor.userId],
          ])
          const links = yield* Effect.flatMap(Database, (db) =>
            db.execute<{ zpuid: string; contact_id: string | null; source: string | null }>(sql`
            select u.zpuid, u.contact_id, o.source
            from integration_client_users u left join integration_contact_origins o on o.contact_id = u.contact_id
            where u.organization_id = ${organization.id}::uuid order by u.zpuid`),
          )
          const road = contacts.items.find((c) => c.name === "Road Runner")
          expect(links).toEqual([
            { zpuid: "u1", contact_id: wile.id, source: null },
            { zpuid: "u2", contact_id: road?.id, source: "projects" },
            // Globex is not mapped: its client user stays without a contact.
            { zpuid: "u3", contact_id: null, source: null },
          ])
        }),
    )

    it.effect("creates no contact the Contacts fields would refuse, and says why in the job result", () =>
      Effect.gen(function* () {
        const { adminActor, organization, clientId } = yield* withPortal(["Acme Corp"])
        yield* account(adminActor, "Acme Corp")
        yield* Effect.flatMap(Metadata, (m) =>
          m.createField("contacts", { label: "Region", type: "text", required: true }),
        ).pipe(actingAs(adminActor))
        yield* Effect.flatMap(PortalCopy, (copy) =>
          copy.upsertClientUsers(
            organization.id,
            JSON.stringify([
              {
                zpuid: "u1",
                email: "road.runner@acme.test",
                full_name: "Road Runner",
                client_company: { id: clientId("Acme Corp") },
              },
            ]),
            new Date(),
          ),
        )
        const job = yield* Effect.flatMap(ClientMapping, (m) => m.runAutomatic()).pipe(actingAs(adminActor))
        yield* drain
        const done = yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))
        expect(done.status).toBe("succeeded")
        expect(done.result).toMatchObject({
          mapped: 1,
          contacts: {
            created: 0,
            notCreated: [{ email: "road.runner@acme.test", reason: "region is required" }],
          },
        })
        const contacts = yield* Effect.flatMap(Records, (r) => r.list("contacts")).pipe(actingAs(adminActor))
        expect(contacts.items).toEqual([])
      }),
    )
  })
})
