/**
 * The integration's part of GET /me: the Projects tab (shown while a portal is associated, to profiles
 * with Tab visibility ticked) and the actor's five project permissions.
 */
import { ProjectPermissions } from "@app/core/integration"
import { Effect } from "effect"
import type { MeContributor } from "./me.js"

export const integrationTabs: MeContributor = (_actor, current) =>
  Effect.map(
    Effect.flatMap(ProjectPermissions, (p) => p.navigation()),
    (navigation) => ({
      visibleTabs: navigation.projectsTab ? [...current.visibleTabs, "projects"] : current.visibleTabs,
      projectPermissions: navigation.permissions,
    }),
  )
