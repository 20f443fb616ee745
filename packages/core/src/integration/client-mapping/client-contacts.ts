/**
 * Client users → Contacts, in the background (seed: "le mappage d'utilisateurs clients avec Contacts
 * … s'opère en arrière-plan"): each client user of a mapped client is matched to a contact by email
 * (case-insensitive), or a contact is created under the client's account; each client user listed on
 * a project of a mapped client becomes a contact associated with that project. Runs after an
 * automatic or manual mapping and after every sync pass (client users arriving later).
 */
import { sql } from "drizzle-orm"
import { Clock, Effect } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { Metadata } from "../../crm/metadata.js"
import type { FieldValue, OrganizationId } from "../../crm/model.js"
import { validateValues } from "../../crm/validate.js"
import { Database } from "../../persistence/index.js"
import type { ProjectsApi } from "../../projects-client/index.js"
import type { ContactPassResult } from "./model.js"

interface Missing {
  readonly zpuid: string
  readonly email: string
  readonly name: string
  readonly first_name: string | null
  readonly last_name: string | null
  readonly client_id: string
  readonly account_id: string
  readonly owner_id: string | null
}

/** Parallel reads of project users (the service answers in parallel; the rate limiter paces us). */
const PROJECT_USERS_CONCURRENCY = 4

const text = (value: string | null | undefined) => (value ?? "").trim()

