import type { Graphics } from 'pixi.js'
import { SAMPLE_FRAMES, type SampleBlock } from '../../../common/timeline-api.ts'
import { RectBatch } from './rect-batch.ts'
import type { TimeWindow } from './time-window.ts'

/** CPU sample ticks: small bars along the top of a goroutine, proc or thread track. */
export const TICK_TOP_CSS_PX = 1
export const TICK_HEIGHT_CSS_PX = 5
const TICK_MIN_WIDTH_CSS_PX = 2

/** Adds a track's sample ticks inside the window to `g` (over its spans); returns how many. */
export function drawSampleTicks(
  g: Graphics,
  block: SampleBlock,
  window: TimeWindow,
  devicePxPerCssPx: number,
  color: number,
): number {
  const batch = new RectBatch(g, devicePxPerCssPx)
  let drawn = 0
  for (let i = 0; i < block.startNs.length; i++) {
    const x0 = window.timeToCssX(block.startNs[i]!)
    const x1 = window.timeToCssX(block.endNs[i]!)
    if (x1 < -TICK_MIN_WIDTH_CSS_PX || x0 > window.widthCssPx) continue
    const w = Math.max(TICK_MIN_WIDTH_CSS_PX, x1 - x0)
    // Centred on a lone sample's time.
    batch.add(x0 - (w - (x1 - x0)) / 2, TICK_TOP_CSS_PX, w, TICK_HEIGHT_CSS_PX, color)
    drawn++
  }
  batch.flush()
  return drawn
}

/** The function names of tick `i`'s stack top, leaf first (unknown IDs left out). */
export function tickFunctions(
  block: SampleBlock,
  i: number,
  name: (id: number) => string | undefined,
): string[] {
  const out: string[] = []
  for (let k = 0; k < SAMPLE_FRAMES; k++) {
    const id = block.frames[i * SAMPLE_FRAMES + k]!
    const n = id > 0 ? name(id) : undefined
    if (n !== undefined) out.push(n)
  }
  return out
}
