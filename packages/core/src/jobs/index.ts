/** Durable background work: the queue callers enqueue into and the runner that executes it. */
export * from "./job-queue.js"
export * from "./job-runner.js"
export * from "./model.js"
