// Rich text from Projects (a project's description is HTML written in the portal's editor), shown
// as formatted text: DOMPurify keeps the formatting and drops scripts, handlers and unsafe URLs.
import DOMPurify from "dompurify"

export const sanitizeHtml = (html: string): string =>
  DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ["style", "form", "input"] })

export function RichText(props: { readonly html: string }) {
  return <div class="rich-text" translate="no" innerHTML={sanitizeHtml(props.html)} />
}
