/**
 * The guide at the top of /api/docs: authentication, scopes, idempotency, pagination, errors and
 * events, each with a curl and a TypeScript (`@app/client`) example. Scope and event lists come from
 * core, so the page cannot fall behind them.
 */
import { TOKEN_SCOPES } from "@app/core/crm"
import { EVENT_HEADERS, EVENT_TYPES } from "@app/core/external"

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  )

interface GuideSection {
  readonly id: string
  readonly title: string
  /** Trusted HTML written here. */
  readonly body: string
  readonly curl: string
  readonly typescript: string
}

const SCOPE_MEANINGS: Readonly<Record<(typeof TOKEN_SCOPES)[number], string>> = {
  "projects:read": "read projects, related lists and drafts",
  "projects:write": "create, edit and delete projects",
  "records:read": "read deals, accounts, contacts, fields, users and profiles",
  "records:write": "write deals, accounts and contacts",
  "integration:admin": "the integration's setup, jobs, outbox and event endpoints",
  "events:read": "follow the event stream",
}

const SECTIONS: ReadonlyArray<GuideSection> = [
  {
    id: "authentication",
    title: "Authentication",
    body: `<p>External systems send an API token: <code>Authorization: Bearer crm_…</code>. A signed-in user creates it
under Setup › API tokens (or <code>POST /api/v1/tokens</code>); the token is shown once and acts with its user's
current rights, narrowed to its scopes, until it is revoked or expires. The console uses a session cookie and
sends <code>X-CSRF-Token</code> on writes instead. A missing, revoked or expired token answers 401.</p>`,
    curl: `curl -H "Authorization: Bearer $CRM_TOKEN" https://crm.example.com/api/v1/me`,
    typescript: `import { createClient, ok } from "@app/client"

const crm = createClient({ baseUrl: "https://crm.example.com", token: process.env.CRM_TOKEN })
const me = await ok(await crm.me.$get())`,
  },
  {
    id: "scopes",
    title: "Scopes and rate limits",
    body: `<p>Scopes are chosen when the token is made (default: all; a token may only make tokens with its own
scopes). Reads need the area's read scope, writes its write scope; the user's profile still decides the
rest. A missing scope answers 403 <code>TokenScopeMissing</code>.</p>
<ul>${TOKEN_SCOPES.map((s) => `<li><code>${s}</code> — ${escapeHtml(SCOPE_MEANINGS[s])}</li>`).join("")}</ul>
<p>Each token may make a number of requests per minute (600 unless an administrator sets another with
<code>PATCH /api/v1/tokens/:id</code>). Every answer says where the token stands in <code>RateLimit-Limit</code>,
<code>RateLimit-Remaining</code>, <code>RateLimit-Reset</code> (seconds) and <code>RateLimit-Policy</code>; past the
limit the answer is 429 <code>TokenRateLimited</code> with <code>Retry-After</code>. The limit holds across every
API process of one installation; with several processes a token may pass it by at most 5 % of it per
process, and <code>RateLimit-Remaining</code> is the answering process's count.</p>`,
    curl: `curl -X POST https://crm.example.com/api/v1/tokens \\
  -H "Authorization: Bearer $CRM_TOKEN" -H "Content-Type: application/json" \\
  -d '{"name":"reporting","scopes":["projects:read"],"expiresAt":"2027-06-30T00:00:00Z"}'`,
    typescript: `const created = await ok(
  await crm.tokens.$post({ json: { name: "reporting", scopes: ["projects:read"], expiresAt: "2027-06-30T00:00:00Z" } }),
)
// created.token is shown this once; keep it in your secret store.`,
  },
  {
    id: "idempotency",
    title: "Idempotency",
    body: `<p>Every POST, PUT, PATCH and DELETE accepts <code>Idempotency-Key</code> (1–255 printable characters; a UUID is
best). For 24 hours, a repeat with the same key and the same method, path and body gets the first answer again,
marked <code>Idempotent-Replayed: true</code>, without doing the work twice — across every API process and restart.
While the first request still runs, a repeat answers 409 <code>IdempotencyKeyInUse</code>: retry shortly. The same
key with another request answers 422 <code>IdempotencyKeyReused</code>. A 5xx answer is not kept, so the retry runs
again; a project create whose answer was lost after the portal made it is found in the portal, not made twice.
<code>@app/client</code> adds a key to every write and keeps it across its own retries.</p>`,
    curl: `curl -X POST https://crm.example.com/api/v1/projects \\
  -H "Authorization: Bearer $CRM_TOKEN" -H "Content-Type: application/json" \\
  -H "Idempotency-Key: 6f1c2a0e-3d4b-4f7a-9a51-0c8e2b7d9e11" \\
  -d '{"values":{"name":"Website relaunch"},"dealId":"…"}'`,
    typescript: `// A key is generated per call and reused on the client's retries (no answer, 409 still running, 429, 502–504).
const project = await ok(await crm.projects.$post({ json: { values: { name: "Website relaunch" } } }))
// Or choose it yourself, e.g. from your own record's id:
await crm.projects.$post({ json: { values: { name: "Launch" } } }, { headers: { "Idempotency-Key": "order-4711" } })`,
  },
  {
    id: "pagination",
    title: "Pagination",
    body: `<p>Lists answer <code>{"items": […], "nextCursor": "…"}</code>. Ask for the next page with
<code>?cursor=&lt;nextCursor&gt;</code> (and the same filters) until <code>nextCursor</code> is null; <code>limit</code> sets
the page size (at most 200). Cursors are opaque: an altered one answers 400 naming <code>cursor</code>.</p>`,
    curl: `curl -H "Authorization: Bearer $CRM_TOKEN" "https://crm.example.com/api/v1/projects?limit=100"
curl -H "Authorization: Bearer $CRM_TOKEN" "https://crm.example.com/api/v1/projects?limit=100&cursor=eyJ…"`,
    typescript: `import { collect, items } from "@app/client"

for await (const project of items(async (cursor) => ok(await crm.projects.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } })))) {
  console.log(project.name)
}`,
  },
  {
    id: "errors",
    title: "Errors",
    body: `<p>Every refusal is <code>application/problem+json</code> (RFC 9457): <code>type</code> (a link to the table
below), <code>title</code>, <code>status</code>, <code>detail</code>, the stable <code>code</code> with its
<code>params</code>, and <code>errors</code> — one <code>{field, message, code}</code> per offending input, the field
as a dotted path (<code>values.name</code>) or a header name (<code>Idempotency-Key</code>). Branch on
<code>code</code>, never on wording. 5xx answers say nothing more than "Internal error"; 429 and 503 carry
<code>Retry-After</code>.</p>`,
    curl: `curl -i -X POST https://crm.example.com/api/v1/accounts \\
  -H "Authorization: Bearer $CRM_TOKEN" -H "Content-Type: application/json" -d '{"values":{"name":""}}'
# HTTP/1.1 422 … Content-Type: application/problem+json
# {"type":"/api/docs#problem-record-invalid","title":"Invalid record","status":422,"code":"RecordInvalid","errors":[{"field":"values.name",…}]}`,
    typescript: `import { ApiError } from "@app/client"

try {
  await ok(await crm.accounts.$post({ json: { values: { name: "" } } }))
} catch (error) {
  if (error instanceof ApiError && error.problem.code === "RecordInvalid") console.log(error.fieldError("name"))
  else throw error
}`,
  },
  {
    id: "events",
    title: "Events",
    body: `<p>Administrators register endpoints (<code>POST /api/v1/event-endpoints</code>) for some or
all event types:</p>
<ul>${EVENT_TYPES.map((t) => `<li><code>${t}</code></li>`).join("")}</ul>
<p>Each event is POSTed as JSON <code>{id, seq, type, organizationId, createdAt, data}</code>
(<code>project.updated</code> lists <code>changedFields</code>; project events say in <code>source</code>
whether the change was made through the CRM, <code>crm</code>, or in the portal, <code>portal</code>, found by a
portal webhook or a sync pass after the first import; <code>integration.status_changed</code> gives
<code>from</code>, <code>to</code> and the <code>action</code>, including <code>integration.trial_expired</code> when a
free edition's trial ends) with <code>${EVENT_HEADERS.event}</code>,
<code>${EVENT_HEADERS.eventId}</code>, <code>${EVENT_HEADERS.delivery}</code> and
<code>${EVENT_HEADERS.signature}: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, the HMAC-SHA256 of
<code>&lt;t&gt;.&lt;raw body&gt;</code> under the endpoint's secret (shown once, at registration). Verify the raw body,
refuse timestamps older than 5 minutes, answer 2xx within 10 seconds, and dedupe on the delivery id: delivery is
at least once, retried with growing delays (8 attempts) on any other answer. Every attempt and its answer is in
<code>GET /api/v1/event-endpoints/:id/deliveries</code>; <code>POST /api/v1/event-deliveries/:id/redeliver</code> sends
one again with the same delivery id. The same events stream as server-sent events at
<code>GET /api/v1/events/stream</code> (administrators; tokens need <code>events:read</code>); resume with
<code>Last-Event-ID</code>.</p>`,
    curl: `curl -X POST https://crm.example.com/api/v1/event-endpoints \\
  -H "Authorization: Bearer $CRM_TOKEN" -H "Content-Type: application/json" \\
  -d '{"url":"https://hooks.example.com/crm","eventTypes":["project.created","project.updated"]}'
curl -N -H "Authorization: Bearer $CRM_TOKEN" https://crm.example.com/api/v1/events/stream`,
    typescript: `import { parseEvent } from "@app/client"

// In your receiver, on the raw body:
const event = await parseEvent({ secret: process.env.CRM_EVENTS_SECRET ?? "", header: request.headers.get("x-crm-signature"), body: rawBody })
if (!(await alreadyHandled(request.headers.get("x-crm-delivery")))) await handle(event)`,
  },
]

export const guideToc = () =>
  `<nav><h2>Guide</h2><ul>${SECTIONS.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join("")}</ul></nav>`

export const guideSections = () =>
  SECTIONS.map(
    (s) => `<section><h2 id="${s.id}">${escapeHtml(s.title)}</h2>${s.body}
<h4>curl</h4><pre>${escapeHtml(s.curl)}</pre>
<h4>TypeScript (<code>@app/client</code>)</h4><pre>${escapeHtml(s.typescript)}</pre></section>`,
  ).join("\n")
