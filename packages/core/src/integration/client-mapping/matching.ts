/**
 * The automatic matching rule (seed: "une fois la correspondance exacte trouvée"): a Projects client
 * maps to the CRM account whose normalized name equals its own — Unicode NFKC, case folded, white
 * space trimmed and collapsed (`normalizeAccountName`, the function that fills the accounts'
 * indexed `normalized_name`). Nothing fuzzier. Client names are normalized here, in Node, with that
 * same function (PostgreSQL's lower() under the C locale would not fold "É" or "ß"), then joined in
 * one statement against the index. The preview and the run are the same statement; the run adds the
 * write as a data-modifying CTE, so it does exactly what the preview showed.
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
  readonly free: boolean
}

type Mapped = Extract<MappingOutcome, { _tag: "mapped" }>
type Unmapped = Extract<MappingOutcome, { _tag: "unmapped" }>

const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** Unmapped clients in a stable order (name, id) with their normalized names, as one JSON parameter. */
const matchInput = (pending: Array<{ id: string; name: string }>) => {
  pending.sort(byName)
  return JSON.stringify(pending.map((c, i) => ({ i: c.id, n: normalizeAccountName(c.name), o: i })))
}

/**
 * Every unmapped client with the accounts of its name (`n`), the client already holding that account,
 * whether the account is `free`, and the client's `rank` among the clients claiming it. When two
 * unmapped clients share a name matching one free account, the first by name then id gets it.
 */
const ranked = (organizationId: OrganizationId, input: string) => sql`
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
  ),
  ranked as (
    select held.*, (row_number() over w)::int as rank, first_value(client_id) over w as first_id
    from held
    window w as (partition by free, case when free then account_id end order by ord)
  )`

/**
 * The dry run ("Yes, map matching records" before saying yes): every client's outcome, nothing
 * written. A client already mapped keeps its account (`by` says whether an admin or the automatic run
 * mapped it, so after — or during a retried — run the outcome reads the same).
 */
export const computeOutcomes = (database: DatabaseShape, organizationId: OrganizationId) =>
  Effect.gen(function* () {
    // The account name comes from a scalar subquery: a join would hash all accounts for the few mapped.
    const clients = yield* database.execute<ClientRow>(sql`
      select c.projects_id as id, c.name, c.account_id, c.mapped_by,
             case when c.account_id is not null then (select a.name from crm_records a where a.id = c.account_id) end as account_name
      from integration_clients c
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
    const names = new Map(pending.map((c) => [c.id, c.name]))
    const rows =
      pending.length === 0
        ? []
        : yield* database.execute<MatchRow>(sql`${ranked(organizationId, matchInput(pending))}
      select client_id, n, account_id, account_name, holder_id, holder_name, rank, first_id, free
      from ranked`)
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
      } else if (!row.free || row.rank > 1) {
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

/**
 * The run: the preview's statement, writing each new mapping as it derives it (data-modifying CTE),
 * so it does exactly what the preview showed; clients already mapped are never touched. Returns how
 * many clients are mapped and unmapped after it — the report itself is `computeOutcomes` afterwards.
 */
export const mapAutomatically = (database: DatabaseShape, organizationId: OrganizationId) =>
  Effect.gen(function* () {
    // One read for both: the unmapped clients to match and how many are mapped already.
    const clients = yield* database.execute<{ id: string; name: string; mapped: boolean }>(sql`
      select projects_id as id, name, account_id is not null as mapped from integration_clients
      where organization_id = ${organizationId}::uuid`)
    const pending = clients.filter((c) => !c.mapped)
    const already = clients.length - pending.length
    if (pending.length === 0) return { mapped: already, unmapped: 0 }
    const [counts] = yield* database.execute<{ mapped: number; unmapped: number }>(sql`
      ${ranked(organizationId, matchInput(pending))},
      written as (
        update integration_clients c set account_id = r.account_id, mapped_by = 'automatic'
        from ranked r
        where r.free and r.rank = 1 and c.organization_id = ${organizationId}::uuid
          and c.projects_id = r.client_id and c.account_id is null
        returning 1)
      select (select count(*) from written)::int as mapped,
             (select count(*) from ranked where not (free and rank = 1))::int as unmapped`)
    return { mapped: already + (counts?.mapped ?? 0), unmapped: counts?.unmapped ?? 0 }
  })
