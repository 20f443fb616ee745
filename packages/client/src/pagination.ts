/**
 * Cursor pagination: list routes answer `{ items, nextCursor }`; the next page is asked with
 * `cursor=<nextCursor>` until it is null. These helpers walk the pages for you.
 */

export interface Page<T> {
  readonly items: ReadonlyArray<T>
  readonly nextCursor: string | null
}

/** Every page, in order: `fetchPage(undefined)` first, then with each `nextCursor`. */
export async function* pages<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  let cursor: string | undefined
  do {
    const page = await fetchPage(cursor)
    yield page
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
}

/** Every item of every page, in order. */
export async function* items<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  for await (const page of pages(fetchPage)) yield* page.items
}

/** Every item, collected (stop early with `limit`). */
export async function collect<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  limit = Number.POSITIVE_INFINITY,
): Promise<Array<T>> {
  const all: Array<T> = []
  for await (const item of items(fetchPage)) {
    if (all.length >= limit) break
    all.push(item)
  }
  return all
}
