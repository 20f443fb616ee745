/**
 * The services routes may use. The edge (main.ts, tests) builds one ManagedRuntime from a Layer
 * providing them; new areas add their services to `ApiServices` and their layers to `apiLayer`.
 */
import { CrmLive } from "@app/core/crm"
import type { Database } from "@app/core/persistence"
import { Layer, type ManagedRuntime } from "effect"

/** Every service a route's effect may require (besides CurrentActor, provided per request). */
export type ApiServices = Layer.Layer.Success<ReturnType<typeof apiLayer>>

export type ApiRuntime = ManagedRuntime.ManagedRuntime<ApiServices, never>

/** The application layer over a database layer: what main.ts and the tests run. */
export const apiLayer = <E, R>(database: Layer.Layer<Database, E, R>) => Layer.provideMerge(CrmLive, database)
