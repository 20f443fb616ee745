/**
 * The seed's paragraph on client mapping, end to end against the mock Projects server over HTTP: the
 * automatic run maps the demo portal's clients to CRM accounts, their projects join the accounts'
 * related lists, client users become contacts (matched by email or created), project users become
 * project contacts — and client users arriving later through sync are handled the same way.
 */
import { type Actor, Records } from "@app/core/crm"
import {
  CLIENT_CONTACTS_JOB,
  CLIENT_MAPPING_JOB,
  ClientMapping,
  CrmProjects,
  Deactivation,
  IntegrationState,
  PortalSetup,
  PortalSync,
} from "@app/core/integration"
import { JobQueue, JobRunner } from "@app/core/jobs"
import { Mailer, MailTransport, Outbox } from "@app/core/mail"
import { Database } from "@app/core/persistence"
import { newOrganization } from "@app/core/test"
import { expect, layer } from "@effect/vitest"
import { sql } from "drizzle-orm"
import { Effect, Layer, Redacted } from "effect"
import { as, drain, IntegrationTestLayer, mock } from "./integration-harness.js"

const OWNER = "owner@projects.demo.test"

const TestLayer = Layer.mergeAll(Records.Default, Mailer.Default, Outbox.Default).pipe(
  Layer.provideMerge(MailTransport.outboxOnly),
  Layer.provideMerge(IntegrationTestLayer),
)

/** Runs every queued job: sync passes, client mapping, contacts. */
const drainAll = Effect.gen(function* () {
  const runner = yield* JobRunner
  const mapping = yield* ClientMapping
  yield* runner.register(CLIENT_MAPPING_JOB, mapping.handle)
  yield* runner.register(CLIENT_CONTACTS_JOB, mapping.handleContacts)
  return yield* drain
})

const control = Effect.map(mock, (m) => m.control)
const demoPortal = Effect.flatMap(control, (c) => Effect.promise(() => c.state())).pipe(
  Effect.flatMap((state) => Effect.fromNullable(state.portals[0])),
  Effect.orDie,
)
const ownerKey = Effect.flatMap(control, (c) => Effect.promise(() => c.keys(OWNER))).pipe(
  Effect.map((info) => Redacted.make(info.key ?? "")),
)

