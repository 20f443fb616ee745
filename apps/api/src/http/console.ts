/**
 * Serves the built console (apps/web/dist) at `/`: files as they are, any other path the SPA's
 * index.html (client-side routes). Hashed assets are cached for good; index.html never.
 */
import { readFile, stat } from "node:fs/promises"
import { extname, join, normalize, sep } from "node:path"
import type { Context } from "hono"

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
}

const isFile = async (path: string) => (await stat(path).catch(() => undefined))?.isFile() ?? false

export const serveConsole = (root: string) => async (c: Context) => {
  const relative = normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, "")
  const candidate = join(root, relative)
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)
  const path =
    inside && relative.length > 0 && (await isFile(candidate)) ? candidate : join(root, "index.html")
  const body = await readFile(path)
  const hashed = path.includes(`${sep}assets${sep}`)
  return c.body(body, 200, {
    "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
    "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
  })
}
