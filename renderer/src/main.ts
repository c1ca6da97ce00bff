import type { EngineApi } from '../../common/engine-api.ts'
import { connectEngine } from './connect.ts'
import { renderError, renderTraceInfo } from './trace-panel.ts'
import { startTimeline } from './timeline.ts'
import { renderLegend } from './timeline/legend.ts'
import { OpenProgressView, withOpenProgress } from './timeline/open-progress.ts'
import { installTestHooks } from './timeline/test-hooks.ts'
import { currentTheme, onThemeChange } from './timeline/theme.ts'
import { TimelineView } from './timeline/timeline-view.ts'

/** Renderer entry: the same code in Electron and in the browser (see connect.ts). */
async function main(): Promise<void> {
  const panel = requireElement('[data-testid="trace-panel"]')
  const timeline = requireElement('[data-testid="timeline"]')
  const legend = requireElement('[data-testid="legend"]')
  let resolveView!: (v: TimelineView | undefined) => void
  installTestHooks(new Promise((r) => (resolveView = r)))
  renderLegend(legend, currentTheme())
  const app = startTimeline(timeline, currentTheme().background)
  let engine: EngineApi
  try {
    engine = await connectEngine(() => renderError(panel, 'Disconnected from the engine'))
    const [version, info] = await Promise.all([engine.version(), engine.traceInfo()])
    document.title = info === undefined ? 'gotrace' : `${info.path} — gotrace`
    document.documentElement.dataset.version = version
    renderTraceInfo(panel, info)
    document.body.dataset.state = 'ready'
    if (info === undefined) {
      resolveView(undefined)
      return
    }
  } catch (err) {
    renderError(panel, err instanceof Error ? err.message : String(err))
    document.body.dataset.state = 'error'
    resolveView(undefined)
    return
  }
  resolveView(await openTimeline(engine, timeline, legend, await app))
}

/** Opens the trace (with a progress bar), lists its tracks and starts the timeline view. */
async function openTimeline(
  engine: EngineApi,
  timeline: HTMLElement,
  legend: HTMLElement,
  app: Awaited<ReturnType<typeof startTimeline>>,
): Promise<TimelineView | undefined> {
  const progress = new OpenProgressView(timeline)
  try {
    await withOpenProgress(progress, engine.open(), () => engine.openProgress())
    const tracks = await engine.tracks()
    progress.remove()
    if (app === undefined) return undefined
    const view = new TimelineView(
      app,
      {
        root: timeline,
        header: requireElement('[data-testid="timeline-header"]'),
        scroll: requireElement('[data-testid="tracks-scroll"]'),
        content: requireElement('[data-testid="tracks-content"]'),
        labels: requireElement('[data-testid="track-labels"]'),
      },
      engine,
      tracks,
      currentTheme(),
    )
    onThemeChange((theme) => {
      renderLegend(legend, theme)
      view.setTheme(theme)
    })
    timeline.dataset.open = 'true'
    return view
  } catch (err) {
    progress.error(`Could not open the trace: ${err instanceof Error ? err.message : String(err)}`)
    timeline.dataset.open = 'error'
    return undefined
  }
}

function requireElement(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector)
  if (el === null) throw new Error(`missing ${selector} in index.html`)
  return el
}

void main()
