/**
 * Tables of client mapping (SPEC §4.5, seed "Mappage de comptes clients"): which CRM contacts a
 * project's client users became, which projects were checked for them, and which contacts the
 * integration created (the "coming from Projects" mark, kept as CRM data after deactivation).
 */
import { sql } from "drizzle-orm"
import { check, index, pgTable, primaryKey } from "drizzle-orm/pg-core"
import { crmRecords, instant, organizationColumn } from "./crm.js"
import { integrationProjects } from "./integration.js"

/** A client user listed on a project, as the CRM contact associated with that project. */
export const integrationProjectContacts = pgTable(
  "integration_project_contacts",
  (t) => ({
    organizationId: organizationColumn(),
    projectId: t
      .uuid()
      .notNull()
      .references(() => integrationProjects.id, { onDelete: "cascade" }),
    contactId: t
      .uuid()
      .notNull()
      .references(() => crmRecords.id, { onDelete: "cascade" }),
    /** The Projects client user the association came from. */
    zpuid: t.text().notNull(),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    primaryKey({ columns: [table.projectId, table.contactId] }),
    index("integration_project_contacts_contact_idx").on(table.contactId),
  ],
)

/**
 * Projects of mapped clients whose users were read: a project is read again when its copy changed
 * (modified time) or when a client user of its client got a contact since.
 */
export const integrationProjectContactChecks = pgTable(
  "integration_project_contact_checks",
  (t) => ({
    projectId: t
      .uuid()
      .primaryKey()
      .references(() => integrationProjects.id, { onDelete: "cascade" }),
    organizationId: organizationColumn(),
    modifiedTime: instant(),
    checkedAt: instant().notNull(),
  }),
  (table) => [index("integration_project_contact_checks_org_idx").on(table.organizationId)],
)

/** Contacts the integration created from Projects client users (see docs/decisions on client mapping). */
export const integrationContactOrigins = pgTable(
  "integration_contact_origins",
  (t) => ({
    contactId: t
      .uuid()
      .primaryKey()
      .references(() => crmRecords.id, { onDelete: "cascade" }),
    organizationId: organizationColumn(),
    source: t.text().notNull().default("projects"),
    /** The client user (Projects zpuid) and client it was created from. */
    zpuid: t.text().notNull(),
    clientProjectsId: t.text().notNull(),
    createdAt: instant().notNull().defaultNow(),
  }),
  (table) => [
    check("integration_contact_origins_source_check", sql`${table.source} in ('projects')`),
    index("integration_contact_origins_org_idx").on(table.organizationId),
  ],
)
