// A job followed live over the API's server-sent events (`GET /jobs/:id/events`): every change of
// its progress, then its end. Read with fetch rather than EventSource so the session cookie, the
// 401 handling and the component tests' fake API apply as to every other read.
import { ApiError, ok, parseProblem, rpc } from "./client"
import type { Job } from "./types"

export const isFinished = (job: Job): boolean =>
  job.status === "succeeded" || job.status === "failed" || job.status === "cancelled"

interface SseFrame {
  readonly event: string
  readonly data: string
}

/** Splits an event-stream chunk sequence into frames (`event:` / `data:` lines, blank-line separated). */
export function sseFrames(buffer: string): { frames: Array<SseFrame>; rest: string } {
  const frames: Array<SseFrame> = []
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n")
  const rest = blocks.pop() ?? ""
  for (const block of blocks) {
    let event = "message"
    const data: Array<string> = []
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim()
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""))
    }
    if (data.length > 0) frames.push({ event, data: data.join("\n") })
  }
  return { frames, rest }
}

/** Reads one connection of the stream; resolves with the last job seen. */
async function readStream(
  id: string,
  onJob: (job: Job) => void,
  signal: AbortSignal,
): Promise<Job | undefined> {
  const response = await fetch(
    `${globalThis.location?.origin ?? ""}/api/v1/jobs/${encodeURIComponent(id)}/events`,
    {
      headers: { Accept: "text/event-stream" },
      credentials: "same-origin",
      signal,
    },
  )
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => undefined)
    throw new ApiError(parseProblem(response.status, body))
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ""
  let last: Job | undefined
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return last
    const { frames, rest } = sseFrames(buffer + value)
    buffer = rest
    for (const frame of frames) {
      last = JSON.parse(frame.data) as Job
      onJob(last)
      if (isFinished(last)) {
        await reader.cancel()
        return last
      }
    }
  }
}

/**
 * Follows a job until it ends. A stream cut before the end (a proxy's timeout, a server restart) is
 * read again: the server starts every stream with the job as it is now.
 */
export async function followJob(id: string, onJob: (job: Job) => void, signal: AbortSignal): Promise<Job> {
  for (let attempt = 0; ; attempt++) {
    const last = await readStream(id, onJob, signal)
    if (last && isFinished(last)) return last
    if (signal.aborted) throw signal.reason
    if (attempt >= 3) {
      const job = await ok(await rpc.jobs[":id"].$get({ param: { id } }))
      onJob(job)
      if (isFinished(job)) return job
    }
    await new Promise((next) => setTimeout(next, Math.min(1000 * 2 ** attempt, 10_000)))
  }
}
