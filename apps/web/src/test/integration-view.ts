// `GET /integration` bodies for component tests.
import type { IntegrationStatus } from "../api/types"

export const integrationView = (patch: Partial<IntegrationStatus>): IntegrationStatus => ({
  status: "not_enabled",
  trial: null,
  portal: null,
  credential: null,
  steps: { portal: false, fieldMapping: false, permissions: false, clientMapping: "pending" },
  lastSyncedAt: null,
  syncFailures: null,
  message: null,
  ...patch,
})
