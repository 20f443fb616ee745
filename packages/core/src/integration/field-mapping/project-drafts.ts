/**
 * Project drafts pre-filled from a Deal or an Account (SPEC §4.3, seed: "le renseignement automatique
 * des champs … à chaque fois qu'un nouveau projet est créé"). For a Deal with an Account, the Accounts
 * mapping fills what the Deals mapping leaves empty. Needs the `create` permission.
 */
import { and, eq, inArray } from "drizzle-orm"
import { Effect, Option, Schema } from "effect"
import { CurrentActor } from "../../crm/actor.js"
import { RecordNotFound } from "../../crm/errors.js"
import type { CrmRecord, FieldValue } from "../../crm/model.js"
import { RecordId } from "../../crm/model.js"
import { Records } from "../../crm/records.js"
import { Database, tables } from "../../persistence/index.js"
import { IntegrationState } from "../lifecycle/integration-state.js"
import { ProjectPermissions } from "../permissions/project-permissions.js"
import { PortalConnection } from "../portal/portal-connection.js"
import { type ConvertContext, type Converted, convertValue } from "./draft-values.js"
import { FieldMapping, type PortalField } from "./field-mapping.js"
import type { DraftField, ProjectDraft, SourceModule } from "./model.js"

const isUuid = Schema.is(Schema.UUID)

