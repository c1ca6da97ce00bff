import type { SpanTrackKind } from '../../../common/engine-api.ts'
import { FLOW_KIND, type FlowBlock } from '../../../common/timeline-api.ts'
import type { DetailField } from './details-panel.ts'
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

/**
 * The goroutine a span is about: its goroutine track's, or the goroutine a P or thread ran (a
 * single run; a merged summary span has none).
 */
export function spanGoroutine(p: PickedSpan): number | undefined {
  if (p.code === 0) return undefined
  if (p.kind === 'goroutine') return p.trackId
  return p.count === 1 && p.id >= 0 ? p.id : undefined
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

/** Goroutine IDs as "G3, G7, G9 and 12 more". */
function goroutineList(gids: number[], max = 8): string {
  const unique = [...new Set(gids)]
  const shown = unique.slice(0, max).map((g) => `G${g}`)
  const more = unique.length - shown.length
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
}

/**
 * Detail rows for a selected goroutine span's flows (EngineApi.flows), marked with the colours of
 * their arrows: who made it runnable (created or unblocked it), whom it unblocked and created.
 */
export function flowFields(
  flows: FlowBlock,
  gid: number,
  colors: { unblock: number; create: number },
): DetailField[] {
  const createdBy: number[] = []
  const unblockedBy: number[] = []
  const unblocked: number[] = []
  const created: number[] = []
  for (let i = 0; i < flows.timeNs.length; i++) {
    const create = flows.kind[i] === FLOW_KIND.create
    const to = flows.toGid[i]!
    if (to === gid) (create ? createdBy : unblockedBy).push(flows.fromGid[i]!)
    else (create ? created : unblocked).push(to)
  }
  const rows: [string, number[], number][] = [
    ['Created by', createdBy, colors.create],
    ['Made runnable by', unblockedBy, colors.unblock],
    ['Unblocked', unblocked, colors.unblock],
    ['Created', created, colors.create],
  ]
  const fields = rows
    .filter(([, gids]) => gids.length > 0)
    .map(([name, gids, color]): DetailField => [name, goroutineList(gids), color])
  if (flows.truncated) fields.push(['Flows', 'only some (too many goroutines to search)'])
  return fields
}
