/**
 * Records of Deals, Accounts and Contacts. Values live in one jsonb column checked against the
 * field metadata before any write; name, account, owner and timestamps are real columns for the
 * indexes that lists, search and client mapping need. Lists page with opaque cursors in a stable order.
 */
import { type AnyColumn, and, asc, desc, eq, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Either, Schema } from "effect"
import { Database } from "../persistence/index.js"
import { crmFields, crmRecords, crmUsers } from "../persistence/tables/index.js"
import { type Actor, CurrentActor } from "./actor.js"
import { CursorInvalid, type FieldProblem, RecordConflict, RecordInvalid, RecordNotFound } from "./errors.js"
import { Metadata } from "./metadata.js"
import { type CrmRecord, type Field, type FieldValue, type Module, RecordId } from "./model.js"
import { normalizeAccountName } from "./normalize-name.js"
import { type Reference, validateValues } from "./validate.js"

export const RecordSort = Schema.Literal("created", "name")
export type RecordSort = typeof RecordSort.Type

export interface RecordQuery {
  /** Matches the record name or email, case-insensitively. */
  readonly q?: string | undefined
  /** Equality filters keyed by field api name (`owner`, `account` or any other field). */
  readonly filters?: Readonly<Record<string, string>> | undefined
  readonly sort?: RecordSort | undefined
  readonly cursor?: string | undefined
  readonly limit?: number | undefined
}

