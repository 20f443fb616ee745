/**
 * The emulator as an Effect service, for in-process use without HTTP: its mock clock follows Effect's
 * `Clock`, so `TestClock.adjust` expires tokens and brings webhook retries due in tests.
 */
import { Context, Effect, Layer } from "effect"
import { EmulatorRegistry } from "./registry.js"
import type { SeedOptions } from "./seed.js"

export class ProjectsEmulator extends Context.Tag("@app/core/ProjectsEmulator")<
  ProjectsEmulator,
  EmulatorRegistry
>() {
  static layer = (
    options: { seed?: number; initialSeed?: SeedOptions } = {},
  ): Layer.Layer<ProjectsEmulator> =>
    Layer.effect(
      ProjectsEmulator,
      Effect.map(
        Effect.clock,
        (clock) => new EmulatorRegistry({ ...options, clock: () => clock.unsafeCurrentTimeMillis() }),
      ),
    )
}
