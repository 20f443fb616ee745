// Any path the console does not know.
import { A } from "@solidjs/router"
import { PageHeader } from "../components/page-header"
import { useI18n } from "../i18n"

export function NotFoundPage() {
  const { t } = useI18n()
  return (
    <>
      <PageHeader title={t("app.notFound")} />
      <A href="/deals">{t("app.backHome")}</A>
    </>
  )
}