export interface RecordPage {
  readonly items: ReadonlyArray<CrmRecord>
  /** Pass back as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 200

type Row = typeof crmRecords.$inferSelect

const Cursor = Schema.parseJson(Schema.Struct({ s: RecordSort, k: Schema.String, i: Schema.UUID }))
const encodeCursor = Schema.encodeSync(Cursor)
const decodeCursor = Schema.decodeUnknownEither(Cursor)

const toCursor = (sort: RecordSort, row: Pick<Row, "name" | "createdAt" | "id">) =>
  Buffer.from(
    encodeCursor({ s: sort, k: sort === "name" ? row.name : row.createdAt.toISOString(), i: row.id }),
  ).toString("base64url")

const fromCursor = (sort: RecordSort, cursor: string) =>
  Either.flatMap(decodeCursor(Buffer.from(cursor, "base64url").toString("utf8")), (c) =>
    c.s === sort && (sort === "name" || !Number.isNaN(Date.parse(c.k)))
      ? Either.right(c)
      : Either.left("sort"),
  )

/** Fields kept in real columns rather than in `values`. */
const COLUMN_FIELDS: ReadonlySet<string> = new Set(["owner", "account"])

const hasAccount = (module: Module) => module !== "accounts"

export const toRecord = (row: Row): CrmRecord => {
  const module = row.module
  return {
    id: RecordId.make(row.id),
    module,
    name: row.name,
    values: {
      ...row.values,
      owner: row.ownerId,
      ...(hasAccount(module) ? { account: row.accountId } : {}),
    },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const recordName = (module: Module, values: Readonly<Record<string, FieldValue | undefined>>) =>
  module === "contacts"
    ? [values.first_name, values.last_name].filter((v) => typeof v === "string" && v.length > 0).join(" ")
    : String(values.name ?? "")

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export class Records extends Effect.Service<Records>()("@app/core/crm/Records", {
  effect: Effect.gen(function* () {
    const database = yield* Database
    const metadata = yield* Metadata

    const findRow = (actor: Actor, module: Module, id: string) =>
      database
        .use((db) =>
          db
            .select()
            .from(crmRecords)
            .where(
              and(
                eq(crmRecords.id, id),
                eq(crmRecords.organizationId, actor.organizationId),
                eq(crmRecords.module, module),
              ),
            ),
        )
        .pipe(
          Effect.flatMap(([row]) =>
            row ? Effect.succeed(row) : Effect.fail(new RecordNotFound({ module, recordId: id })),
          ),
        )

    // A referenced record or user must exist in the actor's organization (and users be active).
    const checkReferences = (actor: Actor, references: ReadonlyArray<Reference>) =>
      Effect.gen(function* () {
        const problems: Array<FieldProblem> = []
        for (const ref of references) {
          const target = ref.target
          const found =
            target === "users"
              ? yield* database.use((db) =>
                  db
                    .select({ id: crmUsers.id })
                    .from(crmUsers)
                    .where(
                      and(
                        eq(crmUsers.id, ref.id),
                        eq(crmUsers.organizationId, actor.organizationId),
                        eq(crmUsers.active, true),
                      ),
                    ),
                )
              : yield* database.use((db) =>
                  db
                    .select({ id: crmRecords.id })
                    .from(crmRecords)
                    .where(
                      and(
                        eq(crmRecords.id, ref.id),
                        eq(crmRecords.organizationId, actor.organizationId),
                        eq(crmRecords.module, target),
                      ),
                    ),
                )
          if (found.length === 0) {
            problems.push({
              field: ref.field,
              message:
                ref.target === "users"
                  ? "must be an active user"
                  : `must be an existing ${ref.target} record`,
              code: ref.target === "users" ? "activeUser" : "existingRecord",
              params: { module: ref.target },
            })
          }
        }
        return problems
      })

    // Unique fields are compared case-insensitively; an advisory lock per field serialises writers
    // across API processes, since a jsonb value cannot carry a unique index of its own.
    const checkUnique = (
      actor: Actor,
      module: Module,
      fields: ReadonlyArray<Field>,
      values: Readonly<Record<string, FieldValue>>,
      except?: string,
    ) =>
      Effect.gen(function* () {
        const problems: Array<FieldProblem> = []
        for (const field of fields) {
          const value = values[field.apiName]
          if (!field.unique || value === null || value === undefined || COLUMN_FIELDS.has(field.apiName))
            continue
          yield* database.execute(
            sql`select pg_advisory_xact_lock(hashtext(${`${actor.organizationId}/${module}/${field.apiName}`}))`,
          )
          const clash = yield* database.use((db) =>
            db
              .select({ id: crmRecords.id })
              .from(crmRecords)
              .where(
                and(
                  eq(crmRecords.organizationId, actor.organizationId),
                  eq(crmRecords.module, module),
                  sql`lower(${crmRecords.values}->>${field.apiName}) = lower(${String(value)})`,
                  except ? sql`${crmRecords.id} <> ${except}` : undefined,
                ),
              )
              .limit(1),
          )
          if (clash.length > 0)
            problems.push({
              field: field.apiName,
              message: "is already used by another record",
              code: "unique",
            })
        }
        return problems
      })

    const prepare = (
      actor: Actor,
      module: Module,
      input: Readonly<Record<string, unknown>>,
      mode: "create" | "update",
    ) =>
      Effect.gen(function* () {
        const fields = yield* metadata.fields(module)
        const validation = validateValues(fields, input, mode)
        if (validation._tag === "Invalid")
          return yield* new RecordInvalid({ module, errors: validation.errors })
        const problems = yield* checkReferences(actor, validation.validated.references)
        if (problems.length > 0) return yield* new RecordInvalid({ module, errors: problems })
        return { fields, values: validation.validated.values }
      })

    const columnsOf = (module: Module, merged: Readonly<Record<string, FieldValue | undefined>>) => {
      const jsonValues: Record<string, FieldValue> = {}
      for (const [key, value] of Object.entries(merged)) {
        if (!COLUMN_FIELDS.has(key) && value !== null && value !== undefined) jsonValues[key] = value
      }
      const name = recordName(module, merged)
      return {
        name,
        normalizedName: module === "accounts" ? normalizeAccountName(name) : null,
        values: jsonValues,
      }
    }

    const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

    const create = Effect.fn("Records.create")(function* (
      module: Module,
      input: Readonly<Record<string, unknown>>,
    ) {
      const actor = yield* CurrentActor
      const withOwner = Object.hasOwn(input, "owner") ? input : { ...input, owner: actor.userId }
      return yield* database.transaction(
        Effect.gen(function* () {
          const { fields, values } = yield* prepare(actor, module, withOwner, "create")
          const conflicts = yield* checkUnique(actor, module, fields, values)
          if (conflicts.length > 0) return yield* new RecordConflict({ module, errors: conflicts })
          const at = yield* now
          const owner = values.owner
          if (typeof owner !== "string") return yield* Effect.die("owner missing after validation")
          const account = values.account
          const [row] = yield* database.use((db) =>
            db
              .insert(crmRecords)
              .values({
                organizationId: actor.organizationId,
                module,
                ownerId: owner,
                accountId: hasAccount(module) && typeof account === "string" ? account : null,
                ...columnsOf(module, values),
                createdAt: at,
                updatedAt: at,
              })
              .returning(),
          )
          if (!row) return yield* Effect.die("insert returned no record")
          return toRecord(row)
        }),
      )
    })

    const get = Effect.fn("Records.get")(function* (module: Module, id: RecordId) {
      const actor = yield* CurrentActor
      return toRecord(yield* findRow(actor, module, id))
    })

    const update = Effect.fn("Records.update")(function* (
      module: Module,
      id: RecordId,
      patch: Readonly<Record<string, unknown>>,
    ) {
      const actor = yield* CurrentActor
      return yield* database.transaction(
        Effect.gen(function* () {
          const existing = toRecord(yield* findRow(actor, module, id))
          const { fields, values } = yield* prepare(actor, module, patch, "update")
          const conflicts = yield* checkUnique(actor, module, fields, values, id)
          if (conflicts.length > 0) return yield* new RecordConflict({ module, errors: conflicts })
          const merged = { ...existing.values, ...values }
          const owner = merged.owner
          if (typeof owner !== "string") return yield* Effect.die("owner missing on a stored record")
          const account = merged.account
          const at = yield* now
          const [row] = yield* database.use((db) =>
            db
              .update(crmRecords)
              .set({
                ownerId: owner,
                accountId: hasAccount(module) && typeof account === "string" ? account : null,
                ...columnsOf(module, merged),
                updatedAt: at,
              })
              .where(eq(crmRecords.id, id))
              .returning(),
          )
          if (!row) return yield* new RecordNotFound({ module, recordId: id })
          return toRecord(row)
        }),
      )
    })

    // Custom lookups to a deleted record are cleared rather than left dangling.
    const clearLookupsTo = (actor: Actor, module: Module, id: string) =>
      Effect.gen(function* () {
        const lookups = yield* database.use((db) =>
          db
            .select()
            .from(crmFields)
            .where(
              and(
                eq(crmFields.organizationId, actor.organizationId),
                eq(crmFields.type, "lookup"),
                eq(crmFields.custom, true),
                sql`${crmFields.settings}->>'lookupModule' = ${module}`,
              ),
            ),
        )
        for (const field of lookups) {
          yield* database.use((db) =>
            db
              .update(crmRecords)
              .set({ values: sql`${crmRecords.values} - ${field.apiName}::text` })
              .where(
                and(
                  eq(crmRecords.organizationId, actor.organizationId),
                  eq(crmRecords.module, field.module),
                  sql`${crmRecords.values}->>${field.apiName} = ${id}`,
                ),
              ),
          )
        }
      })

    /** Deletes a record. An account takes its contacts with it; its deals stay, without an account. */
    const remove = Effect.fn("Records.remove")(function* (module: Module, id: RecordId) {
      const actor = yield* CurrentActor
      yield* database.transaction(
        Effect.gen(function* () {
          yield* findRow(actor, module, id)
          if (module === "accounts") {
            const contacts = yield* database.use((db) =>
              db
                .delete(crmRecords)
                .where(and(eq(crmRecords.accountId, id), eq(crmRecords.module, "contacts")))
                .returning({ id: crmRecords.id }),
            )
            for (const contact of contacts) yield* clearLookupsTo(actor, "contacts", contact.id)
            yield* database.use((db) =>
              db
                .update(crmRecords)
                .set({ accountId: null })
                .where(and(eq(crmRecords.accountId, id), eq(crmRecords.module, "deals"))),
            )
          }
          yield* clearLookupsTo(actor, module, id)
          yield* database.use((db) => db.delete(crmRecords).where(eq(crmRecords.id, id)))
        }),
      )
    })

    /** What a list reads: its conditions, order and size. */
    const listing = (module: Module, query: RecordQuery) =>
      Effect.gen(function* () {
        const actor = yield* CurrentActor
        const sort = query.sort ?? "created"
        const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
        const conditions: Array<SQL | undefined> = [
          eq(crmRecords.organizationId, actor.organizationId),
          eq(crmRecords.module, module),
        ]
        const filters = Object.entries(query.filters ?? {})
        if (filters.length > 0) {
          const fields = new Map((yield* metadata.fields(module)).map((f) => [f.apiName, f]))
          const unknown = filters.filter(([name]) => !fields.has(name))
          if (unknown.length > 0) {
            return yield* new RecordInvalid({
              module,
              errors: unknown.map(([name]) => ({
                field: `filter.${name}`,
                message: "is not a field of this module",
                code: "unknownField",
              })),
            })
          }
          for (const [name, value] of filters) {
            if (name === "owner") conditions.push(sql`${crmRecords.ownerId}::text = ${value}`)
            else if (name === "account") conditions.push(sql`${crmRecords.accountId}::text = ${value}`)
            else conditions.push(sql`${crmRecords.values}->>${name} = ${value}`)
          }
        }
        const q = query.q?.trim()
        if (q) {
          const pattern = likePattern(q)
          conditions.push(
            sql`(${crmRecords.name} ilike ${pattern} or ${crmRecords.values}->>'email' ilike ${pattern})`,
          )
        }
        if (query.cursor !== undefined) {
          const cursor = fromCursor(sort, query.cursor)
          if (Either.isLeft(cursor)) return yield* new CursorInvalid()
          const { k, i } = cursor.right
          conditions.push(
            sort === "name"
              ? sql`(${crmRecords.name}, ${crmRecords.id}) > (${k}, ${i}::uuid)`
              : sql`(${crmRecords.createdAt}, ${crmRecords.id}) < (${k}::timestamptz, ${i}::uuid)`,
          )
        }
        const order =
          sort === "name"
            ? [asc(crmRecords.name), asc(crmRecords.id)]
            : [desc(crmRecords.createdAt), desc(crmRecords.id)]
        return { sort, limit, where: and(...conditions), order }
      })

    const list = Effect.fn("Records.list")(function* (module: Module, query: RecordQuery = {}) {
      const { sort, limit, where, order } = yield* listing(module, query)
      const rows = yield* database.use((db) =>
        db
          .select()
          .from(crmRecords)
          .where(where)
          .orderBy(...order)
          .limit(limit + 1),
      )
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        items: page.map(toRecord),
        nextCursor: rows.length > limit && last ? toCursor(sort, last) : null,
      } satisfies RecordPage
    })

    /**
     * `list`, encoded by the database as the API answers a record (`toRecord`, dates as ISO text), so
     * a page reaches the response without being parsed, mapped and serialized again in Node.
     */
    const listEncoded = Effect.fn("Records.listEncoded")(function* (module: Module, query: RecordQuery = {}) {
      const { sort, limit, where, order } = yield* listing(module, query)
      const iso = (column: AnyColumn) =>
        sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      const rows = yield* database.use((db) =>
        db
          .select({
            json: sql<string>`json_build_object(
              'id', ${crmRecords.id},
              'module', ${crmRecords.module},
              'name', ${crmRecords.name},
              'values', ${crmRecords.values} || jsonb_build_object('owner', ${crmRecords.ownerId})${hasAccount(module) ? sql` || jsonb_build_object('account', ${crmRecords.accountId})` : sql``},
              'createdAt', ${iso(crmRecords.createdAt)},
              'updatedAt', ${iso(crmRecords.updatedAt)}
            )::text`,
            name: crmRecords.name,
            createdAt: crmRecords.createdAt,
            id: crmRecords.id,
          })
          .from(crmRecords)
          .where(where)
          .orderBy(...order)
          .limit(limit + 1),
      )
      const page = rows.slice(0, limit)
      const last = page[page.length - 1]
      return {
        itemsJson: `[${page.map((row) => row.json).join(",")}]`,
        nextCursor: rows.length > limit && last ? toCursor(sort, last) : null,
      }
    })

    return { create, get, update, remove, list, listEncoded } as const
  }),
  dependencies: [Metadata.Default],
}) {}
