/**
 * One namespace of the Projects emulator (SPEC §5, projects-api.md) as one object: each method is a function
 * of a module over the namespace state (`state.ts`), bound here so the mock server and the seed call
 * `emu.listProjects(…)`. No HTTP here: the mock server maps requests onto these methods and renders what
 * they return or throw.
 *
 * Methods are synchronous and throw `ProjectsApiError`: every request is one atomic step over plain data
 * (validation runs before the first write), which keeps a page of a 100,000-project portal in the
 * microseconds and lets the server stay a thin adapter.
 */
import * as accounts from "./accounts.js"
import * as auth from "./auth.js"
import * as changes from "./changes.js"
import * as clients from "./clients.js"
import * as deliveries from "./deliveries.js"
import * as faults from "./faults.js"
import * as groups from "./groups.js"
import * as journal from "./journal.js"
import * as keys from "./keys.js"
import * as oauth from "./oauth.js"
import * as portals from "./portals.js"
import * as projectList from "./projects/list.js"
import * as projectMembers from "./projects/members.js"
import * as projectWrites from "./projects/write.js"
import * as rateLimit from "./rate-limit.js"
import * as settings from "./settings.js"
import { Namespace } from "./state.js"
import * as summary from "./summary.js"
import * as users from "./users.js"
import * as webhooks from "./webhooks.js"
import * as comments from "./work/comments.js"
import * as issues from "./work/issues.js"
import * as milestones from "./work/milestones.js"
import * as search from "./work/search.js"
import * as workStatuses from "./work/statuses.js"
import * as tasklists from "./work/tasklists.js"
import * as tasks from "./work/tasks.js"
import * as timeLogs from "./work/time-logs.js"

const bind =
  <A extends ReadonlyArray<unknown>, R>(ns: Namespace, f: (ns: Namespace, ...args: A) => R) =>
  (...args: A): R =>
    f(ns, ...args)

