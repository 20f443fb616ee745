/**
 * The Projects API client: the one way the integration reaches Projects. It speaks the Projects REST
 * shape and never knows whether the other end is the mock or the real service. Its parts: `oauth.ts`
 * (the accounts server), `connection.ts` (credentials and failures of one connection),
 * `projects-operations.ts` and `people-operations.ts` (the REST operations), `wire.ts` (bodies and pages).
 */
import { Effect } from "effect"
import { ProjectsClientConfig } from "./config.js"
import { makeConnection } from "./connection.js"
import type { ProjectsCredentials } from "./credentials.js"
import { execute } from "./http.js"
import { makeOAuth } from "./oauth.js"
import { peopleOperations } from "./people-operations.js"
import { projectOperations } from "./projects-operations.js"

export type * from "./options.js"

export class ProjectsClient extends Effect.Service<ProjectsClient>()("@app/core/ProjectsClient", {
  effect: Effect.gen(function* () {
    const settings = yield* ProjectsClientConfig
    const send = execute(settings)
    const oauth = makeOAuth(settings, send)

    /** The API for one set of credentials. OAuth tokens are refreshed in place and shared by its calls. */
    const connect = (credentials: ProjectsCredentials) =>
      Effect.map(makeConnection(settings, send, oauth, credentials), (connection) => ({
        ...projectOperations(connection),
        ...peopleOperations(connection),
      }))

    return { connect, ...oauth } as const
  }),
  dependencies: [ProjectsClientConfig.Default],
}) {}

/** The API of one connection (`ProjectsClient.connect(credentials)`). */
export type ProjectsApi = Effect.Effect.Success<ReturnType<ProjectsClient["connect"]>>