/** A write to the portal as its owner, over the Projects REST API of the mock. */
const portalPost = (path: string, body: unknown) =>
  Effect.gen(function* () {
    const m = yield* mock
    const portal = yield* demoPortal
    const key = yield* ownerKey
    const response = yield* Effect.promise(() =>
      fetch(`${m.url}/api/v3/portal/${portal.id}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-zsc-key": Redacted.value(key),
          "x-zsc-email": OWNER,
        },
        body: JSON.stringify(body),
      }),
    )
    expect(response.status).toBeLessThan(300)
  })

const associate = (adminActor: Actor) =>
  Effect.gen(function* () {
    const state = yield* IntegrationState
    const view = yield* state.view().pipe(as(adminActor))
    if (view.status !== "setting_up") yield* state.enable().pipe(as(adminActor))
    const portal = yield* demoPortal
    const key = yield* ownerKey
    yield* Effect.flatMap(PortalSetup, (setup) =>
      setup.choosePortal({ portalId: portal.id, source: { _tag: "ServiceKey", email: OWNER, key } }),
    ).pipe(as(adminActor))
    yield* drainAll
  })

const account = (actor: Actor, name: string) =>
  Effect.flatMap(Records, (records) => records.create("accounts", { name })).pipe(as(actor))

const rows = <Row>(query: ReturnType<typeof sql>) => Effect.flatMap(Database, (db) => db.execute<Row>(query))

const projectId = (organizationId: string, name: string) =>
  rows<{ id: string; projects_id: string }>(
    sql`select id, projects_id from integration_projects where organization_id = ${organizationId}::uuid and name = ${name}`,
  ).pipe(
    Effect.flatMap((found) => Effect.fromNullable(found[0])),
    Effect.orDie,
  )

const clientId = (organizationId: string, name: string) =>
  rows<{ projects_id: string }>(
    sql`select projects_id from integration_clients where organization_id = ${organizationId}::uuid and name = ${name}`,
  ).pipe(
    Effect.flatMap((found) => Effect.fromNullable(found[0]?.projects_id)),
    Effect.orDie,
  )

const contactsOf = (accountId: string) =>
  Effect.flatMap(Records, (records) => records.list("contacts", { filters: { account: accountId } }))

layer(TestLayer, { timeout: 120_000, excludeTestServices: true })(
  "client mapping against the mock Projects server",
  (it) => {
    it.effect(
      "maps the demo clients, associates their projects with the accounts and their users with contacts",
      () =>
        Effect.gen(function* () {
          const { adminActor, organization } = yield* newOrganization()
          yield* associate(adminActor)
          const acme = yield* account(adminActor, "ACME corp")
          const initech = yield* account(adminActor, "Initech")
          yield* account(adminActor, "Globex")
          yield* account(adminActor, "globex ")
          const records = yield* Records
          const wile = yield* records
            .create("contacts", {
              first_name: "Wile E.",
              last_name: "Coyote",
              email: "Wile.Coyote@ACME.test",
              account: acme.id,
            })
            .pipe(as(adminActor))

          const mapping = yield* ClientMapping
          const preview = yield* mapping.preview().pipe(as(adminActor))
          const job = yield* mapping.runAutomatic().pipe(as(adminActor))
          yield* drainAll
          const done = yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))
          expect(done.status).toBe("succeeded")
          expect(done.progress?.phase).toBe("contacts")

          // The run did what the preview said.
          const listed = yield* mapping.list().pipe(as(adminActor))
          expect(
            listed
              .filter((e) => e.account !== null)
              .map((e) => e.client.name)
              .sort(),
          ).toEqual(["Acme Corp", "Initech"])
          expect(preview.mapped.map((m) => m.client.name).sort()).toEqual(["Acme Corp", "Initech"])
          expect(Object.fromEntries(preview.unmapped.map((u) => [u.client.name, u.reason]))).toEqual({
            Globex: "several_accounts",
            Umbrella: "no_account",
            "Stark Industries": "no_account",
            "Wayne Enterprises": "no_account",
          })

          // Projects of a mapped client are in the account's related list.
          const related = yield* Effect.flatMap(CrmProjects, (p) => p.forAccount(acme.id, {})).pipe(
            as(adminActor),
          )
          expect(related.items.map((p) => p.name).sort()).toEqual(["Mobile app", "Website redesign"])

          // The existing contact was matched by email, whatever its case; nobody else was created under Acme.
          const acmeContacts = yield* contactsOf(acme.id).pipe(as(adminActor))
          expect(acmeContacts.items.map((c) => c.id)).toEqual([wile.id])
          // Initech's client user had no contact: one was created under Initech, marked as coming from Projects.
          const initechContacts = yield* contactsOf(initech.id).pipe(as(adminActor))
          expect(initechContacts.items).toMatchObject([
            { name: "Peter Gibbons", values: { email: "peter.gibbons@initech.test", account: initech.id } },
          ])
          const peterId = initechContacts.items[0]?.id ?? ""
          const origins = yield* rows<{ contact_id: string; source: string }>(
            sql`select contact_id, source from integration_contact_origins where organization_id = ${organization.id}::uuid`,
          )
          expect(origins).toEqual([{ contact_id: peterId, source: "projects" }])
          // Unmapped clients' users are left alone.
          const hank = yield* rows<{ contact_id: string | null }>(
            sql`select contact_id from integration_client_users where organization_id = ${organization.id}::uuid and email = 'hank.scorpio@globex.test'`,
          )
          expect(hank).toEqual([{ contact_id: null }])

          // Client users listed on a project are that project's contacts.
          const website = yield* projectId(organization.id, "Website redesign")
          const migration = yield* projectId(organization.id, "Data migration")
          const intranet = yield* projectId(organization.id, "Intranet refresh")
          expect(
            (yield* mapping.projectContacts(website.id).pipe(as(adminActor))).map((c) => c.contactId),
          ).toEqual([wile.id])
          expect(
            (yield* mapping.projectContacts(migration.projects_id).pipe(as(adminActor))).map(
              (c) => c.contactId,
            ),
          ).toEqual([peterId])
          expect(yield* mapping.projectContacts(intranet.id).pipe(as(adminActor))).toEqual([])

          // A client user added later in the portal, and to a project, arrives through the next sync.
          const acmeClient = yield* clientId(organization.id, "Acme Corp")
          yield* portalPost(`/clients/${acmeClient}/users`, {
            email: `road.runner.${organization.id.slice(0, 8)}@acme.test`,
            first_name: "Road",
            last_name: "Runner",
          })
          yield* portalPost(`/projects/${website.projects_id}/users`, {
            email: `road.runner.${organization.id.slice(0, 8)}@acme.test`,
          })
          const row = yield* Effect.flatMap(IntegrationState, (s) => s.current()).pipe(as(adminActor))
          yield* Effect.flatMap(PortalSync, (s) => s.enqueue("reconcile", row.row?.associationId ?? "")).pipe(
            as(adminActor),
          )
          yield* drainAll
          const acmeAfter = yield* contactsOf(acme.id).pipe(as(adminActor))
          expect(acmeAfter.items.map((c) => c.name).sort()).toEqual(["Road Runner", "Wile E. Coyote"])
          const websiteContacts = yield* mapping.projectContacts(website.id).pipe(as(adminActor))
          expect(websiteContacts.map((c) => c.name).sort()).toEqual(["Road Runner", "Wile E. Coyote"])

          // Unmapping takes the projects out of the account's list and forgets their project contacts.
          yield* mapping.unmap(acmeClient).pipe(as(adminActor))
          const relatedAfter = yield* Effect.flatMap(CrmProjects, (p) => p.forAccount(acme.id, {})).pipe(
            as(adminActor),
          )
          expect(relatedAfter.items).toEqual([])
          expect(yield* mapping.projectContacts(website.id).pipe(as(adminActor))).toEqual([])
          // Mapping it again by hand maps its users again in the background.
          yield* mapping.map(acmeClient, acme.id).pipe(as(adminActor))
          yield* drainAll
          expect(
            (yield* mapping.projectContacts(website.id).pipe(as(adminActor))).map((c) => c.name).sort(),
          ).toEqual(["Road Runner", "Wile E. Coyote"])
        }),
    )

    it.effect("offers automatic mapping again only after deactivating and associating a portal again", () =>
      Effect.gen(function* () {
        const { adminActor, organization } = yield* newOrganization()
        yield* associate(adminActor)
        yield* account(adminActor, "Acme Corp")
        const mapping = yield* ClientMapping
        yield* mapping.runAutomatic().pipe(as(adminActor))
        yield* drainAll
        expect(yield* mapping.runAutomatic().pipe(as(adminActor), Effect.flip)).toMatchObject({
          _tag: "AutomaticMappingUnavailable",
          choice: "automatic",
        })
        const associations = yield* rows<{ n: number }>(
          sql`select count(*)::int as n from integration_project_contacts where organization_id = ${organization.id}::uuid`,
        )
        // Acme's client users listed on its projects (other tests of the file may add some to the portal).
        expect(associations[0]?.n).toBeGreaterThan(0)

        yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(adminActor))
        const cleared = yield* rows<{ contacts: number; checks: number; clients: number }>(sql`
          select (select count(*)::int from integration_project_contacts where organization_id = ${organization.id}::uuid) as contacts,
                 (select count(*)::int from integration_project_contact_checks where organization_id = ${organization.id}::uuid) as checks,
                 (select count(*)::int from integration_clients where organization_id = ${organization.id}::uuid) as clients`)
        expect(cleared).toEqual([{ contacts: 0, checks: 0, clients: 0 }])
        // Deactivated: no portal, no mapping of any kind.
        expect(yield* mapping.runAutomatic().pipe(as(adminActor), Effect.flip)).toMatchObject({
          _tag: "IntegrationStateConflict",
        })

        yield* associate(adminActor)
        const view = yield* Effect.flatMap(IntegrationState, (s) => s.view()).pipe(as(adminActor))
        expect(view.steps.clientMapping).toBe("pending")
        yield* mapping.skip().pipe(as(adminActor))
        expect(yield* mapping.runAutomatic().pipe(as(adminActor), Effect.flip)).toMatchObject({
          _tag: "AutomaticMappingUnavailable",
          choice: "skipped",
        })
        yield* Effect.flatMap(Deactivation, (d) => d.deactivate()).pipe(as(adminActor))
        yield* associate(adminActor)
        const job = yield* mapping.runAutomatic().pipe(as(adminActor))
        yield* drainAll
        expect((yield* Effect.flatMap(JobQueue, (q) => q.get(job.id))).status).toBe("succeeded")
        expect(
          (yield* mapping.list().pipe(as(adminActor)))
            .filter((e) => e.account !== null)
            .map((e) => e.client.name),
        ).toEqual(["Acme Corp"])
      }),
    )
  },
)
