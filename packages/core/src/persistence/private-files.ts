/**
 * The embedded database's files are the organization's data and sealed credentials: only the user
 * running the product may read them. PGlite creates its files world-writable, so the tree is
 * tightened after it opens and again after it closes (directories 0700, files 0600).
 */
import { chmod, mkdir, readdir } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"

const tighten = async (dir: string): Promise<void> => {
  await chmod(dir, 0o700)
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) await tighten(path)
    else if (entry.isFile()) await chmod(path, 0o600)
  }
}

/** Creates `dir` (0700) if missing; nothing else. */
export const privateDirectory = (dir: string) =>
  Effect.promise(async () => {
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await chmod(dir, 0o700)
  })

/** Sets every directory under `dir` to 0700 and every file to 0600. */
export const restrictTree = (dir: string) => Effect.promise(() => tighten(dir))
