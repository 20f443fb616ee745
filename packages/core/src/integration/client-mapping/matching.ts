/**
 * The automatic matching rule (seed: "une fois la correspondance exacte trouvée"): a Projects client
 * maps to the CRM account whose normalized name equals its own — Unicode NFKC, case folded, white
 * space trimmed and collapsed (`normalizeAccountName`, the function that fills the accounts'
 * indexed `normalized_name`). Nothing fuzzier. Client names are normalized here, in Node, with that
 * same function (PostgreSQL's lower() under the C locale would not fold "É" or "ß"), then joined in
 * one statement against the index. The preview and the run share `computeOutcomes`.
 */
import { sql } from "drizzle-orm"
import { Effect } from "effect"
import type { OrganizationId } from "../../crm/model.js"
import { normalizeAccountName } from "../../crm/normalize-name.js"
import type { DatabaseShape } from "../../persistence/index.js"
import type { MappingOutcome, MappingReport } from "./model.js"

interface ClientRow {
  readonly id: string
  readonly name: string
  readonly account_id: string | null
  readonly account_name: string | null
  readonly mapped_by: string | null
}

interface MatchRow {
  readonly client_id: string
  readonly n: number
  readonly account_id: string | null
  readonly account_name: string | null
  readonly holder_id: string | null
  readonly holder_name: string | null
  readonly rank: number
  readonly first_id: string
  readonly first_name: string
}

type Mapped = Extract<MappingOutcome, { _tag: "mapped" }>
type Unmapped = Extract<MappingOutcome, { _tag: "unmapped" }>

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * What an automatic run does for each client of the organization. A client already mapped keeps its
 * account (`by` says whether an admin or this run mapped it, so a retried run reports the same).
 * When two unmapped clients share a name matching one free account, the first by name then id gets
 * it and the other is reported as `account_taken`, naming the first.
 */
export const computeOutcomes = (database: DatabaseShape, organizationId: OrganizationId) =>
  Effect.gen(function* () {
    const clients = yield* database.execute<ClientRow>(sql`
      select c.projects_id as id, c.name, c.account_id, a.name as account_name, c.mapped_by
      from integration_clients c
      left join crm_records a on a.id = c.account_id
      where c.organization_id = ${organizationId}::uuid`)
    const mapped: Array<Mapped> = []
    const pending: Array<{ id: string; name: string }> = []
    for (const c of clients) {
      if (c.account_id !== null) {
        mapped.push({
          _tag: "mapped",
          client: { id: c.id, name: c.name },
          account: { id: c.account_id, name: c.account_name ?? "" },
          by: c.mapped_by === "automatic" ? "automatic" : "manual",
        })
      } else pending.push({ id: c.id, name: c.name })
    }
    pending.sort(byName)
    const names = new Map(pending.map((c) => [c.id, c.name]))
    const input = JSON.stringify(pending.map((c, i) => ({ i: c.id, n: normalizeAccountName(c.name), o: i })))
    const rows =
      pending.length === 0
        ? []
        : yield* database.execute<MatchRow>(sql`
      with input as (
        select e->>'i' as client_id, e->>'n' as norm, (e->>'o')::int as ord
        from jsonb_array_elements(${input}::jsonb) as e
      ),
      matched as (
        select i.client_id, i.ord, count(a.id)::int as n,
               (array_agg(a.id))[1] as account_id, (array_agg(a.name))[1] as account_name
        from input i
        left join crm_records a
          on a.organization_id = ${organizationId}::uuid and a.module = 'accounts' and a.normalized_name = i.norm
        group by i.client_id, i.ord
      ),
      held as (
        select m.*, h.projects_id as holder_id, h.name as holder_name,
               (m.n = 1 and h.projects_id is null) as free
        from matched m
        left join integration_clients h
          on m.n = 1 and h.organization_id = ${organizationId}::uuid and h.account_id = m.account_id
      )
      select client_id, n, account_id, account_name, holder_id, holder_name,
             (row_number() over w)::int as rank,
             first_value(client_id) over w as first_id
      from held
      window w as (partition by free, case when free then account_id end order by ord)`)
    const unmapped: Array<Unmapped> = []
    for (const row of rows) {
      const client = { id: row.client_id, name: names.get(row.client_id) ?? "" }
      const account = row.account_id === null ? null : { id: row.account_id, name: row.account_name ?? "" }
      if (row.n === 0) {
        unmapped.push({
          _tag: "unmapped",
          client,
          reason: "no_account",
          matchCount: 0,
          account: null,
          heldBy: null,
        })
      } else if (row.n > 1) {
        unmapped.push({
          _tag: "unmapped",
          client,
          reason: "several_accounts",
          matchCount: row.n,
          account: null,
          heldBy: null,
        })
      } else if (row.holder_id !== null || row.rank > 1) {
        const holderId = row.holder_id ?? row.first_id
        unmapped.push({
          _tag: "unmapped",
          client,
          reason: "account_taken",
          matchCount: 1,
          account,
          heldBy: { id: holderId, name: row.holder_name ?? names.get(holderId) ?? "" },
        })
      } else if (account !== null) {
        mapped.push({ _tag: "mapped", client, account, by: "automatic" })
      }
    }
    mapped.sort((a, b) => byName(a.client, b.client))
    unmapped.sort((a, b) => byName(a.client, b.client))
    return { mapped, unmapped } satisfies MappingReport
  })

/** Writes the run's new mappings (clients still unmapped only: an admin's mapping is never overwritten). */
export const applyOutcomes = (
  database: DatabaseShape,
  organizationId: OrganizationId,
  report: MappingReport,
) =>
  Effect.gen(function* () {
    const pairs = report.mapped
      .filter((m) => m.by === "automatic")
      .map((m) => ({ c: m.client.id, a: m.account.id }))
    if (pairs.length === 0) return 0
    const [row] = yield* database.execute<{ n: number }>(sql`
      with updated as (
        update integration_clients c
        set account_id = (x->>'a')::uuid, mapped_by = 'automatic'
        from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) as x
        where c.organization_id = ${organizationId}::uuid and c.projects_id = x->>'c' and c.account_id is null
        returning 1
      )
      select count(*)::int as n from updated`)
    return row?.n ?? 0
  })
