// Setup › Marketplace: the extensions the CRM offers; Zoho Projects is the one there is.
import { A } from "@solidjs/router"
import { PageHeader } from "../../components/page-header"
import { useI18n } from "../../i18n"

export function MarketplacePage() {
  const { t } = useI18n()
  return (
    <>
      <PageHeader title={t("marketplace.title")} breadcrumb={t("nav.setup")}>
        <p class="muted">{t("marketplace.intro")}</p>
      </PageHeader>
      <section aria-labelledby="marketplace-zoho">
        <h2 id="marketplace-zoho">{t("marketplace.zoho")}</h2>
        <ul class="cards">
          <li class="card">
            <h3>
              <A href="/setup/marketplace/zoho/projects">{t("marketplace.zohoProjects.name")}</A>
            </h3>
            <p>{t("marketplace.zohoProjects.description")}</p>
          </li>
        </ul>
      </section>
    </>
  )
}