export class Emulator extends Namespace {
  // accounts
  readonly ensureAccount = bind(this, accounts.ensureAccount)
  readonly accountByEmail = bind(this, accounts.accountByEmail)
  readonly addMember = bind(this, accounts.addMember)
  readonly memberByZuid = accounts.memberByZuid
  readonly memberByEmail = bind(this, accounts.memberByEmail)
  // portals
  readonly createPortalFor = bind(this, portals.createPortalFor)
  readonly listPortals = bind(this, portals.listPortals)
  readonly getPortal = bind(this, portals.getPortal)
  readonly createPortal = bind(this, portals.createPortal)
  readonly transferPortal = bind(this, portals.transferPortal)
  // auth
  readonly authenticate = bind(this, auth.authenticate)
  readonly requireScope = auth.requireScope
  readonly access = bind(this, auth.access)
  readonly identityOf = bind(this, auth.identityOf)
  // rate-limit
  readonly rateCheck = bind(this, rateLimit.rateCheck)
  readonly configureRateLimit = bind(this, rateLimit.configureRateLimit)
  // keys
  readonly getKey = bind(this, keys.getKey)
  readonly regenerateKey = bind(this, keys.regenerateKey)
  readonly revokeKey = bind(this, keys.revokeKey)
  // oauth
  readonly beginAuthorization = oauth.beginAuthorization
  readonly approveAuthorization = bind(this, oauth.approveAuthorization)
  readonly knownAccounts = bind(this, oauth.knownAccounts)
  readonly token = bind(this, oauth.token)
  readonly revokeToken = bind(this, oauth.revokeToken)
  readonly userInfo = bind(this, oauth.userInfo)
  readonly issueToken = bind(this, oauth.issueToken)
  // projects/list
  readonly listProjects = bind(this, projectList.listProjects)
  readonly getProject = bind(this, projectList.getProject)
  readonly userProjects = bind(this, projectList.userProjects)
  readonly clientProjects = bind(this, projectList.clientProjects)
  // projects/write
  readonly insertProject = bind(this, projectWrites.insertProject)
  readonly createProject = bind(this, projectWrites.createProject)
  readonly updateProject = bind(this, projectWrites.updateProject)
  readonly trashProject = bind(this, projectWrites.trashProject)
  // projects/members
  readonly listProjectUsers = bind(this, projectMembers.listProjectUsers)
  readonly getProjectUser = bind(this, projectMembers.getProjectUser)
  readonly addProjectUser = bind(this, projectMembers.addProjectUser)
  readonly removeProjectUser = bind(this, projectMembers.removeProjectUser)
  readonly listProjectClients = bind(this, projectMembers.listProjectClients)
  readonly linkProjectClient = bind(this, projectMembers.linkProjectClient)
  readonly unlinkProjectClient = bind(this, projectMembers.unlinkProjectClient)
  // settings
  readonly modules = bind(this, settings.listModules)
  readonly module = bind(this, settings.getModule)
  readonly fields = bind(this, settings.listFields)
  readonly field = bind(this, settings.getField)
  readonly layouts = bind(this, settings.listLayouts)
  readonly layout = bind(this, settings.getLayout)
  readonly statuses = bind(this, settings.listStatuses)
  // users
  readonly listUsers = bind(this, users.listUsers)
  readonly getUser = bind(this, users.getUser)
  readonly addUser = bind(this, users.addUser)
  readonly updateUser = bind(this, users.updateUser)
  readonly removeUser = bind(this, users.removeUser)
  readonly roles = bind(this, users.roles)
  readonly placeUser = bind(this, users.placeUser)
  // clients
  readonly listClients = bind(this, clients.listClients)
  readonly getClient = bind(this, clients.getClient)
  readonly createClient = bind(this, clients.createClient)
  readonly updateClient = bind(this, clients.updateClient)
  readonly deleteClient = bind(this, clients.deleteClient)
  readonly listClientUsers = bind(this, clients.listClientUsers)
  readonly addClientUser = bind(this, clients.addClientUser)
  readonly removeClientUser = bind(this, clients.removeClientUser)
  // groups
  readonly listGroups = bind(this, groups.listGroups)
  readonly getGroup = bind(this, groups.getGroup)
  readonly createGroup = bind(this, groups.createGroup)
  // webhooks
  readonly listWebhooks = bind(this, webhooks.listWebhooks)
  readonly getWebhook = bind(this, webhooks.getWebhook)
  readonly createWebhook = bind(this, webhooks.createWebhook)
  readonly updateWebhook = bind(this, webhooks.updateWebhook)
  readonly deleteWebhook = bind(this, webhooks.deleteWebhook)
  // deliveries
  readonly takeDueDeliveries = bind(this, deliveries.takeDueDeliveries)
  readonly releaseHeldDeliveries = bind(this, deliveries.releaseHeldDeliveries)
  readonly pendingDeliveries = bind(this, deliveries.pendingDeliveries)
  readonly completeDelivery = bind(this, deliveries.completeDelivery)
  // journal
  readonly journal = bind(this, journal.journal)
  readonly queryJournal = bind(this, journal.queryJournal)
  readonly clearJournal = bind(this, journal.clearJournal)
  // changes
  readonly checkpoint = bind(this, changes.checkpoint)
  readonly diff = bind(this, changes.diff)
  // faults
  readonly addFault = bind(this, faults.addFault)
  readonly matchFault = bind(this, faults.matchFault)
  readonly removeFault = bind(this, faults.removeFault)
  readonly setBehavior = bind(this, faults.setBehavior)
  // summary
  readonly summary = bind(this, summary.summary)
  // work/tasks, comments, tasklists, milestones, issues, time-logs, search
  readonly listTasks = bind(this, tasks.listTasks)
  readonly listPortalTasks = bind(this, tasks.listPortalTasks)
  readonly getTask = bind(this, tasks.getTask)
  readonly subtasks = bind(this, tasks.subtasks)
  readonly createTask = bind(this, tasks.createTask)
  readonly updateTask = bind(this, tasks.updateTask)
  readonly deleteTask = bind(this, tasks.deleteTask)
  readonly listComments = bind(this, comments.listComments)
  readonly addComment = bind(this, comments.addComment)
  readonly deleteComment = bind(this, comments.deleteComment)
  readonly listTasklists = bind(this, tasklists.listTasklists)
  readonly getTasklist = bind(this, tasklists.getTasklist)
  readonly createTasklist = bind(this, tasklists.createTasklist)
  readonly updateTasklist = bind(this, tasklists.updateTasklist)
  readonly deleteTasklist = bind(this, tasklists.deleteTasklist)
  readonly listMilestones = bind(this, milestones.listMilestones)
  readonly getMilestone = bind(this, milestones.getMilestone)
  readonly createMilestone = bind(this, milestones.createMilestone)
  readonly updateMilestone = bind(this, milestones.updateMilestone)
  readonly deleteMilestone = bind(this, milestones.deleteMilestone)
  readonly listIssues = bind(this, issues.listIssues)
  readonly listPortalIssues = bind(this, issues.listPortalIssues)
  readonly getIssue = bind(this, issues.getIssue)
  readonly createIssue = bind(this, issues.createIssue)
  readonly updateIssue = bind(this, issues.updateIssue)
  readonly deleteIssue = bind(this, issues.deleteIssue)
  readonly listLogs = bind(this, timeLogs.listLogs)
  readonly addLog = bind(this, timeLogs.addLog)
  readonly updateLog = bind(this, timeLogs.updateLog)
  readonly deleteLog = bind(this, timeLogs.deleteLog)
  readonly searchPortal = bind(this, search.searchPortal)
  readonly searchProject = bind(this, search.searchProject)
  readonly workStatuses = bind(this, workStatuses.workStatuses)
}
