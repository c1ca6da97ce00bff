import { TraceError } from './errors.ts'
import { type Event, EvSync } from './event.ts'
import type { TraceReader } from './reader.ts'

/** What reading a whole trace found, for reports and partial-result warnings. */
export interface ReadOutcome {
  readonly header: string
  /** Events delivered, including any after the last complete generation. */
  readonly events: number
  /** Events up to and including the last Sync: the part of the trace known to be complete. */
  readonly validEvents: number
  /** Complete generations (Sync events that open a generation). */
  readonly generations: number
  readonly bytes: number
  /** Bytes of the file covered by complete generations. */
  readonly validBytes: number
  /** Why reading stopped early, if it did. */
  readonly error: TraceError | undefined
}

/**
 * Streams every event of a trace to `onEvent` and reports how far it got. A TraceError ends the
 * stream and is returned, not thrown: what came before it is still good up to the last Sync (Go's
 * cmd/trace keeps exactly that much). Any other exception is a bug and propagates.
 */
export function readTrace(reader: TraceReader, onEvent: (ev: Event) => void): ReadOutcome {
  let events = 0
  let validEvents = 0
  let error: TraceError | undefined
  try {
    for (;;) {
      const ev = reader.readEvent()
      if (ev === undefined) break
      onEvent(ev)
      events++
      if (ev.type === EvSync) validEvents = events
    }
    validEvents = events
  } catch (err) {
    if (!(err instanceof TraceError)) throw err
    error = err
  }
  return readOutcome(reader, events, validEvents, error)
}

/** What a read that delivered `events` and stopped on `error` (if any) found. */
export function readOutcome(
  reader: TraceReader,
  events: number,
  validEvents: number,
  error: TraceError | undefined,
): ReadOutcome {
  return {
    header: reader.header,
    events,
    validEvents,
    generations: reader.generations,
    bytes: reader.size,
    validBytes: error === undefined ? reader.size : reader.validOffset,
    error,
  }
}

/** One line for a trace that broke off: what was wrong, where, and how much was kept. */
export function describeIncomplete(o: ReadOutcome): string {
  const lost = o.bytes - o.validBytes
  const pct = o.bytes > 0 ? ((lost / o.bytes) * 100).toFixed(2) : '0.00'
  return (
    `trace is incomplete: ${o.error?.message ?? 'unknown error'}; kept ${o.generations} complete ` +
    `generation${o.generations === 1 ? '' : 's'}, lost ${pct}% of the data (${lost} of ${o.bytes} bytes)`
  )
}

/**
 * Why a trace that broke off before its first complete generation is of no use (Go's cmd/trace
 * says the same and gives up), or undefined when something complete was read.
 */
export function uselessTraceMessage(o: ReadOutcome): string | undefined {
  if (o.error === undefined || o.generations > 0) return undefined
  return `failed to parse any useful part of the trace: ${o.error.message}`
}
