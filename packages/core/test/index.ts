export { TestDatabase, testDialect } from "./test-database.js"
