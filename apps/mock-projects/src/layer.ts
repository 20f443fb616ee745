/** The mock as an Effect service for tests: `MockProjects.layer(options)` listens on an ephemeral port. */
import { Context, Effect, Layer } from "effect"
import { type MockProjectsHandle, type MockProjectsOptions, startMockProjects } from "./server.js"

export class MockProjects extends Context.Tag("@app/mock-projects/MockProjects")<
  MockProjects,
  MockProjectsHandle
>() {
  static layer = (options: MockProjectsOptions = {}): Layer.Layer<MockProjects> =>
    Layer.scoped(
      MockProjects,
      Effect.acquireRelease(
        Effect.promise(() => startMockProjects({ ...options, port: options.port ?? 0 })),
        (handle) => Effect.promise(() => handle.close()),
      ),
    )
}
