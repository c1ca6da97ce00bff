import type { Graphics } from 'pixi.js'
import { describe, expect, it } from 'vitest'
import {
  FLOW_KIND,
  SAMPLE_FRAMES,
  type FlowBlock,
  type SampleBlock,
  type TrackList,
} from '../../../common/timeline-api.ts'
import {
  arrowHead,
  clippedLabel,
  HEAD_HALF_WIDTH,
  HEAD_LENGTH,
  layoutFlows,
  type FlowLayoutInput,
  type RowPlace,
} from '../../../renderer/src/timeline/flow-geometry.ts'
import { drawSampleTicks, tickFunctions } from '../../../renderer/src/timeline/sample-ticks.ts'
import { TimeWindow } from '../../../renderer/src/timeline/time-window.ts'
import { TrackRows } from '../../../renderer/src/timeline/track-rows.ts'

function flowBlock(rows: [timeNs: number, from: number, to: number, kind: number][]): FlowBlock {
  return {
    timeNs: Float64Array.from(rows, (r) => r[0]),
    fromGid: Int32Array.from(rows, (r) => r[1]),
    toGid: Int32Array.from(rows, (r) => r[2]),
    kind: Uint8Array.from(rows, (r) => r[3]),
    truncated: false,
  }
}

/** 1 ns per css px over 1000 px; the view shows canvas y 50 to 450; G1 at 100, G2 at 300. */
function input(flows: FlowBlock, places: Record<number, RowPlace>): FlowLayoutInput {
  return {
    flows,
    timeToX: (t) => t - 1000,
    widthCssPx: 1000,
    viewTop: 50,
    viewBottom: 450,
    placeOf: (gid) => places[gid],
  }
}

const unclipped = { fromClipped: false, toClipped: false }
const G1 = { top: 90, height: 20 } // middle 100
const G2 = { top: 290, height: 20 } // middle 300

describe('layoutFlows', () => {
  it('draws a flow from the middle of the waker’s row to the middle of the woken one’s, at its time', () => {
    const arrows = layoutFlows(
      input(
        flowBlock([
          [1200, 1, 2, FLOW_KIND.unblock],
          [1500, 2, 1, FLOW_KIND.create],
        ]),
        { 1: G1, 2: G2 },
      ),
    )
    expect(arrows).toEqual([
      { ...unclipped, x: 200, y0: 100, y1: 300, kind: FLOW_KIND.unblock, fromGid: 1, toGid: 2 },
      { ...unclipped, x: 500, y0: 300, y1: 100, kind: FLOW_KIND.create, fromGid: 2, toGid: 1 },
    ])
  })

  it('leaves out flows outside the window, or with a goroutine that has no place', () => {
    const arrows = layoutFlows(
      input(
        flowBlock([
          [999, 1, 2, FLOW_KIND.unblock], // x = -1
          [2001, 1, 2, FLOW_KIND.unblock], // x = 1001
          [1000, 1, 2, FLOW_KIND.unblock], // x = 0: kept
          [1300, 1, 3, FLOW_KIND.unblock], // G3 has no row
          [1400, 3, 2, FLOW_KIND.unblock],
        ]),
        { 1: G1, 2: G2 },
      ),
    )
    expect(arrows.map((a) => a.x)).toEqual([0])
  })

  it('stops at the edge of the view for a row scrolled away, and drops flows entirely beyond one edge', () => {
    const above = { top: 0, height: 20 } // middle 10 < 50
    const below = { top: 600, height: 20 } // middle 610 > 450
    const farBelow = { top: 900, height: 20 }
    const arrows = layoutFlows(
      input(
        flowBlock([
          [1100, 1, 3, FLOW_KIND.unblock], // to below
          [1200, 4, 2, FLOW_KIND.unblock], // from above
          [1300, 3, 5, FLOW_KIND.unblock], // both below: left out
          [1400, 4, 3, FLOW_KIND.create], // above to below: across the whole view
        ]),
        { 1: G1, 2: G2, 3: below, 4: above, 5: farBelow },
      ),
    )
    expect(arrows.map((a) => [a.x, a.y0, a.y1, a.fromClipped, a.toClipped])).toEqual([
      [100, 100, 450, false, true],
      [200, 50, 300, true, false],
      [400, 50, 450, true, true],
    ])
  })

  it('leaves out flows whose two ends share a row (goroutines in one collapsed group)', () => {
    const group = { top: 200, height: 24 }
    const arrows = layoutFlows(
      input(flowBlock([[1100, 7, 8, FLOW_KIND.unblock]]), { 7: group, 8: group }),
    )
    expect(arrows).toEqual([])
  })
})

