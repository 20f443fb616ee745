/** Every table of the one pg-core schema; each area keeps its tables in its own file. */
export * from "./meta.js"
export * from "./crm.js"
export * from "./jobs.js"
export * from "./mail.js"
export * from "./integration.js"
export * from "./integration-settings.js"
export * from "./client-mapping.js"
