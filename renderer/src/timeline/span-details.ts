import type { SpanTrackKind } from '../../../common/engine-api.ts'
import { STATE, STATE_NAMES } from './span-style.ts'
import { formatDurationNs, formatTimeNs } from './time-format.ts'

/** A span picked out of a track's data (hovered or selected), with what is needed to show it. */
export interface PickedSpan {
  trackKey: string
  trackTitle: string
  kind: SpanTrackKind
  trackId: number
  startNs: number
  endNs: number
  code: number
  id: number
  count: number
  busy: number
  /** Goroutine track: its goroutine ID and start function. */
  goroutine: { id: number; name: string } | undefined
  reason: string | undefined
}

/** Title and field rows for the tooltip and the details panel. */
export function describeSpan(s: PickedSpan): { title: string; fields: [string, string][] } {
  const fields: [string, string][] = []
  let title: string
  const g = s.kind === 'goroutine' ? s.goroutine : { id: s.id, name: s.goroutine?.name ?? '' }
  const gText =
    g === undefined || g.id < 0 ? undefined : `G${g.id}${g.name === '' ? '' : ` ${g.name}`}`
  if (s.code === STATE.summary) {
    title = `${s.count.toLocaleString('en-US')} spans`
    fields.push([s.kind === 'goroutine' ? 'Running' : 'Busy', `${Math.round(s.busy * 100)}%`])
    if (gText !== undefined) fields.push([s.kind === 'goroutine' ? 'Goroutine' : 'Longest', gText])
  } else {
    const state = STATE_NAMES[s.code] ?? `state ${s.code}`
    title =
      s.kind === 'goroutine'
        ? `${gText ?? ''} ${state}`.trim()
        : `${gText ?? '?'} ${state === 'syscall' ? 'in syscall' : state}`
    fields.push(['State', state])
    if (gText !== undefined) fields.push(['Goroutine', gText])
    if (s.reason !== undefined && s.reason !== '') fields.push(['Reason', s.reason])
  }
  fields.push(['Track', s.trackTitle])
  const span = Math.max(s.endNs, 1)
  fields.push(['Start', formatTimeNs(s.startNs, 1, span)])
  fields.push(['End', formatTimeNs(s.endNs, 1, span)])
  fields.push(['Duration', formatDurationNs(s.endNs - s.startNs)])
  return { title, fields }
}