describe('arrow heads and labels', () => {
  const down = {
    ...unclipped,
    x: 10,
    y0: 100,
    y1: 300,
    kind: FLOW_KIND.unblock,
    fromGid: 1,
    toGid: 2,
  }

  it('puts the tip on the woken end, pointing away from the waker', () => {
    expect(arrowHead(down)).toEqual([
      10,
      300,
      10 - HEAD_HALF_WIDTH,
      300 - HEAD_LENGTH,
      10 + HEAD_HALF_WIDTH,
      300 - HEAD_LENGTH,
    ])
    const up = { ...down, y0: 300, y1: 100 }
    expect(arrowHead(up)[1]).toBe(100)
    expect(arrowHead(up)[3]).toBe(100 + HEAD_LENGTH)
  })

  it('names the goroutine off screen just inside the edge, and nothing when both ends show', () => {
    expect(clippedLabel(down, 12)).toBeUndefined()
    // Woken goroutine below the view: the label sits above the bottom edge.
    expect(clippedLabel({ ...down, y1: 450, toClipped: true }, 12)).toEqual({
      text: 'G2',
      x: 10 + HEAD_HALF_WIDTH + 2,
      y: 450 - 2 - 12,
    })
    // Waker above the view: the label sits below the top edge.
    expect(clippedLabel({ ...down, y0: 50, fromClipped: true }, 12)).toEqual({
      text: 'G1',
      x: 10 + HEAD_HALF_WIDTH + 2,
      y: 52,
    })
  })
})

describe('TrackRows.shownAs', () => {
  const goroutine = (id: number, name: string, isSystem = false) => ({
    kind: 'goroutine' as const,
    id,
    spans: 1,
    name,
    isSystem,
    createdNs: null,
    endNs: null,
    label: '',
  })
  const tracks: TrackList = {
    durationNs: 1000,
    procs: [{ kind: 'proc', id: 0, spans: 1 }],
    threads: [],
    goroutines: [goroutine(1, 'main.main'), goroutine(2, 'runtime.bgsweep', true)],
    counters: [],
    cpuSamples: 0,
  }

  it('gives a visible goroutine its row, a hidden one its collapsed group, an unknown none', () => {
    const rows = new TrackRows(tracks)
    expect(rows.shownAs('goroutine:1')?.key).toBe('goroutine:1')
    // System goroutines start collapsed.
    expect(rows.shownAs('goroutine:2')?.key).toBe('fn:(system)')
    expect(rows.shownAs('goroutine:3')).toBeUndefined()
    rows.toggle('fn:(system)')
    expect(rows.shownAs('goroutine:2')?.key).toBe('goroutine:2')
    // The outermost collapsed group wins.
    rows.toggle('goroutines')
    expect(rows.shownAs('goroutine:2')?.key).toBe('goroutines')
    expect(rows.shownAs('goroutine:1')?.key).toBe('goroutines')
  })
})

describe('CPU sample ticks', () => {
  const block: SampleBlock = {
    startNs: Float64Array.from([100, 500, 900]),
    endNs: Float64Array.from([100, 540, 900]),
    count: Uint32Array.from([1, 3, 1]),
    frames: Int32Array.from([11, 12, 0, 21, 22, 23, 0, 0, 0]),
  }

  /** A Graphics stand-in recording the rectangles filled. */
  function recorder(): { g: Graphics; rects: number[][] } {
    const rects: number[][] = []
    const g = {
      rect(x: number, y: number, w: number, h: number) {
        rects.push([x, y, w, h])
        return g
      },
      fill() {
        return g
      },
    }
    return { g: g as unknown as Graphics, rects }
  }

  it('draws one bar per tick in the window, at least 2 px wide, centred on lone samples', () => {
    const w = new TimeWindow(1000)
    w.widthCssPx = 1000
    w.set(0, 1000) // 1 ns per css px
    const { g, rects } = recorder()
    expect(drawSampleTicks(g, block, w, 1, 0xffffff)).toBe(3)
    expect(rects.map((r) => r[0])).toEqual([99, 500, 899])
    expect(rects.map((r) => r[2])).toEqual([2, 40, 2])
    w.set(0, 600)
    const second = recorder()
    expect(drawSampleTicks(second.g, block, w, 1, 0xffffff)).toBe(2)
  })

  it('names the functions at the top of a tick’s stack, leaf first', () => {
    const names: Record<number, string> = { 11: 'main.leaf', 12: 'main.caller', 21: 'a', 22: 'b' }
    expect(tickFunctions(block, 0, (id) => names[id])).toEqual(['main.leaf', 'main.caller'])
    expect(tickFunctions(block, 1, (id) => names[id])).toEqual(['a', 'b'])
    expect(tickFunctions(block, 2, (id) => names[id])).toEqual([])
    expect(block.frames.length).toBe(3 * SAMPLE_FRAMES)
  })
})
