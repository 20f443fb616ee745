/** Every table of the one pg-core schema; each area keeps its tables in its own file. */

export * from "./client-mapping.js"
export * from "./crm.js"
export * from "./external.js"
export * from "./integration.js"
export * from "./integration-settings.js"
export * from "./jobs.js"
export * from "./mail.js"
export * from "./meta.js"
export * from "./sync-runs.js"
