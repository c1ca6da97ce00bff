import type { Graphics } from 'pixi.js'
import type { SpanBlock } from '../../../common/engine-api.ts'
import { mixColor, RectBatch } from './rect-batch.ts'
import type { Theme } from './theme.ts'

/**
 * The overview strip: every proc's activity over the whole trace (one thin band per P, darker
 * where busier), drawn once per width/theme, under the visible-window marker.
 */
export function drawOverview(
  g: Graphics,
  procs: SpanBlock[],
  traceDurationNs: number,
  widthCssPx: number,
  heightCssPx: number,
  theme: Theme,
  devicePxPerCssPx: number,
): void {
  g.clear()
  if (procs.length === 0 || traceDurationNs <= 0) return
  const batch = new RectBatch(g, devicePxPerCssPx)
  const pad = 3
  const band = Math.max(1, (heightCssPx - 2 * pad) / procs.length)
  const scale = widthCssPx / traceDurationNs
  procs.forEach((block, p) => {
    const y = pad + p * band
    const h = Math.max(1, band - (band >= 4 ? 1 : 0))
    for (let i = 0; i < block.startNs.length; i++) {
      const x0 = block.startNs[i]! * scale
      const x1 = block.endNs[i]! * scale
      const busy = block.code[i] === 0 ? block.busy[i]! : 1
      const base = block.code[i] === 5 ? theme.state.syscall : theme.state.running
      batch.add(x0, y, x1 - x0, h, mixColor(theme.header, base, 0.25 + 0.75 * busy))
    }
  })
  batch.flush()
}
