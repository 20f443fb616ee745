/**
 * Tables of the Projects integration (SPEC §4): one integration row per organization, its audit log,
 * and the CRM's copy of the associated portal (projects, clients, client users, portal users).
 * Copies are keyed by the Projects id so every sync is an idempotent upsert.
 */
import { sql } from "drizzle-orm"
import { check, index, pgTable, primaryKey, uniqueIndex } from "drizzle-orm/pg-core"
import { ClientMappingChoice, StoredStatus } from "../../integration/model.js"
import { crmProfiles, crmRecords, crmUsers, instant, organizationColumn, organizations } from "./crm.js"

export const integrations = pgTable(
  "integrations",
  (t) => ({
    organizationId: t
      .uuid()
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** Stored state; "trial expired" is derived from the trial end and the edition when read. */
    status: t.text({ enum: StoredStatus.literals }).notNull(),
    /** Set once, at the first enable of a free-edition organization: a trial is never restarted. */
    trialStartedAt: instant(),
    trialEndsAt: instant(),
    /** Changes each time a portal is associated: jobs of an older association stop. */
    associationId: t.uuid(),
    portalId: t.text(),
    portalName: t.text(),
    /** The admin who associated the portal: background passes act for them. */
    associatedBy: t.uuid().references(() => crmUsers.id, { onDelete: "set null" }),
    /** How the integration reaches the portal: `key` (service key + email) or `oauth`. */
    credentialKind: t.text({ enum: ["key", "oauth"] }),
    credentialEmail: t.text(),
    /** AES-256-GCM envelope of the key or OAuth tokens; never returned by the API. */
    credentialSecret: t.text(),
    /** OAuth connection made before a portal is chosen (own-portal case), encrypted. */
    pendingOAuth: t.text(),
    oauthState: t.text(),
    oauthStateExpiresAt: instant(),
    webhookId: t.text(),
    webhookSecret: t.text(),
    clientMapping: t.text({ enum: ClientMappingChoice.literals }).notNull().default("pending"),
    fieldMappingSavedAt: instant(),
    permissionsSavedAt: instant(),
    lastSyncedAt: instant(),
    /** What the last sync pass could not copy (`SyncFailures`): shown to administrators. */
    lastSyncFailures: t.jsonb(),
    keyInvalidSince: instant(),
    updatedAt: instant().notNull().defaultNow(),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    check(
      "integrations_status_check",
      sql`${table.status} in ('setting_up', 'active', 'key_invalid', 'deactivated')`,
    ),
    check(
      "integrations_client_mapping_check",
      sql`${table.clientMapping} in ('pending', 'automatic', 'skipped')`,
    ),
    uniqueIndex("integrations_webhook_id_unique").on(table.webhookId),
  ],
)

export const integrationAudit = pgTable(
  "integration_audit",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    actorUserId: t.uuid().references(() => crmUsers.id, { onDelete: "set null" }),
    /** Who, as shown to admins even after the user is gone ("system" for jobs). */
    actorLabel: t.text().notNull(),
    action: t.text().notNull(),
    before: t.jsonb(),
    after: t.jsonb(),
    at: instant().notNull(),
  }),
  (table) => [index("integration_audit_org_at_idx").on(table.organizationId, table.at, table.id)],
)

