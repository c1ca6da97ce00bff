import type { FrameStats, TimelineView } from './timeline-view.ts'

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
  /** Loses the WebGL context and restores it, as a GPU reset would. */
  loseContext(): Promise<void>
}

declare global {
  interface Window {
    __gotrace?: GotraceTestHooks
  }
}

export function installTestHooks(ready: Promise<TimelineView | undefined>): void {
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
    idle: async () => (view === undefined ? undefined : view.idle()),
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
