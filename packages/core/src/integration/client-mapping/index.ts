/** Client ↔ account mapping (SPEC §4.5): what the API, the job runner and the sync use. */
export { ClientContacts } from "./client-contacts.js"
export {
  CLIENT_CONTACTS_JOB,
  CLIENT_MAPPING_JOB,
  ClientMapping,
  ClientMappingPayload,
} from "./client-mapping.js"
export * from "./errors.js"
export { computeOutcomes } from "./matching.js"
export * from "./model.js"
export { renderReport } from "./report.js"
