export { newOrganization, TestSecrets } from "./integration-fixtures.js"
export { TestDatabase, testDialect } from "./test-database.js"
