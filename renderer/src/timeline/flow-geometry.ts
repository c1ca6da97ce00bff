import type { FlowBlock } from '../../../common/timeline-api.ts'

/**
 * Where the flow arrows of a selected goroutine span go on screen: one vertical arrow per flow,
 * at its time, from the middle of the waker's row to the middle of the woken goroutine's row.
 * Pure geometry (no Pixi), so it can be tested alone; timeline-view.ts draws the result.
 */

/** A goroutine's row on screen (css px from the top of the canvas). */
export interface RowPlace {
  top: number
  height: number
}

export interface FlowLayoutInput {
  flows: FlowBlock
  /** Time to css px from the left of the track area. */
  timeToX: (timeNs: number) => number
  /** Width of the track area (css px). */
  widthCssPx: number
  /** The visible part of the tracks, in canvas css px: [top, bottom). */
  viewTop: number
  viewBottom: number
  /**
   * Where a goroutine's track is drawn: its row, or the header of a collapsed group that hides
   * it; undefined when it has no place at all.
   */
  placeOf: (gid: number) => RowPlace | undefined
}

export interface FlowArrow {
  /** Css px from the left of the track area. */
  x: number
  /** The waker's end (a dot). */
  y0: number
  /** The woken goroutine's end (the arrow head). */
  y1: number
  /** FLOW_KIND. */
  kind: number
  fromGid: number
  toGid: number
  /** That end's row is above or below the view: the line stops at the view's edge. */
  fromClipped: boolean
  toClipped: boolean
}

/** Arrow head length and half width (css px). */
export const HEAD_LENGTH = 7
export const HEAD_HALF_WIDTH = 4
/** Arrows shorter than this (both ends on the same row or edge) are left out. */
const MIN_LENGTH = HEAD_LENGTH

/**
 * The arrows to draw: flows whose time is inside the track area and whose two goroutines have a
 * place (row or collapsed group). An end outside the view is clipped to the view's edge; a flow
 * with both ends beyond the same edge, or both on one row, is left out.
 */
export function layoutFlows(input: FlowLayoutInput): FlowArrow[] {
  const { flows, viewTop, viewBottom } = input
  const out: FlowArrow[] = []
  const clip = (place: RowPlace): { y: number; side: -1 | 0 | 1 } => {
    const y = place.top + place.height / 2
    if (y < viewTop) return { y: viewTop, side: -1 }
    if (y > viewBottom) return { y: viewBottom, side: 1 }
    return { y, side: 0 }
  }
  for (let i = 0; i < flows.timeNs.length; i++) {
    const x = input.timeToX(flows.timeNs[i]!)
    if (!(x >= 0 && x <= input.widthCssPx)) continue
    const fromGid = flows.fromGid[i]!
    const toGid = flows.toGid[i]!
    const from = input.placeOf(fromGid)
    const to = input.placeOf(toGid)
    if (from === undefined || to === undefined) continue
    const a = clip(from)
    const b = clip(to)
    if (a.side !== 0 && a.side === b.side) continue
    if (Math.abs(b.y - a.y) < MIN_LENGTH) continue
    out.push({
      x,
      y0: a.y,
      y1: b.y,
      kind: flows.kind[i]!,
      fromGid,
      toGid,
      fromClipped: a.side !== 0,
      toClipped: b.side !== 0,
    })
  }
  return out
}

/** The arrow head's triangle (x, y pairs) with its tip at the arrow's woken end. */
export function arrowHead(a: FlowArrow): number[] {
  const dir = a.y1 > a.y0 ? 1 : -1
  const base = a.y1 - dir * HEAD_LENGTH
  return [a.x, a.y1, a.x - HEAD_HALF_WIDTH, base, a.x + HEAD_HALF_WIDTH, base]
}

/**
 * Where to name the goroutine at a clipped end (it is off screen): beside the line, just inside
 * the view's edge. Undefined when neither end is clipped.
 */
export function clippedLabel(
  a: FlowArrow,
  labelHeight: number,
): { text: string; x: number; y: number } | undefined {
  if (!a.fromClipped && !a.toClipped) return undefined
  const end = a.toClipped ? { y: a.y1, gid: a.toGid } : { y: a.y0, gid: a.fromGid }
  const other = a.toClipped ? a.y0 : a.y1
  // Inside the edge, on the side towards the other end.
  const y = other > end.y ? end.y + 2 : end.y - 2 - labelHeight
  return { text: `G${end.gid}`, x: a.x + HEAD_HALF_WIDTH + 2, y }
}
