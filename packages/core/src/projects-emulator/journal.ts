/**
 * The request and webhook journal of the control API (`GET /__mock/journal`), capped per namespace.
 */
import { globToRegExp } from "./faults.js"
import type { JournalEntry } from "./model.js"
import { JOURNAL_CAP, type Namespace, type Query } from "./state.js"
import { iso } from "./views.js"

export function journal(ns: Namespace, entry: Omit<JournalEntry, "seq" | "time">): JournalEntry {
  const full: JournalEntry = { seq: ns.seq(), time: iso(ns.now()), ...entry }
  const j = ns.state.journal
  j.push(full)
  if (j.length > JOURNAL_CAP + JOURNAL_CAP / 10) j.splice(0, j.length - JOURNAL_CAP)
  return full
}

export function queryJournal(ns: Namespace, q: Query): JournalEntry[] {
  const since = q.since === undefined ? undefined : Number(q.since)
  const limit = q.limit === undefined ? undefined : Number(q.limit)
  const status = q.status === undefined ? undefined : Number(q.status)
  const pathRe = q.path === undefined ? undefined : globToRegExp(q.path)
  let out = ns.state.journal.filter(
    (e) =>
      (q.type === undefined || e.type === q.type) &&
      (q.method === undefined || e.method === q.method.toUpperCase()) &&
      (pathRe === undefined || pathRe.test(e.path)) &&
      (status === undefined || e.status === status) &&
      (since === undefined || e.seq > since) &&
      (q.portal_id === undefined || e.portalId === q.portal_id) &&
      (q.event === undefined || e.event === q.event),
  )
  if (limit !== undefined && Number.isInteger(limit) && limit >= 0)
    out = out.slice(Math.max(0, out.length - limit))
  return out
}

export function clearJournal(ns: Namespace): void {
  ns.state.journal = []
}
