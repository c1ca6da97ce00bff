import type { Graphics } from 'pixi.js'
import type { RangeBlock } from '../../../common/engine-api.ts'
import { functionColor, textColorOn } from './palette.ts'
import { RectBatch } from './rect-batch.ts'
import type { SpanLabelPlacement } from './span-geometry.ts'
import type { Theme } from './theme.ts'
import type { TimeWindow } from './time-window.ts'

/** Range tracks: the GC track, a goroutine's user regions, the tasks. */
export type RangeTrackKind = 'gc' | 'regions' | 'tasks'

/** GC track codes (see RangeBlock.code). */
export const GC_CODE = { mark: 1, stw: 4 } as const

/** Height of one nesting level of a range track. */
export const LANE_CSS_PX = 16
const MIN_LABEL_CSS_PX = 30

export interface RangeDrawContext {
  theme: Theme
  window: TimeWindow
  devicePxPerCssPx: number
  name: (id: number) => string | undefined
  /** Tasks track: the selected task; the others are dimmed. */
  highlightId?: number | undefined
}

export function rangeColor(kind: RangeTrackKind, code: number, name: string, theme: Theme): number {
  if (kind === 'gc') return code === GC_CODE.stw ? theme.stw : theme.gcMark
  if (kind === 'tasks') return theme.task
  return functionColor(name)
}

/**
 * Rebuilds a range track's Graphics: one lane per depth. On the GC track, mark phases are drawn
 * first and stop-the-world pauses over them (both in one lane, full height).
 */
export function drawRangeTrack(
  g: Graphics,
  kind: RangeTrackKind,
  block: RangeBlock,
  heightCssPx: number,
  ctx: RangeDrawContext,
): SpanLabelPlacement[] {
  g.clear()
  const labels: SpanLabelPlacement[] = []
  const w = ctx.window
  const widthCssPx = w.widthCssPx
  const n = block.startNs.length
  const laneH = kind === 'gc' ? heightCssPx - 1 : LANE_CSS_PX
  const passes = kind === 'gc' ? [GC_CODE.mark, GC_CODE.stw] : [-1]
  for (const pass of passes) {
    const batch = new RectBatch(g, ctx.devicePxPerCssPx)
    for (let i = 0; i < n; i++) {
      if (pass >= 0 && block.code[i] !== pass) continue
      const startNs = block.startNs[i]!
      const endNs = block.endNs[i]!
      if (endNs < w.startNs || startNs > w.endNs) continue
      const x0 = Math.max(-1, w.timeToCssX(startNs))
      const x1 = Math.min(widthCssPx + 1, w.timeToCssX(endNs))
      const depth = block.depth[i]!
      const name = ctx.name(block.nameId[i]!) ?? ''
      const color = rangeColor(kind, block.code[i]!, name, ctx.theme)
      const dimmed = ctx.highlightId !== undefined && block.id[i] !== ctx.highlightId
      const y = kind === 'gc' ? 2 : depth * LANE_CSS_PX + 1
      const h = kind === 'gc' ? laneH - 3 : LANE_CSS_PX - 2
      batch.add(x0, y, x1 - x0, h, color, dimmed ? 0.3 : 1)
      // Ranges of one depth may overlap (concurrent tasks): a label stops at the next one.
      const next =
        i + 1 < n && block.depth[i + 1] === depth && block.code[i + 1] === block.code[i]
          ? w.timeToCssX(block.startNs[i + 1]!)
          : Infinity
      const visibleW = Math.min(x1, widthCssPx, next) - Math.max(x0, 0)
      if (visibleW >= MIN_LABEL_CSS_PX && block.count[i] === 1) {
        labels.push({
          xCssPx: Math.max(x0, 0),
          widthCssPx: visibleW,
          yCssPx: y + (h - 13) / 2,
          text: name,
          color: dimmed ? ctx.theme.textDim : textColorOn(color),
        })
      }
    }
    batch.flush()
  }
  return labels
}

/** Height a range track needs for `maxDepth`. */
export function rangeTrackHeight(maxDepth: number): number {
  return (maxDepth + 1) * LANE_CSS_PX + 1
}

/**
 * Index of the range under (timeNs, yCssPx inside the track), preferring STW over mark phases on
 * the GC track and the nearest within `toleranceNs`; -1 if none.
 */
export function rangeAt(
  kind: RangeTrackKind,
  block: RangeBlock,
  timeNs: number,
  yCssPx: number,
  toleranceNs: number,
): number {
  const lane = kind === 'gc' ? 0 : Math.floor(yCssPx / LANE_CSS_PX)
  let best = -1
  let bestDist = Infinity
  for (let i = 0; i < block.startNs.length; i++) {
    if (kind !== 'gc' && block.depth[i] !== lane) continue
    const s = block.startNs[i]!
    const e = block.endNs[i]!
    let dist = timeNs < s ? s - timeNs : timeNs > e ? timeNs - e : 0
    if (dist > toleranceNs) continue
    // On the GC track a pause drawn over a mark phase wins.
    if (kind === 'gc' && block.code[i] === GC_CODE.stw) dist -= toleranceNs + 1
    if (dist < bestDist) {
      best = i
      bestDist = dist
    }
  }
  return best
}

/** Max depth present in a block (-1 when empty). */
export function maxDepth(block: RangeBlock): number {
  let m = -1
  for (const d of block.depth) if (d > m) m = d
  return m
}
