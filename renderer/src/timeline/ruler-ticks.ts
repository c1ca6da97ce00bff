import { formatTimeNs } from './time-format.ts'

export interface RulerTick {
  timeNs: number
  /** Major ticks carry a label; minor ones are only grid lines. */
  label: string | undefined
}

/** Approximate width of a label glyph at the ruler's font size, in css px. */
const CHAR_CSS_PX = 6.6
const MIN_MINOR_CSS_PX = 12

/**
 * Ticks for a time ruler showing [startNs, endNs] over `widthCssPx`: major steps from the
 * 1-2-5 sequence, wide enough that their labels do not collide, with 5 or 4 minor steps each.
 */
export function rulerTicks(startNs: number, endNs: number, widthCssPx: number): RulerTick[] {
  const spanNs = endNs - startNs
  if (!(spanNs > 0) || widthCssPx <= 0) return []
  const nsPerCssPx = spanNs / widthCssPx
  let step = 1
  for (let k = 0; k < 40; k++) {
    step = niceStep(k)
    const label = formatTimeNs(endNs, step, endNs)
    if (step / nsPerCssPx >= Math.max(80, (label.length + 3) * CHAR_CSS_PX)) break
  }
  const minorDiv = String(step).startsWith('2') ? 4 : 5
  const minor = step / minorDiv
  const drawMinor = minor / nsPerCssPx >= MIN_MINOR_CSS_PX
  const ticks: RulerTick[] = []
  const first = Math.floor(startNs / step) * step
  for (let t = first; t <= endNs; t += step) {
    if (t >= startNs) ticks.push({ timeNs: t, label: formatTimeNs(t, step, endNs) })
    if (!drawMinor) continue
    for (let i = 1; i < minorDiv; i++) {
      const m = t + i * minor
      if (m >= startNs && m <= endNs) ticks.push({ timeNs: m, label: undefined })
    }
  }
  return ticks
}

/** 1, 2, 5, 10, 20, 50, … ns for k = 0, 1, 2, … */
function niceStep(k: number): number {
  return [1, 2, 5][k % 3]! * 10 ** Math.floor(k / 3)
}
