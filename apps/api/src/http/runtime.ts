/**
 * The services routes may use. The edge (main.ts, tests) builds one ManagedRuntime from a Layer
 * providing them; new areas add their services to `ApiServices` and their layers to `apiLayer`.
 */
import { randomBytes } from "node:crypto"
import { CrmLive } from "@app/core/crm"
import { ExternalLayer } from "@app/core/external"
import { IntegrationConfig, IntegrationLayer, UserTransferTriggers } from "@app/core/integration"
import { JobQueue } from "@app/core/jobs"
import { Mailer, MailTransport, Outbox } from "@app/core/mail"
import type { Database } from "@app/core/persistence"
import { ProjectsClient, ProjectsClientConfig } from "@app/core/projects-client"
import { Secrets } from "@app/core/secrets"
import { Layer, type ManagedRuntime, Redacted } from "effect"

/** Every service a route's effect may require (besides CurrentActor, provided per request). */
export type ApiServices = Layer.Layer.Success<ReturnType<typeof apiLayer>>

export type ApiRuntime = ManagedRuntime.ManagedRuntime<ApiServices, never>

export interface ApiLayerOptions {
  /** Where Projects and its accounts server are; default PROJECTS_API_URL / PROJECTS_ACCOUNTS_URL. */
  readonly projects?: { readonly apiUrl: string; readonly accountsUrl: string }
  /** Where the portal sends webhooks and OAuth returns; default PUBLIC_URL or http://127.0.0.1:PORT. */
  readonly publicUrl?: string
  /**
   * The key of stored credentials; default APP_SECRET. The embedded start generates one into DATA_DIR;
   * tests without one get a key of their own for the life of the runtime.
   */
  readonly appSecret?: Redacted.Redacted<string>
  /** Older secrets that stored credentials may still be sealed with (APP_SECRET_PREVIOUS). */
  readonly appSecretPrevious?: ReadonlyArray<Redacted.Redacted<string>>
  /** Mail delivery; default SMTP_URL, else the outbox only. */
  readonly mail?: Layer.Layer<MailTransport>
}

const secretsLayer = (
  appSecret: Redacted.Redacted<string> | undefined,
  previous: ReadonlyArray<Redacted.Redacted<string>> = [],
) =>
  appSecret === undefined
    ? Secrets.Default.pipe(
        Layer.orElse(() =>
          Layer.sync(Secrets, () =>
            Secrets.make(Secrets.fromSecret({ current: Redacted.make(randomBytes(32).toString("hex")) })),
          ),
        ),
      )
    : Layer.succeed(Secrets, Secrets.make(Secrets.fromSecret({ current: appSecret, previous })))

/** The application layer over a database layer: what main.ts and the tests run. */
export const apiLayer = <E, R>(database: Layer.Layer<Database, E, R>, options: ApiLayerOptions = {}) => {
  // A configuration error is a deployment fault: the process stops with it rather than serving.
  const platform = Layer.mergeAll(
    options.projects === undefined
      ? ProjectsClient.Default
      : ProjectsClient.DefaultWithoutDependencies.pipe(
          Layer.provide(Layer.succeed(ProjectsClientConfig, ProjectsClientConfig.with(options.projects))),
        ),
    options.publicUrl === undefined
      ? IntegrationConfig.Default
      : Layer.succeed(IntegrationConfig, IntegrationConfig.with({ publicUrl: options.publicUrl })),
    secretsLayer(options.appSecret, options.appSecretPrevious),
    JobQueue.Default,
    options.mail ?? MailTransport.fromConfig,
  ).pipe(Layer.orDie)
  // The transfer triggers subscribe to the one UserChanges instance CrmLive publishes to.
  const services = UserTransferTriggers.pipe(
    Layer.provideMerge(
      Layer.mergeAll(CrmLive, IntegrationLayer, ExternalLayer, Mailer.Default, Outbox.Default).pipe(
        Layer.provideMerge(platform),
      ),
    ),
  )
  return Layer.provideMerge(services, database)
}
