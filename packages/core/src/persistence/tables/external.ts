import { sql } from "drizzle-orm"
import { check, index, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core"
import { crmApiTokens, instant, organizationColumn } from "./crm.js"

/**
 * Idempotency keys of API writes: one row per (organization, user, key) for 24 hours. A row is
 * `running` while a process holds its lease, then `completed` with the answer to replay.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    userId: t.uuid().notNull(),
    key: t.text().notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: t.text().notNull(),
    status: t.text({ enum: ["running", "completed"] }).notNull(),
    leaseOwner: t.text(),
    leaseExpiresAt: instant(),
    responseStatus: t.integer(),
    responseHeaders: t.jsonb().$type<Record<string, string>>(),
    responseBody: t.text(),
    createdAt: instant().notNull(),
    expiresAt: instant().notNull(),
  }),
  (table) => [
    check("idempotency_keys_status_check", sql`${table.status} in ('running', 'completed')`),
    uniqueIndex("idempotency_keys_scope_key_idx").on(table.organizationId, table.userId, table.key),
    index("idempotency_keys_expires_idx").on(table.expiresAt),
  ],
)

/**
 * A project create sent to the portal under an idempotency key: written (and committed) before the
 * portal is called, completed with the portal's project id in the transaction that stores the copy.
 * A pending row tells a retry to look in the portal before creating again.
 */
export const projectCreateIntents = pgTable(
  "project_create_intents",
  (t) => ({
    organizationId: organizationColumn(),
    intentKey: t.text().notNull(),
    portalId: t.text().notNull(),
    name: t.text().notNull(),
    startedAt: instant().notNull(),
    projectsId: t.text(),
  }),
  (table) => [
    primaryKey({ columns: [table.organizationId, table.intentKey] }),
    index("project_create_intents_started_idx").on(table.startedAt),
  ],
)

/** Endpoints external systems registered for outbound events. The signing secret is sealed. */
export const eventEndpoints = pgTable(
  "event_endpoints",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    url: t.text().notNull(),
    description: t.text().notNull().default(""),
    /** Event types delivered; empty means every type. */
    eventTypes: t.text().array().notNull(),
    secretSealed: t.text().notNull(),
    enabled: t.boolean().notNull().default(true),
    createdAt: instant().notNull(),
  }),
  (table) => [index("event_endpoints_organization_idx").on(table.organizationId)],
)

/** Every event the organization emitted, in order (`seq`): the SSE stream reads it from any process. */
export const outboundEvents = pgTable(
  "outbound_events",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    seq: t.bigserial({ mode: "number" }).notNull(),
    organizationId: organizationColumn(),
    type: t.text().notNull(),
    data: t.jsonb().notNull(),
    createdAt: instant().notNull(),
  }),
  (table) => [
    uniqueIndex("outbound_events_seq_idx").on(table.seq),
    index("outbound_events_organization_seq_idx").on(table.organizationId, table.seq),
    // The retention purge deletes by age.
    index("outbound_events_created_idx").on(table.createdAt),
  ],
)

/** One event to one endpoint; every attempt's answer is kept in `attempts`. */
export const eventDeliveries = pgTable(
  "event_deliveries",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    endpointId: t
      .uuid()
      .notNull()
      .references(() => eventEndpoints.id, { onDelete: "cascade" }),
    eventId: t
      .uuid()
      .notNull()
      .references(() => outboundEvents.id, { onDelete: "cascade" }),
    status: t.text({ enum: ["pending", "delivered", "failed"] }).notNull(),
    attempts: t
      .jsonb()
      .$type<
        ReadonlyArray<{
          at: string
          status: number | null
          error: string | null
          body: string | null
          durationMs: number
        }>
      >()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: instant().notNull(),
    deliveredAt: instant(),
  }),
  (table) => [
    check("event_deliveries_status_check", sql`${table.status} in ('pending', 'delivered', 'failed')`),
    index("event_deliveries_endpoint_created_idx").on(table.endpointId, table.createdAt),
  ],
)

/** Requests per API token per one-minute window, shared by every API process. */
export const apiTokenWindows = pgTable(
  "api_token_windows",
  (t) => ({
    tokenId: t
      .uuid()
      .notNull()
      .references(() => crmApiTokens.id, { onDelete: "cascade" }),
    windowStart: instant().notNull(),
    count: t.integer().notNull(),
  }),
  (table) => [primaryKey({ columns: [table.tokenId, table.windowStart] })],
)
