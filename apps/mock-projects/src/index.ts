/** `@app/mock-projects`: the mock Projects server, its control client and its Effect layer. */
export { createApp, type MockApp } from "./app.js"
export * from "./control-client.js"
export { MockProjects } from "./layer.js"
export {
  createMockProjects,
  type MockProjectsHandle,
  type MockProjectsOptions,
  parseRateLimit,
  startMockProjects,
} from "./server.js"
export { sign as signWebhookBody } from "./webhooks.js"
