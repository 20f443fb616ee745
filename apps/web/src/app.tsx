// Routes of the console (SPEC §4 navigation: Setup › Marketplace › Zoho › Projects).
import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router"
import { ErrorBoundary, lazy } from "solid-js"
import { moduleNames } from "./api/types"
import { AppShell } from "./components/app-shell"
import { ErrorPanel } from "./components/error-panel"
import { ProjectPermissionGate } from "./components/project-permission-gate"
import { I18nProvider } from "./i18n"
import { NotFoundPage } from "./pages/not-found-page"
import { SignInPage } from "./pages/sign-in/sign-in-page"

// Pages load on first visit (sign-in and not-found excepted): the initial download stays small.
const ProjectEditPage = lazy(() =>
  import("./pages/projects/project-edit-page").then((m) => ({ default: m.ProjectEditPage })),
)
const ProjectPage = lazy(() =>
  import("./pages/projects/project-page").then((m) => ({ default: m.ProjectPage })),
)
const ProjectsPage = lazy(() =>
  import("./pages/projects/projects-page").then((m) => ({ default: m.ProjectsPage })),
)
const RecordEditPage = lazy(() =>
  import("./pages/records/record-edit-page").then((m) => ({ default: m.RecordEditPage })),
)
const RecordListPage = lazy(() =>
  import("./pages/records/record-list-page").then((m) => ({ default: m.RecordListPage })),
)
const RecordPage = lazy(() => import("./pages/records/record-page").then((m) => ({ default: m.RecordPage })))
const FieldsPage = lazy(() => import("./pages/setup/fields-page").then((m) => ({ default: m.FieldsPage })))
const MarketplacePage = lazy(() =>
  import("./pages/setup/marketplace-page").then((m) => ({ default: m.MarketplacePage })),
)
const EventsPage = lazy(() => import("./pages/setup/events-page").then((m) => ({ default: m.EventsPage })))
const TokensPage = lazy(() => import("./pages/setup/tokens-page").then((m) => ({ default: m.TokensPage })))
const UsersPage = lazy(() => import("./pages/setup/users-page").then((m) => ({ default: m.UsersPage })))
const AuditPage = lazy(() => import("./pages/setup/audit-page").then((m) => ({ default: m.AuditPage })))
const OutboxPage = lazy(() => import("./pages/setup/outbox-page").then((m) => ({ default: m.OutboxPage })))
const SyncRunsPage = lazy(() =>
  import("./pages/sync-runs/sync-runs-page").then((m) => ({ default: m.SyncRunsPage })),
)
const SyncRunPage = lazy(() =>
  import("./pages/sync-runs/sync-run-page").then((m) => ({ default: m.SyncRunPage })),
)
const ZohoProjectsPage = lazy(() =>
  import("./pages/setup/zoho-projects-page").then((m) => ({ default: m.ZohoProjectsPage })),
)
const lazyPages = [
  ProjectEditPage,
  ProjectPage,
  ProjectsPage,
  RecordEditPage,
  RecordListPage,
  RecordPage,
  FieldsPage,
  MarketplacePage,
  TokensPage,
  EventsPage,
  UsersPage,
  ZohoProjectsPage,
  AuditPage,
  OutboxPage,
  SyncRunsPage,
  SyncRunPage,
]

/** Loads every lazy page now (component tests, which should not wait on first visits). */
export const preloadPages = () => Promise.all(lazyPages.map((page) => page.preload()))

const moduleFilter = { module: [...moduleNames] }

const NewProjectRoute = () => (
  <ProjectPermissionGate action="create">
    <ProjectEditPage />
  </ProjectPermissionGate>
)
const EditProjectRoute = () => (
  <ProjectPermissionGate action="edit">
    <ProjectEditPage />
  </ProjectPermissionGate>
)

export function AppRoutes() {
  return (
    <>
      <Route path="/sign-in" component={SignInPage} />
      <Route path="/" component={AppShell}>
        <Route path="/" component={() => <Navigate href="/deals" />} />
        <Route path="/:module" matchFilters={moduleFilter} component={RecordListPage} />
        <Route path="/:module/new" matchFilters={moduleFilter} component={RecordEditPage} />
        <Route path="/:module/:id" matchFilters={moduleFilter} component={RecordPage} />
        <Route path="/:module/:id/edit" matchFilters={moduleFilter} component={RecordEditPage} />
        <Route path="/projects" component={ProjectsPage} />
        <Route path="/projects/new" component={NewProjectRoute} />
        <Route path="/projects/:id" component={ProjectPage} />
        <Route path="/projects/:id/edit" component={EditProjectRoute} />
        <Route path="/setup" component={() => <Navigate href="/setup/marketplace" />} />
        <Route path="/setup/marketplace" component={MarketplacePage} />
        <Route path="/setup/marketplace/zoho/projects" component={ZohoProjectsPage} />
        <Route path="/setup/users" component={UsersPage} />
        <Route path="/setup/fields" component={FieldsPage} />
        <Route path="/setup/tokens" component={TokensPage} />
        <Route path="/setup/events" component={EventsPage} />
        <Route path="/setup/audit" component={AuditPage} />
        <Route path="/setup/outbox" component={OutboxPage} />
        <Route path="/setup/sync-runs" component={SyncRunsPage} />
        <Route path="/setup/sync-runs/:id" component={SyncRunPage} />
        <Route path="*" component={NotFoundPage} />
      </Route>
    </>
  )
}

/** Around every route: a failure nothing nearer caught (the server down at start) is shown, not a blank page. */
export function AppRoot(props: RouteSectionProps) {
  return (
    <ErrorBoundary fallback={(error, reset) => <ErrorPanel error={error} reset={reset} />}>
      {props.children}
    </ErrorBoundary>
  )
}

export function App() {
  return (
    <I18nProvider>
      <Router root={AppRoot}>
        <AppRoutes />
      </Router>
    </I18nProvider>
  )
}
