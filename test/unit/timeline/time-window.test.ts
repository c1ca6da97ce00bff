import { describe, expect, it } from 'vitest'
import {
  MIN_SHOWN_CSS_PX,
  viewShowing,
  zoomedTo,
} from '../../../renderer/src/timeline/time-window.ts'

describe('zoomedTo', () => {
  it('frames a range with 5% each side', () => {
    expect(zoomedTo({ startNs: 100_000, endNs: 200_000 })).toEqual({
      startNs: 95_000,
      endNs: 205_000,
    })
  })

  it('keeps at least 500 ns each side of a short range or an instant', () => {
    expect(zoomedTo({ startNs: 1000, endNs: 1000 })).toEqual({ startNs: 500, endNs: 1500 })
  })
})

describe('viewShowing', () => {
  const view = { startNs: 0, endNs: 1_000_000 }
  const widthCssPx = 1000

  it('keeps a view that already shows the range clear of its edges', () => {
    expect(viewShowing(view, { startNs: 400_000, endNs: 600_000 }, widthCssPx)).toBe(view)
  })

  it('keeps the zoom and centres a range that fits but is off screen or at an edge', () => {
    expect(viewShowing(view, { startNs: 2_000_000, endNs: 2_200_000 }, widthCssPx)).toEqual({
      startNs: 1_600_000,
      endNs: 2_600_000,
    })
    // Touching the right edge reads as cut off.
    expect(viewShowing(view, { startNs: 900_000, endNs: 1_000_000 }, widthCssPx)).toEqual({
      startNs: 450_000,
      endNs: 1_450_000,
    })
  })

  it('zooms out to a range wider than the view', () => {
    const r = { startNs: 500_000, endNs: 3_000_000 }
    expect(viewShowing(view, r, widthCssPx)).toEqual(zoomedTo(r))
  })

  it('zooms in to a range too narrow to see at this zoom', () => {
    const nsPerCssPx = (view.endNs - view.startNs) / widthCssPx
    const narrow = { startNs: 500_000, endNs: 500_000 + (MIN_SHOWN_CSS_PX - 1) * nsPerCssPx }
    expect(viewShowing(view, narrow, widthCssPx)).toEqual(zoomedTo(narrow))
    const wide = { startNs: 500_000, endNs: 500_000 + MIN_SHOWN_CSS_PX * nsPerCssPx }
    expect(viewShowing(view, wide, widthCssPx)).toBe(view)
  })

  it('keeps a view zoomed to the range, so a second jump stays put', () => {
    for (const r of [
      { startNs: 10_000, endNs: 10_100 },
      { startNs: 10_000, endNs: 20_000 },
      { startNs: 10_000, endNs: 5_000_000 },
    ]) {
      const zoomed = zoomedTo(r)
      expect(viewShowing(zoomed, r, widthCssPx)).toBe(zoomed)
    }
  })
})
