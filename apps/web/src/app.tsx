// Routes of the console (SPEC §4 navigation: Setup › Marketplace › Zoho › Projects).
import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router"
import { ErrorBoundary } from "solid-js"
import { moduleNames } from "./api/types"
import { AppShell } from "./components/app-shell"
import { ErrorPanel } from "./components/error-panel"
import { I18nProvider } from "./i18n"
import { NotFoundPage } from "./pages/not-found-page"
import { ProjectEditPage } from "./pages/projects/project-edit-page"
import { ProjectPage } from "./pages/projects/project-page"
import { ProjectsPage } from "./pages/projects/projects-page"
import { RecordEditPage } from "./pages/records/record-edit-page"
import { RecordListPage } from "./pages/records/record-list-page"
import { RecordPage } from "./pages/records/record-page"
import { FieldsPage } from "./pages/setup/fields-page"
import { MarketplacePage } from "./pages/setup/marketplace-page"
import { TokensPage } from "./pages/setup/tokens-page"
import { UsersPage } from "./pages/setup/users-page"
import { ZohoProjectsPage } from "./pages/setup/zoho-projects-page"
import { SignInPage } from "./pages/sign-in/sign-in-page"

const moduleFilter = { module: [...moduleNames] }

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
        <Route path="/projects/new" component={ProjectEditPage} />
        <Route path="/projects/:id" component={ProjectPage} />
        <Route path="/projects/:id/edit" component={ProjectEditPage} />
        <Route path="/setup" component={() => <Navigate href="/setup/marketplace" />} />
        <Route path="/setup/marketplace" component={MarketplacePage} />
        <Route path="/setup/marketplace/zoho/projects" component={ZohoProjectsPage} />
        <Route path="/setup/users" component={UsersPage} />
        <Route path="/setup/fields" component={FieldsPage} />
        <Route path="/setup/tokens" component={TokensPage} />
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
