/**
 * Seeded work inside projects: task lists, tasks (some subtasks, some closed), a milestone, issues,
 * comments and time logs, every choice drawn from the seed's PRNG so the same seed gives the same work.
 */
import type { Emulator } from "./emulator.js"
import type { Member, Portal, Project, Task } from "./model.js"
import type { Prng } from "./prng.js"
import { nextFloat, nextInt, pick } from "./prng.js"
import { DAY, dateOf } from "./seed-data.js"
import { issueStatuses, taskStatuses, workOf } from "./work/access.js"

const VERB = ["Draft", "Review", "Build", "Test", "Plan", "Document", "Migrate", "Deploy", "Design", "Fix"]
const THING = [
  "wireframes",
  "API",
  "data model",
  "login page",
  "reports",
  "invoices",
  "search",
  "backups",
  "emails",
]
const BUG = [
  "fails on Safari",
  "shows the wrong total",
  "times out",
  "loses the draft",
  "sorts badly",
  "crashes",
]
const LISTS = ["Design", "Build", "Launch"]

export interface WorkCounts {
  tasks: number
  issues: number
}

/** Adds `counts.tasks` tasks and `counts.issues` issues to a project, starting at `from` (ms). */
export function seedWork(
  emu: Emulator,
  rng: Prng,
  portal: Portal,
  p: Project,
  counts: WorkCounts,
  from: number,
) {
  const work = workOf(p)
  const tStatuses = taskStatuses(emu, portal)
  const iStatuses = issueStatuses(emu, portal)
  const staff = p.members.flatMap((z) => {
    const m = portal.members.get(z)
    return m !== undefined && m.role !== "Client" ? [m] : []
  })
  const people: Member[] = staff.length > 0 ? staff : []
  const owner = (): string => (people.length > 0 ? pick(rng, people).zpuid : p.owner)
  const milestone = {
    id: emu.newId(),
    name: "Phase 1",
    owner: p.owner,
    startDate: dateOf(from),
    endDate: dateOf(from + 60 * DAY),
    status: "active" as const,
    flag: "internal" as const,
    createdTime: from,
    modifiedTime: from,
  }
  if (counts.tasks > 0 || counts.issues > 0) work.milestones.set(milestone.id, milestone)
  const lists = LISTS.slice(0, counts.tasks > 0 ? Math.min(3, 1 + Math.floor(counts.tasks / 4)) : 0).map(
    (name, i) => {
      const l = {
        id: emu.newId(),
        name,
        flag: "internal" as const,
        sequence: i + 1,
        createdTime: from,
        modifiedTime: from,
        ...(i === 0 ? { milestoneId: milestone.id } : {}),
      }
      work.tasklists.set(l.id, l)
      return l
    },
  )
  let last: Task | undefined
  for (let i = 0; i < counts.tasks; i++) {
    const created = from + i * 3_600_000
    const closed = nextFloat(rng) < 0.35
    const status = closed ? tStatuses[3] : pick(rng, tStatuses.slice(0, 3))
    const start = created + nextInt(rng, 10) * DAY
    const t: Task = {
      id: emu.newId(),
      key: `${portal.keyPrefix}-T${++work.taskCounter}`,
      name: `${pick(rng, VERB)} ${pick(rng, THING)}`,
      tasklistId: pick(rng, lists).id,
      statusId: status?.id ?? "",
      priority: pick(rng, ["none", "low", "medium", "high"] as const),
      owners: [owner()],
      createdBy: p.owner,
      startDate: dateOf(start),
      endDate: dateOf(start + (2 + nextInt(rng, 20)) * DAY),
      percentComplete: closed ? 100 : nextInt(rng, 10) * 10,
      custom: {},
      comments: [],
      createdTime: created,
      modifiedTime: created + nextInt(rng, 5) * DAY,
    }
    if (closed) t.completedTime = t.modifiedTime
    if (last !== undefined && last.parentId === undefined && nextFloat(rng) < 0.2) {
      t.parentId = last.id
      t.tasklistId = last.tasklistId
    }
    if (nextFloat(rng) < 0.3)
      t.comments.push({
        id: emu.newId(),
        content: "Looks good.",
        createdBy: owner(),
        createdTime: created + DAY,
      })
    work.tasks.set(t.id, t)
    if (nextFloat(rng) < 0.5) {
      const log = {
        id: emu.newId(),
        taskId: t.id,
        owner: t.owners[0] ?? p.owner,
        date: dateOf(start),
        minutes: 30 * (1 + nextInt(rng, 8)),
        billable: nextFloat(rng) < 0.8,
        createdTime: created,
        modifiedTime: created,
      }
      work.logs.set(log.id, log)
    }
    last = t
  }
  for (let i = 0; i < counts.issues; i++) {
    const created = from + i * 7_200_000
    const closed = nextFloat(rng) < 0.3
    const issue = {
      id: emu.newId(),
      key: `${portal.keyPrefix}-I${++work.issueCounter}`,
      title: `${pick(rng, THING)} ${pick(rng, BUG)}`.replace(/^./, (c) => c.toUpperCase()),
      statusId: (closed ? iStatuses[3] : iStatuses[0])?.id ?? "",
      severity: pick(rng, ["minor", "major", "critical"] as const),
      assignee: owner(),
      reporter: p.owner,
      isBillable: false,
      createdTime: created,
      modifiedTime: created,
      ...(closed ? { closedTime: created + DAY } : {}),
    }
    work.issues.set(issue.id, issue)
  }
}
