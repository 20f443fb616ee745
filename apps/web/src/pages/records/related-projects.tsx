// The Projects related list of a Deal or an Account (SPEC §4.6), with "New project" pre-filled from
// the record through the field mapping; on a Contact, the projects its client user is on.
import { A, createAsync } from "@solidjs/router"
import { For, Show } from "solid-js"
import { listRelatedProjects } from "../../api/queries"
import type { ModuleName } from "../../api/types"
import { useMe } from "../../components/app-shell"
import { useI18n } from "../../i18n"

export function RelatedProjects(props: { readonly module: ModuleName; readonly id: string }) {
  const { t } = useI18n()
  const me = useMe()
  const projects = createAsync(() => listRelatedProjects(props.module, props.id))
  const link = () =>
    `/projects/new?${props.module === "deals" ? "dealId" : "accountId"}=${encodeURIComponent(props.id)}`
  return (
    <section class="panel" aria-labelledby="related-projects">
      <h2 id="related-projects">{t("projects.related")}</h2>
      <Show when={me().projectPermissions?.create && props.module !== "contacts"}>
        <A class="button" href={link()}>
          {t("projects.new")}
        </A>
      </Show>
      <Show when={(projects()?.length ?? 0) > 0} fallback={<p class="muted">{t("projects.relatedEmpty")}</p>}>
        <ul>
          <For each={projects()}>
            {(project) => (
              <li>
                <A href={`/projects/${project.id}`}>{project.name}</A>
                <Show when={project.status}>
                  {(status) => (
                    <span class="muted" translate="no">
                      {" "}
                      — {status()}
                    </span>
                  )}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