export class ClientContacts extends Effect.Service<ClientContacts>()("@app/core/integration/ClientContacts", {
  dependencies: [Metadata.Default],
  effect: Effect.gen(function* () {
    const database = yield* Database
    const metadata = yield* Metadata

    /**
     * Links client users of mapped clients that have no contact yet to the contact with their email:
     * one of the mapped account's contacts first; else any contact of the organization, since a
     * contact's email is unique in the CRM and that contact is the same person. Returns the clients
     * whose users got a contact.
     */
    const link = (organizationId: OrganizationId) =>
      database.execute<{ client_id: string }>(sql`
        with targets as (
          select u.zpuid, lower(u.email) as email, c.account_id
          from integration_client_users u
          join integration_clients c
            on c.organization_id = u.organization_id and c.projects_id = u.client_projects_id
          where u.organization_id = ${organizationId}::uuid and u.contact_id is null and c.account_id is not null
        ),
        found as (
          select distinct on (t.zpuid) t.zpuid, r.id as contact_id
          from targets t
          join crm_records r
            on r.organization_id = ${organizationId}::uuid and r.module = 'contacts'
           and lower(r.values->>'email') = t.email
          order by t.zpuid, (r.account_id = t.account_id) desc, r.created_at, r.id
        )
        update integration_client_users u set contact_id = f.contact_id
        from found f
        where u.organization_id = ${organizationId}::uuid and u.zpuid = f.zpuid
        returning u.client_projects_id as client_id`)

    /**
     * Creates the contacts still missing, under the mapped account, validated against the Contacts
     * field metadata exactly as the Records service does (a required custom field the client user
     * cannot fill leaves that user without a contact, reported). Owner: the account's owner, else
     * the admin the job acts for. Marked as coming from Projects in `integration_contact_origins`.
     */
    const create = (organizationId: OrganizationId) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const missing = yield* database.execute<Missing>(sql`
          select distinct on (lower(u.email)) u.zpuid, u.email, u.name,
                 u.data->>'first_name' as first_name, u.data->>'last_name' as last_name,
                 c.projects_id as client_id, c.account_id, owner.id as owner_id
          from integration_client_users u
          join integration_clients c
            on c.organization_id = u.organization_id and c.projects_id = u.client_projects_id
          join crm_records a on a.id = c.account_id
          left join crm_users owner on owner.id = a.owner_id and owner.active
          where u.organization_id = ${organizationId}::uuid and u.contact_id is null and c.account_id is not null
          order by lower(u.email), u.zpuid`)
        if (missing.length === 0) return { created: 0, notCreated: [] }
        const fields = yield* metadata.fields("contacts")
        const rows: Array<Record<string, unknown>> = []
        const notCreated: Array<{ email: string; reason: string }> = []
        for (const user of missing) {
          const last = text(user.last_name) || text(user.name) || user.email.split("@")[0] || user.email
          const first = text(user.last_name) ? text(user.first_name) : ""
          const input: Record<string, unknown> = {
            last_name: last,
            ...(first ? { first_name: first } : {}),
            email: user.email,
            account: user.account_id,
            owner: user.owner_id ?? actor.userId,
          }
          const validation = validateValues(fields, input, "create")
          if (validation._tag === "Invalid") {
            notCreated.push({
              email: user.email,
              reason: validation.errors.map((e) => `${e.field} ${e.message}`).join("; "),
            })
            continue
          }
          const values: Record<string, FieldValue> = {}
          for (const [key, value] of Object.entries(validation.validated.values)) {
            if (key !== "owner" && key !== "account" && value !== null) values[key] = value
          }
          rows.push({
            z: user.zpuid,
            c: user.client_id,
            a: user.account_id,
            o: user.owner_id ?? actor.userId,
            n: [values.first_name, values.last_name].filter((v) => typeof v === "string" && v).join(" "),
            v: values,
            e: String(values.email ?? user.email),
          })
        }
        if (rows.length === 0) return { created: 0, notCreated }
        const now = new Date(yield* Clock.currentTimeMillis).toISOString()
        const created = yield* database.transaction(
          Effect.gen(function* () {
            // The lock the Records service takes for the unique email field: no duplicate under a race.
            yield* database.execute(
              sql`select pg_advisory_xact_lock(hashtext(${`${organizationId}/contacts/email`}))`,
            )
            const [row] = yield* database.execute<{ n: number }>(sql`
              with input as (
                select x->>'z' as zpuid, x->>'c' as client_id, (x->>'a')::uuid as account_id,
                       (x->>'o')::uuid as owner_id, x->>'n' as name, x->'v' as vals, lower(x->>'e') as email
                from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) as x
              ),
              inserted as (
                insert into crm_records
                  (organization_id, module, name, account_id, owner_id, values, created_at, updated_at)
                select ${organizationId}::uuid, 'contacts', i.name, i.account_id, i.owner_id, i.vals,
                       ${now}::timestamptz, ${now}::timestamptz
                from input i
                where not exists (
                  select 1 from crm_records r
                  where r.organization_id = ${organizationId}::uuid and r.module = 'contacts'
                    and lower(r.values->>'email') = i.email)
                returning id, lower(values->>'email') as email
              ),
              marked as (
                insert into integration_contact_origins (contact_id, organization_id, source, zpuid, client_projects_id, created_at)
                select n.id, ${organizationId}::uuid, 'projects', i.zpuid, i.client_id, ${now}::timestamptz
                from inserted n join input i on i.email = n.email
                returning 1
              )
              select count(*)::int as n from marked`)
            return row?.n ?? 0
          }),
        )
        return { created, notCreated }
      })

    /**
     * Reads the users of projects of mapped clients that need it — never read, changed since, or of a
     * client whose users got contacts in this pass — and makes the listed client users with a contact
     * that project's contacts (replacing the previous set).
     */
    const associate = (
      api: ProjectsApi,
      portalId: string,
      organizationId: OrganizationId,
      recheckClients: ReadonlyArray<string>,
      onProgress: (done: number, total: number) => Effect.Effect<void>,
    ) =>
      Effect.gen(function* () {
        if (recheckClients.length > 0) {
          yield* database.execute(sql`
            delete from integration_project_contact_checks k
            using integration_projects p
            where k.project_id = p.id and p.organization_id = ${organizationId}::uuid
              and exists (
                select 1 from jsonb_array_elements_text(${JSON.stringify(recheckClients)}::jsonb) as c(id)
                where p.data->'clients' @> jsonb_build_array(jsonb_build_object('id', c.id)))`)
        }
        const projects = yield* database.execute<{
          id: string
          projects_id: string
          modified_time: string | null
        }>(sql`
          select distinct p.id, p.projects_id, p.modified_time::text as modified_time
          from integration_clients c
          join integration_projects p
            on p.organization_id = c.organization_id
           and p.data->'clients' @> jsonb_build_array(jsonb_build_object('id', c.projects_id))
          left join integration_project_contact_checks k on k.project_id = p.id
          where c.organization_id = ${organizationId}::uuid and c.account_id is not null
            and (k.project_id is null or k.modified_time is distinct from p.modified_time)`)
        let done = 0
        let associations = 0
        yield* Effect.forEach(
          projects,
          (project) =>
            Effect.gen(function* () {
              const users = yield* api.listAllProjectUsers(portalId, project.projects_id)
              const zpuids = JSON.stringify(users.map((u) => u.zpuid ?? u.id))
              const now = new Date(yield* Clock.currentTimeMillis).toISOString()
              const added = yield* database.transaction(
                Effect.gen(function* () {
                  yield* database.execute(sql`
                    delete from integration_project_contacts pc
                    where pc.project_id = ${project.id}::uuid
                      and not exists (
                        select 1 from integration_client_users u
                        where u.organization_id = ${organizationId}::uuid and u.contact_id = pc.contact_id
                          and u.zpuid in (select jsonb_array_elements_text(${zpuids}::jsonb)))`)
                  const inserted = yield* database.execute<{ n: number }>(sql`
                    with added as (
                      insert into integration_project_contacts (organization_id, project_id, contact_id, zpuid, created_at)
                      select distinct on (u.contact_id) ${organizationId}::uuid, ${project.id}::uuid, u.contact_id, u.zpuid, ${now}::timestamptz
                      from integration_client_users u
                      where u.organization_id = ${organizationId}::uuid and u.contact_id is not null
                        and u.zpuid in (select jsonb_array_elements_text(${zpuids}::jsonb))
                      order by u.contact_id, u.zpuid
                      on conflict (project_id, contact_id) do nothing
                      returning 1
                    )
                    select count(*)::int as n from added`)
                  yield* database.execute(sql`
                    insert into integration_project_contact_checks (project_id, organization_id, modified_time, checked_at)
                    values (${project.id}::uuid, ${organizationId}::uuid, ${project.modified_time}::timestamptz, ${now}::timestamptz)
                    on conflict (project_id) do update set modified_time = excluded.modified_time, checked_at = excluded.checked_at`)
                  return inserted[0]?.n ?? 0
                }),
              )
              associations += added
              done += 1
              yield* onProgress(done, projects.length)
            }).pipe(
              // A project deleted in the portal since the last sync: the next pass removes its copy.
              Effect.catchTag("ProjectsNotFound", () => Effect.void),
            ),
          { concurrency: PROJECT_USERS_CONCURRENCY, discard: true },
        )
        return { projectsChecked: projects.length, associations }
      })

    /** The whole pass for the current actor's organization; cheap when no client is mapped. */
    const reconcile = Effect.fn("ClientContacts.reconcile")(function* (
      api: ProjectsApi,
      portalId: string,
      organizationId: OrganizationId,
      onProgress: (done: number, total: number) => Effect.Effect<void> = () => Effect.void,
    ) {
      const [any] = yield* database.execute<{ one: number }>(
        sql`select 1 as one from integration_clients where organization_id = ${organizationId}::uuid and account_id is not null limit 1`,
      )
      if (any === undefined) {
        return {
          linked: 0,
          created: 0,
          notCreated: [],
          projectsChecked: 0,
          associations: 0,
        } satisfies ContactPassResult
      }
      const linked = yield* link(organizationId)
      const { created, notCreated } = yield* create(organizationId)
      const linkedAfter = created > 0 ? yield* link(organizationId) : []
      for (const miss of notCreated) {
        yield* Effect.logWarning("client user left without a contact", {
          email: miss.email,
          reason: miss.reason,
        })
      }
      const touched = [...new Set([...linked, ...linkedAfter].map((r) => r.client_id))]
      const projects = yield* associate(api, portalId, organizationId, touched, onProgress)
      return {
        linked: linked.length + linkedAfter.length - created,
        created,
        notCreated,
        ...projects,
      } satisfies ContactPassResult
    })

    /** Forgets the project associations of a client's projects (unmapping). */
    const forgetClient = Effect.fn("ClientContacts.forgetClient")(function* (
      organizationId: OrganizationId,
      clientId: string,
    ) {
      const clientFilter = sql`p.organization_id = ${organizationId}::uuid and p.data->'clients' @> jsonb_build_array(jsonb_build_object('id', ${clientId}::text))`
      yield* database.execute(
        sql`delete from integration_project_contacts pc using integration_projects p where pc.project_id = p.id and ${clientFilter}`,
      )
      yield* database.execute(
        sql`delete from integration_project_contact_checks k using integration_projects p where k.project_id = p.id and ${clientFilter}`,
      )
    })

    return { reconcile, forgetClient } as const
  }),
}) {}