export class ProjectDrafts extends Effect.Service<ProjectDrafts>()("@app/core/integration/ProjectDrafts", {
  dependencies: [Records.Default],
  effect: Effect.gen(function* () {
    const database = yield* Database
    const records = yield* Records
    const mapping = yield* FieldMapping
    const connection = yield* PortalConnection
    const state = yield* IntegrationState
    const permissions = yield* ProjectPermissions

    const load = (module: SourceModule, id: string) =>
      isUuid(id)
        ? records.get(module, RecordId.make(id))
        : Effect.fail(new RecordNotFound({ module, recordId: id }))

    /** Names of the CRM users and linked records the values point to, and portal users by email. */
    const contextFor = (sources: ReadonlyArray<CrmRecord>, needsPortalUsers: boolean) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const ids = [
          ...new Set(
            sources.flatMap((r) =>
              Object.values(r.values).filter((v): v is string => typeof v === "string" && isUuid(v)),
            ),
          ),
        ]
        const users =
          ids.length === 0
            ? []
            : yield* database.use((db) =>
                db
                  .select({
                    id: tables.crmUsers.id,
                    email: tables.crmUsers.email,
                    name: tables.crmUsers.name,
                  })
                  .from(tables.crmUsers)
                  .where(
                    and(
                      eq(tables.crmUsers.organizationId, actor.organizationId),
                      inArray(tables.crmUsers.id, ids),
                    ),
                  ),
              )
        const named =
          ids.length === 0
            ? []
            : yield* database.use((db) =>
                db
                  .select({ id: tables.crmRecords.id, name: tables.crmRecords.name })
                  .from(tables.crmRecords)
                  .where(
                    and(
                      eq(tables.crmRecords.organizationId, actor.organizationId),
                      inArray(tables.crmRecords.id, ids),
                    ),
                  ),
              )
        // Users are matched by email in the portal, live: a user transferred a minute ago counts.
        const members = new Map<string, { zpuid: string; name: string }>()
        if (needsPortalUsers && users.length > 0) {
          yield* connection.use("match users with the portal", (api, portalId) =>
            Effect.forEach(users, (u) =>
              Effect.map(api.findUserByEmail(portalId, u.email), (found) => {
                const m = Option.getOrUndefined(found)
                if (m !== undefined && m.is_active !== false)
                  members.set(u.email.toLowerCase(), {
                    zpuid: m.zpuid ?? m.id,
                    name: m.full_name ?? m.name ?? m.email,
                  })
              }),
            ),
          )
        }
        const context: ConvertContext = {
          crmUser: (id) => users.find((u) => u.id === id),
          recordName: (id) => named.find((r) => r.id === id)?.name,
          portalUser: (email) => members.get(email.toLowerCase()),
        }
        return context
      })

    const draft = (primary: CrmRecord, account: CrmRecord | undefined) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const { rows, sides } = yield* mapping.forDrafts(actor.organizationId)
        const needsPortalUsers = rows.some((r) => {
          const type = sides.projectFields.find((f) => f.apiName === r.projectField)?.type
          return type === "user_picklist" || type === "multi_user_picklist"
        })
        const context = yield* contextFor(account ? [primary, account] : [primary], needsPortalUsers)
        const fromRecord = (
          project: PortalField,
          module: SourceModule,
          apiName: string | null,
          record: CrmRecord | undefined,
        ) => {
          if (apiName === null || record === undefined || project.type === null) return undefined
          const crm = sides[module].find((f) => f.apiName === apiName)
          if (crm === undefined) {
            const gone: Converted = {
              _tag: "Unconvertible",
              reason: `the ${module} field ${apiName} no longer exists`,
            }
            return { module, apiName, converted: gone }
          }
          const value: FieldValue | undefined = record.values[apiName]
          return {
            module,
            apiName,
            converted: convertValue(
              { type: project.type, options: project.options, maxLength: project.maxLength },
              crm,
              value,
              context,
            ),
          }
        }
        const fields: Array<DraftField> = sides.projectFields
          .filter((p) => p.type !== null)
          .map((project) => {
            const row = rows.find((r) => r.projectField === project.apiName)
            const base = {
              projectField: project.apiName,
              label: project.label,
              type: project.portalType,
              mandatory: project.mandatory,
            }
            if (row === undefined) return { ...base, value: null, display: null, source: null, problem: null }
            // The primary record's own mapping first, then (a Deal's) Account fills what is left empty.
            const attempts = [
              fromRecord(
                project,
                primary.module === "deals" ? "deals" : "accounts",
                primary.module === "deals" ? row.dealsField : row.accountsField,
                primary,
              ),
              primary.module === "deals"
                ? fromRecord(project, "accounts", row.accountsField, account)
                : undefined,
            ].filter((a) => a !== undefined)
            const hit = attempts.find((a) => a.converted._tag === "Filled")
            if (hit !== undefined && hit.converted._tag === "Filled")
              return {
                ...base,
                value: hit.converted.value,
                display: hit.converted.display,
                source: { module: hit.module, field: hit.apiName },
                problem: null,
              }
            const reasons = attempts.flatMap((a) =>
              a.converted._tag === "Unconvertible" ? [`${a.module}.${a.apiName}: ${a.converted.reason}`] : [],
            )
            return {
              ...base,
              value: null,
              display: null,
              source: null,
              problem: reasons.length > 0 ? reasons.join("; ") : null,
            }
          })
        const result: ProjectDraft = {
          links: {
            dealId: primary.module === "deals" ? primary.id : null,
            accountId: primary.module === "accounts" ? primary.id : (account?.id ?? null),
          },
          fields,
          values: Object.fromEntries(
            fields.filter((f) => f.value !== null).map((f) => [f.projectField, f.value]),
          ),
        }
        return result
      })

    const allowed = Effect.zipRight(state.requireActive("prepare a project"), permissions.require("create"))

    /** `GET /deals/:id/projects/draft`. */
    const forDeal = Effect.fn("ProjectDrafts.forDeal")(function* (dealId: string) {
      yield* allowed
      const deal = yield* load("deals", dealId)
      const accountId = deal.values.account
      const account =
        typeof accountId === "string" && isUuid(accountId)
          ? yield* load("accounts", accountId).pipe(
              Effect.catchTag("RecordNotFound", () => Effect.succeed(undefined)),
            )
          : undefined
      return yield* draft(deal, account)
    })

    /** `GET /accounts/:id/projects/draft`. */
    const forAccount = Effect.fn("ProjectDrafts.forAccount")(function* (accountId: string) {
      yield* allowed
      return yield* draft(yield* load("accounts", accountId), undefined)
    })

    return { forDeal, forAccount } as const
  }),
}) {}
