/**
 * A state file is JSON, which keeps no shared references: `projectOrder` comes back holding copies of
 * the projects in `projects`. Lists read the order while writes go to the map, so after a reload lists
 * would show projects as they were when saved, deleted ones included. Relinking restores the sharing.
 */
import type { NamespaceState } from "./model.js"

export const relinkSharedObjects = (state: NamespaceState): NamespaceState => {
  for (const portal of state.portals.values()) {
    portal.projectOrder = portal.projectOrder.flatMap((copy) => {
      const project = portal.projects.get(copy.id)
      return project === undefined ? [] : [project]
    })
  }
  return state
}
