/**
 * Tables of the CRM host (SPEC §3): organizations, profiles, users, sessions, API tokens, field
 * metadata and records. Every row carries `organization_id`; invariants are constraints so they hold
 * across any number of API processes.
 */
import { sql } from "drizzle-orm"
import { check, foreignKey, index, pgTable, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core"
import { Edition, FieldType, Module, type RecordValues } from "../../crm/model.js"

// Timestamps have millisecond precision: cursors carry them through JavaScript Dates and back.
/** An instant to the millisecond, with its time zone: every timestamp column of the product. */
export const instant = () => timestamp({ withTimezone: true, precision: 3 })

/** The organization a row belongs to: the row goes with it. */
export const organizationColumn = () =>
  uuid()
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" })

export const organizations = pgTable(
  "crm_organizations",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    name: t.text().notNull(),
    edition: t.text({ enum: Edition.literals }).notNull(),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    check(
      "crm_organizations_edition_check",
      sql`${table.edition} in ('free', 'standard', 'professional', 'enterprise')`,
    ),
  ],
)

export const crmProfiles = pgTable(
  "crm_profiles",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    name: t.text().notNull(),
    description: t.text().notNull().default(""),
    isAdmin: t.boolean().notNull().default(false),
    builtIn: t.boolean().notNull().default(false),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    uniqueIndex("crm_profiles_org_name_unique").on(table.organizationId, sql`lower(${table.name})`),
  ],
)

export const crmUsers = pgTable(
  "crm_users",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    profileId: t
      .uuid()
      .notNull()
      .references(() => crmProfiles.id, { onDelete: "restrict" }),
    name: t.text().notNull(),
    email: t.text().notNull(),
    /** `scrypt$N$r$p$salt$hash` (base64url parts); null until a password is set. */
    passwordHash: t.text(),
    active: t.boolean().notNull().default(true),
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    uniqueIndex("crm_users_org_email_unique").on(table.organizationId, sql`lower(${table.email})`),
    index("crm_users_email_idx").on(sql`lower(${table.email})`),
  ],
)

export const crmSessions = pgTable(
  "crm_sessions",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    userId: t
      .uuid()
      .notNull()
      .references(() => crmUsers.id, { onDelete: "cascade" }),
    /** SHA-256 of the cookie token; the token itself is never stored. */
    tokenHash: t.text().notNull(),
    createdAt: instant().notNull().defaultNow(),
    expiresAt: instant().notNull(),
  }),
  (table) => [
    uniqueIndex("crm_sessions_token_hash_unique").on(table.tokenHash),
    index("crm_sessions_user_idx").on(table.userId),
  ],
)

/** One row per failed sign-in; the throttle counts them per (email, ip) in a sliding window. */
export const crmSignInFailures = pgTable(
  "crm_sign_in_failures",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    email: t.text().notNull(),
    ip: t.text().notNull(),
    failedAt: instant().notNull(),
  }),
  (table) => [index("crm_sign_in_failures_email_ip_idx").on(table.email, table.ip, table.failedAt)],
)

export const crmApiTokens = pgTable(
  "crm_api_tokens",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    userId: t
      .uuid()
      .notNull()
      .references(() => crmUsers.id, { onDelete: "cascade" }),
    name: t.text().notNull(),
    /** A short hint derived from the token's digest, shown in lists so users can tell tokens apart. */
    prefix: t.text().notNull(),
    tokenHash: t.text().notNull(),
    createdAt: instant().notNull().defaultNow(),
    lastUsedAt: instant(),
    revokedAt: instant(),
    /** What the token may do; tokens made before scopes existed keep every scope. */
    scopes: t
      .text()
      .array()
      .notNull()
      .default(
        sql`'{projects:read,projects:write,records:read,records:write,integration:admin,events:read}'::text[]`,
      ),
    expiresAt: instant(),
    /** Requests per minute; administrators change it. */
    rateLimitPerMinute: t.integer().notNull().default(600),
  }),
  (table) => [
    uniqueIndex("crm_api_tokens_hash_unique").on(table.tokenHash),
    index("crm_api_tokens_user_idx").on(table.userId),
  ],
)

export const crmFields = pgTable(
  "crm_fields",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    module: t.text({ enum: Module.literals }).notNull(),
    apiName: t.text().notNull(),
    label: t.text().notNull(),
    type: t.text({ enum: FieldType.literals }).notNull(),
    required: t.boolean().notNull().default(false),
    unique: t.boolean().notNull().default(false),
    custom: t.boolean().notNull().default(false),
    /** Picklist options, lookup target module, … (decoded by the metadata schema). */
    settings: t.jsonb().notNull().default({}),
    position: t.integer().notNull(),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    uniqueIndex("crm_fields_org_module_api_name_unique").on(
      table.organizationId,
      table.module,
      table.apiName,
    ),
    check("crm_fields_module_check", sql`${table.module} in ('deals', 'accounts', 'contacts')`),
  ],
)

export const crmRecords = pgTable(
  "crm_records",
  (t) => ({
    id: t.uuid().primaryKey().defaultRandom(),
    organizationId: organizationColumn(),
    module: t.text({ enum: Module.literals }).notNull(),
    name: t.text().notNull(),
    /** Accounts only: NFKC, case-folded, trimmed, whitespace-collapsed name (client mapping matches on it). */
    normalizedName: t.text(),
    /** Contacts: their account (required); deals: optional. Account deletion is handled by the service. */
    accountId: t.uuid(),
    ownerId: t
      .uuid()
      .notNull()
      .references(() => crmUsers.id, { onDelete: "restrict" }),
    /** Values of the other fields, keyed by api name, validated against crm_fields before writing. */
    values: t.jsonb().$type<RecordValues>().notNull().default({}),
    createdAt: instant().notNull().defaultNow(),
    updatedAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    foreignKey({ columns: [table.accountId], foreignColumns: [table.id] }).onDelete("restrict"),
    check("crm_records_module_check", sql`${table.module} in ('deals', 'accounts', 'contacts')`),
    check(
      "crm_records_contact_account_check",
      sql`${table.module} <> 'contacts' or ${table.accountId} is not null`,
    ),
    check(
      "crm_records_normalized_name_check",
      sql`(${table.module} = 'accounts') = (${table.normalizedName} is not null)`,
    ),
    index("crm_records_list_idx").on(table.organizationId, table.module, table.createdAt, table.id),
    index("crm_records_name_idx").on(table.organizationId, table.module, table.name, table.id),
    index("crm_records_account_idx").on(table.accountId),
    index("crm_records_owner_idx").on(table.ownerId),
    index("crm_records_normalized_name_idx")
      .on(table.organizationId, table.normalizedName)
      .where(sql`${table.module} = 'accounts'`),
  ],
)
