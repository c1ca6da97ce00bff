import type { EngineApi, SearchHit } from '../../common/engine-api.ts'
import { connectEngine } from './connect.ts'
import { EXPORT_PROFILE_EVENT, installHost, type HostControls } from './desktop.ts'
import { renderError, renderTraceInfo } from './trace-panel.ts'
import { startTimeline } from './timeline.ts'
import { renderLegend } from './timeline/legend.ts'
import { OpenProgressView, withOpenProgress } from './timeline/open-progress.ts'
import { installTestHooks } from './timeline/test-hooks.ts'
import { currentTheme, onThemeChange } from './timeline/theme.ts'
import { BottomPanel } from './timeline/bottom-panel.ts'
import { GoroutinePanel } from './timeline/goroutine-panel.ts'
import { MmuPanel } from './timeline/mmu-panel.ts'
import { ProfilePanel } from './timeline/profile-panel.ts'
import { regionPanel } from './timeline/region-panel.ts'
import { SearchBox } from './timeline/search-box.ts'
import { taskPanel } from './timeline/task-panel.ts'
import { TimelineView } from './timeline/timeline-view.ts'

/** Renderer entry: the same code in Electron and in the browser (see connect.ts). */
async function main(): Promise<void> {
  const panel = requireElement('[data-testid="trace-panel"]')
  const timeline = requireElement('[data-testid="timeline"]')
  const legend = requireElement('[data-testid="legend"]')
  const host = installHost(window.gotraceHost)
  let resolveView!: (v: TimelineView | undefined) => void
  installTestHooks(new Promise((r) => (resolveView = r)), () => panels)
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
      host.noTrace(timeline)
      resolveView(undefined)
      return
    }
  } catch (err) {
    renderError(panel, err instanceof Error ? err.message : String(err))
    host.failed(err instanceof Error ? err.message : String(err))
    document.body.dataset.state = 'error'
    resolveView(undefined)
    return
  }
  resolveView(await openTimeline(engine, timeline, legend, await app, host))
}

/** The panels, for the test hooks. */
let panels: { profile: ProfilePanel; search: SearchBox } | undefined

/** Opens the trace (with a progress bar), lists its tracks and starts the timeline view. */
async function openTimeline(
  engine: EngineApi,
  timeline: HTMLElement,
  legend: HTMLElement,
  app: Awaited<ReturnType<typeof startTimeline>>,
  host: HostControls,
): Promise<TimelineView | undefined> {
  const progress = new OpenProgressView(timeline)
  host.openStarted(progress.node)
  try {
    const poll = async () => {
      const p = await engine.openProgress()
      host.progress(p)
      return p
    }
    host.opened(await withOpenProgress(progress, engine.open(), poll))
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
    const search = new SearchBox(requireElement('[data-testid="search"]'), engine, (hit) =>
      view.jumpTo(hit),
    )
    view.onFocusSearch = () => search.focus()
    const profile = new ProfilePanel(engine)
    const goroutines = new GoroutinePanel(engine, (name) => view.revealGroup(name))
    const jump = (hit: SearchHit) => view.jumpTo(hit)
    const regions = regionPanel(engine, jump, tracks.durationNs)
    const tasks = taskPanel(engine, jump, tracks.durationNs)
    const mmu = new MmuPanel(engine)
    const tab = (key: string, title: string, p: { node: HTMLElement; show(v: boolean): void }) => ({
      key,
      title,
      node: p.node,
      show: (v: boolean) => p.show(v),
    })
    const bottom = new BottomPanel(
      requireElement('[data-testid="bottom-panel"]'),
      requireElement('[data-testid="panel-buttons"]'),
      [
        tab('profile', 'Profile', profile),
        tab('goroutines', 'Goroutines', goroutines),
        tab('regions', 'Regions', regions),
        tab('tasks', 'Tasks', tasks),
        tab('mmu', 'MMU', mmu),
      ],
    )
    for (const p of [profile, regions, tasks])
      view.selectionListeners.push((s) => p.setSelection(s))
    window.addEventListener(EXPORT_PROFILE_EVENT, (event) => {
      event.preventDefault()
      bottom.open('profile')
      profile.focusExport()
    })
    panels = { profile, search }
    onThemeChange((theme) => {
      renderLegend(legend, theme)
      view.setTheme(theme)
    })
    timeline.dataset.open = 'true'
    return view
  } catch (err) {
    const message = `Could not open the trace: ${err instanceof Error ? err.message : String(err)}`
    progress.error(message)
    host.failed(message)
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
