/** Failures of client mapping an admin can act on (HTTP status in the comment of each). */
import { Schema } from "effect"
import { ClientMappingChoice } from "../model.js"

/**
 * 409. Automatic mapping is a one-time operation per association (seed: "une opération unique"):
 * after "No, skip" or a run, it comes back only after deactivating and associating a portal again.
 */
export class AutomaticMappingUnavailable extends Schema.TaggedError<AutomaticMappingUnavailable>()(
  "AutomaticMappingUnavailable",
  { choice: ClientMappingChoice },
) {
  override get message() {
    return this.choice === "skipped"
      ? "automatic client mapping was skipped for this portal; map clients manually, or deactivate the integration and associate a portal again to be offered it anew"
      : "automatic client mapping already ran for this portal; map clients manually, or deactivate the integration and associate a portal again to run it anew"
  }
}

/** 404. No Projects client of the associated portal has this id. */
export class ClientNotFound extends Schema.TaggedError<ClientNotFound>()("ClientNotFound", {
  clientId: Schema.String,
}) {
  override get message() {
    return `client ${this.clientId} is not a client of the associated portal`
  }
}

/** 409. An account is mapped to one client at most. */
export class AccountAlreadyMapped extends Schema.TaggedError<AccountAlreadyMapped>()("AccountAlreadyMapped", {
  accountId: Schema.String,
  clientId: Schema.String,
  clientName: Schema.String,
}) {
  override get message() {
    return `the account is already mapped to the client ${this.clientName}; unmap it first`
  }
}
