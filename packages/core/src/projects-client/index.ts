/** The one client of the Projects REST API: typed operations, OAuth, robust transport. */
export * from "./config.js"
export * from "./credentials.js"
export * from "./errors.js"
export * from "./model.js"
export * from "./projects-client.js"
