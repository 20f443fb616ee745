// A cursor-paged list read through a router query: the first page reloads when its input changes,
// Load more appends the next ones.
import { createAsync } from "@solidjs/router"
import { createEffect, createSignal, on } from "solid-js"

export interface Page<T> {
  readonly items: ReadonlyArray<T>
  readonly nextCursor: string | null
}

export function usePagedList<T, I>(
  input: () => I,
  read: (input: I, cursor: string | null) => Promise<Page<T>>,
) {
  const first = createAsync(() => read(input(), null))
  const [more, setMore] = createSignal<ReadonlyArray<T>>([])
  const [cursor, setCursor] = createSignal<string | null | undefined>()
  const [loading, setLoading] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  createEffect(
    on(first, () => {
      setMore([])
      setCursor(undefined)
      setError(undefined)
    }),
  )
  const next = () => {
    const current = cursor()
    return current === undefined ? (first()?.nextCursor ?? null) : current
  }
  const loadMore = async () => {
    const from = next()
    if (!from) return
    setLoading(true)
    setError(undefined)
    try {
      const page = await read(input(), from)
      setMore((items) => [...items, ...page.items])
      setCursor(page.nextCursor)
    } catch (failure) {
      setError(failure)
    } finally {
      setLoading(false)
    }
  }
  return {
    items: () => [...(first()?.items ?? []), ...more()],
    loaded: () => first() !== undefined,
    hasMore: () => next() !== null,
    loading,
    error,
    loadMore,
  }
}
