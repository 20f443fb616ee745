/**
 * Step 2, field mapping (SPEC §4.3): the candidates on both sides, and the mapping itself. The type
 * compatibility rules are in core (`field-mapping/compatibility.ts`) and printed in the description.
 */
import {
  compatibleSources,
  FieldMapping,
  FieldMappingCandidates,
  FieldMappingInput,
  FieldMappingView,
} from "@app/core/integration"
import { Effect } from "effect"
import { Hono } from "hono"
import type { ApiEnv } from "../env.js"
import { describe } from "../http/openapi.js"
import { respond } from "../http/respond.js"
import { runEffect } from "../http/run-effect.js"
import { json } from "../http/validate.js"

const tags = ["field mapping"]

const rules = Object.entries(compatibleSources)
  .map(([project, crm]) => `- ${project} ← ${crm.join(", ")}`)
  .join("\n")

export const fieldMappingRoutes = new Hono<ApiEnv>()
  .get(
    "/integration/field-mappings/candidates",
    describe({
      summary:
        "The portal's standard and custom project fields, each with the Deals and Accounts fields that may fill it",
      tags,
      responses: { 200: { description: "Candidates", schema: FieldMappingCandidates } },
    }),
    async (c) =>
      respond(
        c,
        FieldMappingCandidates,
        await runEffect(
          c,
          Effect.flatMap(FieldMapping, (m) => m.candidates()),
        ),
      ),
  )
  .get(
    "/integration/field-mappings",
    describe({
      summary: "The field mapping; a line whose field is gone from the portal or the CRM is flagged broken",
      tags,
      responses: { 200: { description: "The mapping", schema: FieldMappingView } },
    }),
    async (c) =>
      respond(
        c,
        FieldMappingView,
        await runEffect(
          c,
          Effect.flatMap(FieldMapping, (m) => m.get()),
        ),
      ),
  )
  .put(
    "/integration/field-mappings",
    describe({
      summary: "Map Now: replace the whole field mapping (administrators)",
      description: `Each project field takes a Deals field and/or an Accounts field of a compatible type (project type ← CRM types):\n${rules}\nPicklists must also cover every CRM option. A violation is a 422 naming each pair and the reason; nothing is saved.`,
      tags,
      responses: { 200: { description: "The saved mapping", schema: FieldMappingView } },
    }),
    json(FieldMappingInput),
    async (c) => {
      const { entries } = c.req.valid("json")
      return respond(
        c,
        FieldMappingView,
        await runEffect(
          c,
          Effect.flatMap(FieldMapping, (m) => m.replace(entries)),
        ),
      )
    },
  )
