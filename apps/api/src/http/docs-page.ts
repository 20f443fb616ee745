/**
 * The browsable API reference at /api/docs: rendered on the server from the OpenAPI document, one
 * self-contained HTML page (no script, no CDN).
 */
import { createHash } from "node:crypto"
import { guideSections, guideToc } from "./docs-guide.js"
import type { OpenApiDocument } from "./openapi.js"

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  )

const pretty = (value: unknown) => escapeHtml(JSON.stringify(value, null, 2))

interface Operation {
  readonly summary?: string
  readonly description?: string
  readonly tags?: ReadonlyArray<string>
  readonly security?: ReadonlyArray<unknown>
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: unknown }>
  readonly requestBody?: unknown
  readonly responses?: Readonly<Record<string, unknown>>
}

const anchor = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-")

const DOCS_STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:1000px;margin:2rem auto;padding:0 1rem;color:#1d2330}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f6f8;padding:.75rem;overflow:auto;border-radius:6px}
details{border:1px solid #dde3ea;border-radius:6px;margin:.5rem 0;padding:.5rem .75rem}summary{cursor:pointer}
.method{display:inline-block;min-width:4.5em;font-weight:600;font-size:12px}.get{color:#0b7a3e}.post{color:#1a5fb4}.patch,.put{color:#9a6700}.delete{color:#b42318}
table{border-collapse:collapse}td,th{border:1px solid #dde3ea;padding:.25rem .5rem;text-align:left}
`

/** The page's Content-Security-Policy: no script at all, and only its own stylesheet (by hash). */
export const DOCS_CSP = {
  defaultSrc: ["'none'"],
  styleSrc: [`'sha256-${createHash("sha256").update(DOCS_STYLE).digest("base64")}'`],
  imgSrc: ["'self'", "data:"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
}

export const docsPage = (document: OpenApiDocument) => {
  const byTag = new Map<string, Array<string>>()
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const operation = raw as Operation
      const tag = operation.tags?.[0] ?? "other"
      const params = (operation.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ", required" : ""})</li>`,
        )
        .join("")
      const html = `<details id="${anchor(`${method} ${path}`)}">
  <summary><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> — ${escapeHtml(operation.summary ?? "")}${operation.security?.length === 0 ? " <em>(public)</em>" : ""}</summary>
  ${operation.description ? `<p>${escapeHtml(operation.description)}</p>` : ""}
  ${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}
  ${operation.requestBody ? `<h4>Request body</h4><pre>${pretty(operation.requestBody)}</pre>` : ""}
  <h4>Responses</h4><pre>${pretty(operation.responses ?? {})}</pre>
</details>`
      byTag.set(tag, [...(byTag.get(tag) ?? []), html])
    }
  }
  const sections = [...byTag.entries()]
    .map(
      ([tag, ops]) => `<section><h2 id="${anchor(tag)}">${escapeHtml(tag)}</h2>${ops.join("\n")}</section>`,
    )
    .join("\n")
  const problems = document["x-problem-types"]
    .map(
      (p) =>
        `<tr id="problem-${anchor(p.tag.replace(/([a-z])([A-Z])/g, "$1-$2"))}"><td><code>${escapeHtml(p.tag)}</code></td><td>${p.status}</td><td>${escapeHtml(p.title)}</td></tr>`,
    )
    .join("")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} — API reference</title>
<style>${DOCS_STYLE}</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
${guideToc()}
${guideSections()}
${sections}
<section><h2 id="problems">Problem types</h2><table><tr><th>type</th><th>status</th><th>title</th></tr>${problems}</table></section>
<section><h2>Schemas</h2><pre>${pretty(document.components.schemas)}</pre></section>
</body></html>`
}
