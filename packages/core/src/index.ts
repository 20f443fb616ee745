export * as Persistence from "./persistence/index.js"
export * as Crm from "./crm/index.js"
export * as AppConfig from "./config/index.js"
