export { actorOf, makeTestOrganization, TEST_PASSWORD, type TestOrganization } from "./crm-fixtures.js"
export { DEMO_NOW, demoEmulator, demoPortal, failure, signIn, withKey } from "./emulator.js"
export { newOrganization, organizationRow, TestSecrets } from "./integration-fixtures.js"
export { TestDatabase, testDialect } from "./test-database.js"
