export * from "./database.js"
export * from "./layers.js"
export { migrate } from "./migrate.js"
export * as tables from "./tables/index.js"
