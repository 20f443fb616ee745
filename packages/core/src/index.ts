export * as Persistence from "./persistence/index.js"
