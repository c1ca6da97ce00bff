import type { RangeTrackKind } from './range-geometry.ts'
import { GC_CODE, LANE_CSS_PX } from './range-geometry.ts'
import { formatDurationNs, formatTimeNs } from './time-format.ts'

/** A range picked out of a range track (GC phase, region, task). */
export interface PickedRange {
  rangeKind: RangeTrackKind
  trackKey: string
  trackTitle: string
  startNs: number
  endNs: number
  code: number
  id: number
  depth: number
  count: number
  name: string
  /** Regions: their goroutine. */
  gid: number | undefined
  /** The lane inside the track (css px from its top) for outlines. */
  laneTopCssPx: number
  laneHeightCssPx: number
}

export function laneOf(kind: RangeTrackKind, depth: number, trackHeightCssPx: number) {
  return kind === 'gc'
    ? { laneTopCssPx: 0, laneHeightCssPx: trackHeightCssPx }
    : { laneTopCssPx: depth * LANE_CSS_PX, laneHeightCssPx: LANE_CSS_PX + 2 }
}

export function describeRange(r: PickedRange): { title: string; fields: [string, string][] } {
  const fields: [string, string][] = []
  const what =
    r.rangeKind === 'gc'
      ? r.code === GC_CODE.stw
        ? 'Stop-the-world pause'
        : 'GC mark phase'
      : r.rangeKind === 'tasks'
        ? 'Task'
        : 'Region'
  let title = r.name === '' ? what : r.name
  if (r.count > 1) {
    title = `${r.count.toLocaleString('en-US')} ${r.rangeKind === 'gc' ? 'GC ranges' : r.rangeKind}`
    fields.push(['Longest', r.name])
  } else {
    fields.push(['Kind', what])
    if (r.rangeKind === 'tasks') fields.push(['Task ID', String(r.id)])
    if (r.rangeKind === 'regions' && r.gid !== undefined) fields.push(['Goroutine', `G${r.gid}`])
    if (r.rangeKind !== 'gc') fields.push(['Depth', String(r.depth)])
  }
  const span = Math.max(r.endNs, 1)
  fields.push(['Start', formatTimeNs(r.startNs, 1, span)])
  fields.push(['End', formatTimeNs(r.endNs, 1, span)])
  fields.push(['Duration', formatDurationNs(r.endNs - r.startNs)])
  return { title, fields }
}
