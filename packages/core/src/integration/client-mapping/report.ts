/**
 * The email every admin gets after an automatic run (seed: "un e-mail concernant les enregistrements
 * mappés et non mappés, ainsi que le motif"): mapped clients with their account, unmapped ones with
 * the reason, as plain text and as HTML. Names come from users of two systems: always escaped.
 */
import { type MappingReport, reasonText } from "./model.js"

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  )

// Mail headers are one line: a portal name cannot break the subject.
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").trim()

export const renderReport = (portalName: string, report: MappingReport) => {
  const subject = oneLine(
    `Client mapping for ${portalName}: ${report.mapped.length} mapped, ${report.unmapped.length} not mapped`,
  )
  const mappedLines = report.mapped.map(
    (m) =>
      `- ${m.client.name} → ${m.account.name}${m.by === "manual" ? " (mapped earlier by an administrator)" : ""}`,
  )
  const unmappedLines = report.unmapped.map((u) => `- ${u.client.name}: ${reasonText(u)}`)
  const text = [
    `Automatic client mapping ran for the Projects portal ${portalName}.`,
    "Projects of a mapped client are now associated with its CRM account.",
    "",
    `Mapped clients (${report.mapped.length}):`,
    ...(mappedLines.length > 0 ? mappedLines : ["(none)"]),
    "",
    `Clients not mapped (${report.unmapped.length}):`,
    ...(unmappedLines.length > 0 ? unmappedLines : ["(none)"]),
    "",
    "You can map or unmap any client manually in Setup › Marketplace › Zoho › Projects.",
    "",
  ].join("\n")
  const items = (lines: ReadonlyArray<string>) =>
    lines.length > 0 ? `<ul>${lines.join("")}</ul>` : "<p>(none)</p>"
  const html = [
    "<!doctype html><html><body>",
    `<p>Automatic client mapping ran for the Projects portal <strong>${escapeHtml(portalName)}</strong>.`,
    " Projects of a mapped client are now associated with its CRM account.</p>",
    `<h2>Mapped clients (${report.mapped.length})</h2>`,
    items(
      report.mapped.map(
        (m) =>
          `<li>${escapeHtml(m.client.name)} → ${escapeHtml(m.account.name)}${m.by === "manual" ? " <em>(mapped earlier by an administrator)</em>" : ""}</li>`,
      ),
    ),
    `<h2>Clients not mapped (${report.unmapped.length})</h2>`,
    items(report.unmapped.map((u) => `<li>${escapeHtml(u.client.name)}: ${escapeHtml(reasonText(u))}</li>`)),
    "<p>You can map or unmap any client manually in Setup › Marketplace › Zoho › Projects.</p>",
    "</body></html>",
  ].join("")
  return { subject, text, html }
}
