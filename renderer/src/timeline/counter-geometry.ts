import type { Graphics } from 'pixi.js'
import type { CounterBlock } from '../../../common/engine-api.ts'
import { RectBatch } from './rect-batch.ts'
import type { TimeWindow } from './time-window.ts'

export interface CounterSeriesStyle {
  color: number
  /** A filled area (with a 1 px top edge), or only the line. */
  fill: boolean
}

const PAD_TOP_CSS_PX = 4
const PAD_BOTTOM_CSS_PX = 2

/**
 * Draws counter series as steps: per pixel bucket a 1 px bar up to its max (spikes stay
 * visible at any zoom), then the last value held until the next bucket. All series of a track
 * share the scale [0, maxValue].
 */
export function drawCounterTrack(
  g: Graphics,
  series: { block: CounterBlock; style: CounterSeriesStyle }[],
  maxValue: number,
  traceEndNs: number,
  heightCssPx: number,
  window: TimeWindow,
  devicePxPerCssPx: number,
): void {
  g.clear()
  const bottom = heightCssPx - 1 - PAD_BOTTOM_CSS_PX
  const usable = bottom - PAD_TOP_CSS_PX
  const yOf = (v: number) => bottom - (maxValue > 0 ? (v / maxValue) * usable : 0)
  const onePx = 1 / devicePxPerCssPx
  const widthCssPx = window.widthCssPx
  for (const { block, style } of series) {
    const fill = new RectBatch(g, devicePxPerCssPx)
    const line = new RectBatch(g, devicePxPerCssPx)
    const n = block.timeNs.length
    let prevY = NaN
    for (let i = 0; i < n; i++) {
      const t0 = block.timeNs[i]!
      const t1 = i + 1 < n ? block.timeNs[i + 1]! : traceEndNs
      if (t1 < window.startNs) continue
      if (t0 > window.endNs) break
      const x0 = Math.max(-1, window.timeToCssX(t0))
      const x1 = Math.min(widthCssPx + 1, Math.max(window.timeToCssX(t1), x0 + onePx))
      const yMax = yOf(block.max[i]!)
      const yLast = yOf(block.last[i]!)
      if (style.fill) {
        fill.add(x0, yMax, onePx, bottom - yMax, style.color, 0.45)
        if (x1 > x0 + onePx)
          fill.add(x0 + onePx, yLast, x1 - x0 - onePx, bottom - yLast, style.color, 0.45)
      }
      // The outline: a vertical joining the previous level, the spike, then the level.
      const yTop = Math.min(yMax, Number.isNaN(prevY) ? yMax : prevY)
      const yBot = Math.max(yLast, Number.isNaN(prevY) ? yLast : prevY)
      if (yBot - yTop > onePx) line.add(x0, yTop, onePx, yBot - yTop, style.color)
      line.add(x0, yLast, Math.max(onePx, x1 - x0), onePx, style.color)
      prevY = yLast
    }
    fill.flush()
    line.flush()
  }
}

/** The value a counter held at `timeNs`: the last bucket starting at or before it. */
export function counterValueAt(block: CounterBlock, timeNs: number): number | undefined {
  let lo = 0
  let hi = block.timeNs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (block.timeNs[mid]! <= timeNs) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? undefined : block.last[lo - 1]
}
