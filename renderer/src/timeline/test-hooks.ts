import type { ProfilePanel } from './profile-panel.ts'
import type { SearchBox } from './search-box.ts'
import type { FlowArrow } from './flow-geometry.ts'
import type { FrameStats, TimeRange, TimelineView } from './timeline-view.ts'

/**
 * What the browser tests (and curious users in the console) can ask the page, like Perfetto's
 * waitForPerfettoIdle: `ready` resolves once the trace is open and first drawn.
 */
export interface GotraceTestHooks {
  ready: Promise<void>
  idle(): Promise<void>
  view(): { startNs: number; endNs: number }
  setView(startNs: number, endNs: number): Promise<void>
  trackCounts(): { procs: number; goroutines: number; goroutineGroups: number }
  /** Client coordinates of `timeNs` on track `key` ("proc:2", "goroutine:1"), scrolled into view. */
  locate(key: string, timeNs: number): Promise<{ x: number; y: number } | undefined>
  stats(): FrameStats & { requests: number }
  /** The selected time range (Shift+drag), if any. */
  timeRange(): TimeRange | undefined
  /** The key of the selected track ("goroutine:1"), if a whole track is selected. */
  selectedTrack(): string | undefined
  /** What is outlined as selected on a track ("regions:1"), if anything is. */
  selected(): { trackKey: string; id: number; startNs: number; endNs: number } | undefined
  /** Height (css px) of a row by key ("gc", "tasks", "regions:1"); undefined if absent. */
  rowHeight(key: string): number | undefined
  /** The range data a range row ("gc", "tasks", "regions:1") has loaded, as plain arrays. */
  rangeData(key: string):
    | {
        startNs: number[]
        endNs: number[]
        code: number[]
        depth: number[]
        count: number[]
        names: string[]
      }
    | undefined
  /**
   * The flows of the selected goroutine span (waiting for the engine's answer; undefined when
   * there are none), and the arrows on screen for them (css px; x from the left of the track
   * area).
   */
  flows(): Promise<
    | { timeNs: number[]; fromGid: number[]; toGid: number[]; kind: number[]; arrows: FlowArrow[] }
    | undefined
  >
  /** The CPU sample ticks a span row ("goroutine:1") has loaded, and how many it drew. */
  samples(
    key: string,
  ): { startNs: number[]; endNs: number[]; count: number[]; drawn: number } | undefined
  /** Waits for the profile panel's latest request. */
  profileSettled(): Promise<void>
  /** Loses the WebGL context and restores it, as a GPU reset would. */
  loseContext(): Promise<void>
}

declare global {
  interface Window {
    __gotrace?: GotraceTestHooks
  }
}

export function installTestHooks(
  ready: Promise<TimelineView | undefined>,
  panels: () => { profile: ProfilePanel; search: SearchBox } | undefined,
): void {
  let view: TimelineView | undefined
  const need = (): TimelineView => {
    if (view === undefined) throw new Error('the timeline is not ready')
    return view
  }
  window.__gotrace = {
    ready: ready.then(async (v) => {
      view = v
      await v?.idle()
    }),
    idle: async () => {
      await panels()?.search.lastKey
      if (view !== undefined) await view.idle()
    },
    view: () => need().view(),
    setView: async (startNs, endNs) => {
      need().setView(startNs, endNs)
      await need().idle()
    },
    trackCounts: () => {
      const r = need().rows
      return {
        procs: r.procCount,
        goroutines: r.goroutineCount,
        goroutineGroups: r.goroutineGroupCount,
      }
    },
    locate: (key, timeNs) => need().locate(key, timeNs),
    stats: () => ({ ...need().stats, requests: need().loader.requests }),
    timeRange: () => need().timeRangeSelection(),
    selectedTrack: () => need().selectedTrackKey(),
    selected: () => {
      const p = need().selectedPick()
      return p === undefined
        ? undefined
        : { trackKey: p.trackKey, id: p.id, startNs: p.startNs, endNs: p.endNs }
    },
    rowHeight: (key) => need().rows.rows.find((r) => r.key === key)?.heightCssPx,
    rangeData: (key) => {
      const v = need()
      const d = v.rangeLoader.ranges.get(key)
      if (d === undefined) return undefined
      const b = d.block
      return {
        startNs: [...b.startNs],
        endNs: [...b.endNs],
        code: [...b.code],
        depth: [...b.depth],
        count: [...b.count],
        names: [...b.nameId].map((id) => v.rangeLoader.strings.get(id) ?? ''),
      }
    },
    flows: async () => {
      const v = need()
      const f = await v.selectedFlows()
      if (f === undefined) return undefined
      await v.idle()
      return {
        timeNs: [...f.timeNs],
        fromGid: [...f.fromGid],
        toGid: [...f.toGid],
        kind: [...f.kind],
        arrows: v.flowArrows.map((a) => ({ ...a })),
      }
    },
    samples: (key) => {
      const v = need()
      const d = v.loader.samples.get(key)
      if (d === undefined) return undefined
      return {
        startNs: [...d.block.startNs],
        endNs: [...d.block.endNs],
        count: [...d.block.count],
        drawn: v.ticksDrawn(key),
      }
    },
    profileSettled: async () => {
      await panels()?.profile.pending
    },
    loseContext: async () => {
      const v = need()
      const gl = v.gl()
      const ext = gl?.getExtension('WEBGL_lose_context')
      if (ext === undefined || ext === null) throw new Error('WEBGL_lose_context unavailable')
      const restored = v.stats.contextRestores
      ext.loseContext()
      await new Promise((r) => setTimeout(r, 50))
      ext.restoreContext()
      for (let i = 0; i < 100 && v.stats.contextRestores === restored; i++) {
        await new Promise((r) => setTimeout(r, 20))
      }
      await v.idle()
    },
  }
}
