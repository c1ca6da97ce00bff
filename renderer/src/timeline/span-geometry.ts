import type { Graphics } from 'pixi.js'
import type { SpanBlock, SpanTrackKind } from '../../../common/engine-api.ts'
import { textColorOn } from './palette.ts'
import { RectBatch } from './rect-batch.ts'
import { spanColor, spanLabel, STATE } from './span-style.ts'
import type { Theme } from './theme.ts'
import type { TimeWindow } from './time-window.ts'

/** A label to place over a span (track-local css px). */
export interface SpanLabelPlacement {
  xCssPx: number
  widthCssPx: number
  /** Top of the label inside the track (default: vertically centred). */
  yCssPx?: number
  text: string
  color: number
}

export interface SpanDrawContext {
  theme: Theme
  window: TimeWindow
  devicePxPerCssPx: number
  goroutineName: (gid: number) => string
  reason: (id: number) => string | undefined
}

/** Spans narrower than this get no label. */
export const MIN_LABEL_CSS_PX = 40
const PAD_Y_CSS_PX = 2

/**
 * Rebuilds one track's Graphics from its columns: one pass, merged rectangles, only the part
 * inside the window. Returns the labels that fit.
 */
export function drawSpanTrack(
  g: Graphics,
  kind: SpanTrackKind,
  block: SpanBlock,
  heightCssPx: number,
  ctx: SpanDrawContext,
): SpanLabelPlacement[] {
  g.clear()
  const labels: SpanLabelPlacement[] = []
  const w = ctx.window
  const widthCssPx = w.widthCssPx
  const batch = new RectBatch(g, ctx.devicePxPerCssPx)
  const top = PAD_Y_CSS_PX
  const h = heightCssPx - 2 * PAD_Y_CSS_PX - 1
  const n = block.startNs.length
  const first = firstEndingAfter(block.endNs, w.startNs)
  for (let i = first; i < n; i++) {
    const startNs = block.startNs[i]!
    if (startNs > w.endNs) break
    const x0 = Math.max(-1, w.timeToCssX(startNs))
    const x1 = Math.min(widthCssPx + 1, w.timeToCssX(block.endNs[i]!))
    if (x1 < 0) continue
    const span = { code: block.code[i]!, id: block.id[i]!, busy: block.busy[i]! }
    const color = spanColor(kind, span, ctx.theme, ctx.goroutineName)
    batch.add(x0, top, x1 - x0, h, color)
    const visibleW = Math.min(x1, widthCssPx) - Math.max(x0, 0)
    if (visibleW >= MIN_LABEL_CSS_PX && span.code !== STATE.summary) {
      const text = spanLabel(kind, span, ctx.goroutineName, ctx.reason)
      const textColor =
        kind === 'goroutine' && span.code === STATE.waiting ? ctx.theme.textDim : textColorOn(color)
      labels.push({ xCssPx: Math.max(x0, 0), widthCssPx: visibleW, text, color: textColor })
    }
  }
  batch.flush()
  return labels
}

/** Spans are in start order and do not overlap, so their ends are sorted too. */
function firstEndingAfter(endNs: Float64Array, timeNs: number): number {
  let lo = 0
  let hi = endNs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (endNs[mid]! < timeNs) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Index of the span under `timeNs`, or the nearest one within `toleranceNs`; -1 if none. Works
 * for any sorted, non-overlapping intervals (sample ticks too).
 */
export function spanAt(
  block: Pick<SpanBlock, 'startNs' | 'endNs'>,
  timeNs: number,
  toleranceNs: number,
): number {
  const i = firstEndingAfter(block.endNs, timeNs - toleranceNs)
  let best = -1
  let bestDist = Infinity
  for (let j = i; j < block.startNs.length && j < i + 8; j++) {
    const s = block.startNs[j]!
    const e = block.endNs[j]!
    if (s > timeNs + toleranceNs) break
    const dist = timeNs < s ? s - timeNs : timeNs > e ? timeNs - e : 0
    if (dist < bestDist) {
      best = j
      bestDist = dist
    }
  }
  return bestDist <= toleranceNs ? best : -1
}