export const integrationProjects = pgTable(
  "integration_projects",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    projectsId: t.text().notNull(),
    name: t.text().notNull(),
    key: t.text(),
    status: t.text(),
    projectType: t.text(),
    ownerEmail: t.text(),
    ownerName: t.text(),
    startDate: t.text(),
    endDate: t.text(),
    /** The whole V3 project object as last seen, custom fields included. */
    data: t.jsonb().notNull(),
    modifiedTime: instant(),
    dealId: t.uuid().references(() => crmRecords.id, { onDelete: "set null" }),
    accountId: t.uuid().references(() => crmRecords.id, { onDelete: "set null" }),
    syncedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    uniqueIndex("integration_projects_org_projects_id_unique").on(table.organizationId, table.projectsId),
    index("integration_projects_org_name_idx").on(table.organizationId, sql`lower(${table.name})`, table.id),
    // Search by name, `ILIKE '%…%'`: trigrams (pg_trgm, installed in public by a migration).
    index("integration_projects_name_trgm_idx").using("gin", table.name.op("public.gin_trgm_ops")),
    index("integration_projects_deal_idx").on(table.dealId),
    index("integration_projects_account_idx").on(table.accountId),
    // Projects of a client: `data->'clients' @> '[{"id": …}]'` (client mapping, account related list).
    index("integration_projects_clients_idx").using("gin", sql`(${table.data} -> 'clients') jsonb_path_ops`),
  ],
)

export const integrationClients = pgTable(
  "integration_clients",
  (t) => ({
    organizationId: organizationColumn(),
    projectsId: t.text().notNull(),
    name: t.text().notNull(),
    data: t.jsonb().notNull(),
    /** The CRM account this client is mapped to; an account maps to one client at most. */
    accountId: t.uuid().references(() => crmRecords.id, { onDelete: "set null" }),
    mappedBy: t.text(),
    syncedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    primaryKey({ columns: [table.organizationId, table.projectsId] }),
    uniqueIndex("integration_clients_account_unique")
      .on(table.organizationId, table.accountId)
      .where(sql`${table.accountId} is not null`),
  ],
)

export const integrationClientUsers = pgTable(
  "integration_client_users",
  (t) => ({
    organizationId: organizationColumn(),
    zpuid: t.text().notNull(),
    clientProjectsId: t.text().notNull(),
    email: t.text().notNull(),
    name: t.text().notNull(),
    data: t.jsonb().notNull(),
    contactId: t.uuid().references(() => crmRecords.id, { onDelete: "set null" }),
    syncedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    primaryKey({ columns: [table.organizationId, table.zpuid] }),
    index("integration_client_users_client_idx").on(table.organizationId, table.clientProjectsId),
  ],
)

export const integrationPortalUsers = pgTable(
  "integration_portal_users",
  (t) => ({
    organizationId: organizationColumn(),
    zpuid: t.text().notNull(),
    email: t.text().notNull(),
    name: t.text().notNull(),
    role: t.text().notNull(),
    active: t.boolean().notNull(),
    syncedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    primaryKey({ columns: [table.organizationId, table.zpuid] }),
    index("integration_portal_users_email_idx").on(table.organizationId, sql`lower(${table.email})`),
  ],
)

/** Webhook deliveries already applied, so a redelivered event changes nothing. */
export const integrationWebhookEvents = pgTable(
  "integration_webhook_events",
  (t) => ({
    organizationId: organizationColumn(),
    eventId: t.text().notNull(),
    event: t.text().notNull(),
    projectsId: t.text(),
    sequence: t.bigint({ mode: "number" }),
    receivedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    primaryKey({ columns: [table.organizationId, table.eventId] }),
    // A late update must not bring back a project whose deletion was already applied.
    index("integration_webhook_events_deleted_idx")
      .on(table.organizationId, table.projectsId, table.sequence)
      .where(sql`${table.event} = 'project.deleted'`),
  ],
)

/**
 * Per-profile project permissions (SPEC §4.4). No row: Administrator profiles have every box ticked,
 * other profiles none (issue #6 defaults).
 */
export const integrationProfilePermissions = pgTable(
  "integration_profile_permissions",
  (t) => ({
    organizationId: organizationColumn(),
    profileId: t
      .uuid()
      .notNull()
      .references(() => crmProfiles.id, { onDelete: "cascade" }),
    tab: t.boolean().notNull(),
    view: t.boolean().notNull(),
    create: t.boolean().notNull(),
    edit: t.boolean().notNull(),
    delete: t.boolean().notNull(),
    updatedAt: instant().notNull().defaultNow(),
  }),
  (table) => [primaryKey({ columns: [table.organizationId, table.profileId] })],
)
