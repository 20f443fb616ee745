/**
 * The integration's part of GET /me: the Projects tab is shown while a portal is associated (active,
 * or blocked with a message: key invalid, trial expired) to profiles with Tab visibility ticked.
 */
import { IntegrationState, ProjectPermissions } from "@app/core/integration"
import { Effect } from "effect"
import type { MeContributor } from "./me.js"

const TAB_STATES = new Set(["active", "key_invalid", "trial_expired"])

export const integrationTabs: MeContributor = (_actor, current) =>
  Effect.gen(function* () {
    const permissions = yield* Effect.flatMap(ProjectPermissions, (p) => p.mine())
    const view = yield* Effect.flatMap(IntegrationState, (s) => s.view())
    const showTab = permissions.tab && TAB_STATES.has(view.status)
    return {
      visibleTabs: showTab ? [...current.visibleTabs, "projects"] : current.visibleTabs,
      projectPermissions: permissions,
    }
  })
