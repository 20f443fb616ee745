/**
 * Subscribes the user transfer to the CRM's user changes (seed: users later added to such a profile
 * are transferred too). A layer of its own: it needs the one `UserChanges` the CRM's `Users` publish
 * to, which only the edge (main, test harness) holds.
 */
import { Effect, Layer } from "effect"
import { UserChanges } from "../../crm/user-changes.js"
import { UserTransfers } from "./user-transfers.js"

export const UserTransferTriggers = Layer.effectDiscard(
  Effect.gen(function* () {
    const changes = yield* UserChanges
    const transfers = yield* UserTransfers
    yield* changes.subscribe(transfers.onUserChange)
  }),
)
