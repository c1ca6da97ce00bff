import { Container, Graphics, type Application } from 'pixi.js'
import { FLOW_KIND, type FlowBlock } from '../../../common/timeline-api.ts'
import type {
  EngineApi,
  RangeBlock,
  RangeQuery,
  SearchHit,
  SpanBlock,
  SpanQuery,
  TrackList,
} from '../../../common/engine-api.ts'
import { counterValueAt, drawCounterTrack, type CounterSeriesStyle } from './counter-geometry.ts'
import { DetailsPanel } from './details-panel.ts'
import { arrowHead, clippedLabel, layoutFlows, type FlowArrow } from './flow-geometry.ts'
import { HelpOverlay } from './help-overlay.ts'
import { LabelPool, LINE_CSS_PX } from './label-pool.ts'
import { showLegendItems } from './legend.ts'
import { outlineRect } from './outline.ts'
import { drawOverview } from './overview.ts'
import { describeRange, laneOf, type PickedRange } from './range-details.ts'
import { describeRangeDetails } from './range-details-fields.ts'
import {
  drawRangeTrack,
  maxDepth,
  rangeAt,
  rangeTrackHeight,
  type RangeTrackKind,
} from './range-geometry.ts'
import { rulerTicks } from './ruler-ticks.ts'
import {
  drawSampleTicks,
  TICK_HEIGHT_CSS_PX,
  TICK_TOP_CSS_PX,
  tickFunctions,
} from './sample-ticks.ts'
import { describeSpan, flowFields, spanGoroutine, type PickedSpan } from './span-details.ts'
import { drawSpanTrack, spanAt, type SpanLabelPlacement } from './span-geometry.ts'
import { formatCounterValue, formatDurationNs } from './time-format.ts'
import { TimeWindow, viewShowing, zoomedTo, type TimeRange } from './time-window.ts'
import { attachInput } from './timeline-input.ts'
import { Tooltip } from './tooltip.ts'
import { GUTTER_CSS_PX, TrackLabels } from './track-labels.ts'
import {
  rangeKey,
  TrackRows,
  type CounterRow,
  type RangeRow,
  type Row,
  type SpanRow,
} from './track-rows.ts'
import type { Theme } from './theme.ts'
import { ViewportLoader } from './viewport-loader.ts'
import { quantizeNsPerPx } from './viewport-plan.ts'

/** Something picked on a track: a span or a range. */
export type Picked = PickedSpan | PickedRange

/** Something under the pointer that only has a tooltip (a counter reading, a sample tick). */
interface InfoTip {
  tip: true
  title: string
  fields: [string, string][]
}

export type { TimeRange }

/** A region instance as the engine names it: its row ID (RangeBlock.id), goroutine and times. */
export interface RegionRef {
  id: number
  gid: number
  startNs: number
  endNs: number
}

/** What the rest of the page may want to know about the selection. */
export interface SelectionState {
  picked: Picked | undefined
  goroutine: { id: number; name: string } | undefined
  range: TimeRange | undefined
}

const CENSUS_CHUNK = 256

export const OVERVIEW_CSS_PX = 30
export const RULER_CSS_PX = 24
export const HEADER_CSS_PX = OVERVIEW_CSS_PX + RULER_CSS_PX

/** The DOM the view lives in (see index.html): the canvas sits under the other layers. */
export interface TimelineDom {
  root: HTMLElement
  header: HTMLElement
  scroll: HTMLElement
  content: HTMLElement
  labels: HTMLElement
}

interface RowGraphics {
  g: Graphics
  labels: SpanLabelPlacement[]
  /** CPU sample ticks drawn on the track. */
  ticks: number
  drawn: { startNs: number; endNs: number; width: number; data: unknown; theme: Theme; gen: number }
}

export interface FrameStats {
  frames: number
  lastFrameMs: number
  maxFrameMs: number
  totalFrameMs: number
  contextRestores: number
}

/**
 * The timeline: owns the time window, the rows, the data loader and the Pixi scene, and redraws
 * on demand (one requestAnimationFrame per change, nothing while idle).
 */
export class TimelineView {
  readonly window: TimeWindow
  readonly rows: TrackRows
  readonly loader: ViewportLoader
  /** Range tracks load apart from spans and counters, so a failure of one leaves the other. */
  readonly rangeLoader: ViewportLoader
  readonly stats: FrameStats = {
    frames: 0,
    lastFrameMs: 0,
    maxFrameMs: 0,
    totalFrameMs: 0,
    contextRestores: 0,
  }
  private app!: Application
  private background!: Graphics
  private tracksLayer!: Container
  private overlay!: Graphics
  private flowsG!: Graphics
  private header!: Graphics
  private overviewG!: Graphics
  private shade!: Graphics
  private trackText!: LabelPool
  private headerText!: LabelPool
  private readonly rowGraphics = new Map<string, RowGraphics>()
  private readonly freeGraphics: Graphics[] = []
  private overviewData: SpanBlock[] = []
  private overviewDrawn = ''
  private gen = 0
  private frameScheduled = false
  private frameWaiters: (() => void)[] = []
  private contextLost = false
  private hovered: Picked | undefined
  private selected: Picked | undefined
  /** A selected track (search results): its key. */
  private selectedTrack: string | undefined
  /** Counts selections, so a region selection still waiting for data yields to a newer one. */
  private selections = 0
  /** The region selection waiting for its band's data, if any. */
  private regionPending: Promise<boolean> | undefined
  private timeRange: TimeRange | undefined
  /** Range rows whose extent was asked for over the whole trace (regions, tasks). */
  private readonly census = new Map<string, 'pending' | 'done'>()
  private censusPending = 0
  private censusWaiters: (() => void)[] = []
  private readonly back: TimeRange[] = []
  private readonly forward: TimeRange[] = []
  readonly selectionListeners: ((s: SelectionState) => void)[] = []
  private readonly goroutineNames = new Map<number, string>()
  private readonly labelsDom: TrackLabels
  private readonly tooltip: Tooltip
  private readonly details: DetailsPanel
  private readonly help: HelpOverlay
  private overviewPending: Promise<void> | undefined
  /** Creation and wake-up flows of the selected goroutine span, once the engine answered. */
  private flows: FlowBlock | undefined
  private flowsPending: Promise<void> | undefined
  private flowsDrawn = ''
  private flowsRows: Row[] | undefined
  private flowsBlock: FlowBlock | undefined
  /** The flow arrows on screen (for the test hooks). */
  flowArrows: FlowArrow[] = []

  constructor(
    app: Application,
    private readonly dom: TimelineDom,
    private readonly engine: EngineApi,
    readonly tracks: TrackList,
    private theme: Theme,
  ) {
    this.window = new TimeWindow(tracks.durationNs)
    this.rows = new TrackRows(tracks)
    for (const g of tracks.goroutines) this.goroutineNames.set(g.id, g.name)
    showLegendItems('cpu-samples', tracks.cpuSamples > 0)
    this.loader = new ViewportLoader(engine, () => this.requestFrame())
    this.rangeLoader = new ViewportLoader(engine, () => this.requestFrame())
    this.labelsDom = new TrackLabels(dom.labels, (key) => {
      this.rows.toggle(key)
      this.requestFrame()
    })
    this.tooltip = new Tooltip(dom.root)
    this.details = new DetailsPanel(dom.root, () => this.select(undefined))
    this.help = new HelpOverlay(dom.root)
    this.attach(app)
    dom.scroll.addEventListener('scroll', () => {
      this.tooltip.hide()
      this.requestFrame()
    })
    new ResizeObserver(() => this.requestFrame()).observe(dom.root)
    attachInput(dom.scroll, dom.header, OVERVIEW_CSS_PX, () => this.window.widthCssPx, {
      zoom: (factor, clientX) => {
        const x =
          clientX === undefined
            ? this.window.widthCssPx / 2
            : clientX - this.dom.root.getBoundingClientRect().left - GUTTER_CSS_PX
        this.window.zoomAround(Math.max(0, Math.min(this.window.widthCssPx, x)), factor)
        this.viewChanged()
      },
      panByCssPx: (dx) => {
        this.window.panByCssPx(dx)
        this.viewChanged()
      },
      scrollByCssPx: (dy) => (this.dom.scroll.scrollTop += dy),
      fit: () => {
        this.pushHistory()
        this.window.fit()
        this.viewChanged()
      },
      hover: (x, y) => this.hover(x, y),
      leave: () => {
        this.tooltip.hide()
        this.setHovered(undefined)
      },
      click: (x, y) => this.select(this.pick(x, y)),
      doubleClick: (x, y) => {
        const p = this.pick(x, y)
        if (p !== undefined) this.zoomTo(p.startNs, p.endNs)
      },
      rangeSelect: (x0, x1, done) => this.rangeSelectCss(x0, x1, done),
      back: () => this.historyStep(this.back, this.forward),
      forward: () => this.historyStep(this.forward, this.back),
      focusSearch: () => this.onFocusSearch?.(),
      overviewAt: (clientX) => {
        const x = clientX - this.dom.root.getBoundingClientRect().left - GUTTER_CSS_PX
        this.window.centerOn((x / this.window.widthCssPx) * this.tracks.durationNs)
        this.viewChanged()
      },
      toggleHelp: () => this.help.toggle(),
      escape: () => {
        if (this.help.open) this.help.toggle(false)
        else if (this.selected !== undefined || this.selectedTrack !== undefined)
          this.select(undefined)
        else this.setTimeRange(undefined)
      },
    })
    this.requestFrame()
  }

  /** Adopts a (new) Pixi application: builds the scene graph and listens for context loss. */
  attach(app: Application): void {
    this.app = app
    this.background = new Graphics()
    this.tracksLayer = new Container()
    const trackTextLayer = new Container()
    this.overlay = new Graphics()
    this.flowsG = new Graphics()
    this.header = new Graphics()
    this.overviewG = new Graphics()
    this.shade = new Graphics()
    const headerTextLayer = new Container()
    app.stage.removeChildren()
    app.stage.addChild(
      this.background,
      this.tracksLayer,
      trackTextLayer,
      this.overlay,
      this.flowsG,
      this.header,
      this.overviewG,
      this.shade,
      headerTextLayer,
    )
    const dpr = app.renderer.resolution
    this.trackText = new LabelPool(trackTextLayer, dpr)
    this.headerText = new LabelPool(headerTextLayer, dpr)
    this.rowGraphics.clear()
    this.freeGraphics.length = 0
    this.overviewDrawn = ''
    this.flowsDrawn = ''
    this.contextLost = false
    const canvas = app.canvas
    canvas.addEventListener('webglcontextlost', () => {
      this.contextLost = true
    })
    canvas.addEventListener('webglcontextrestored', () => {
      // Pixi re-creates its GL objects; rebuild our geometry anyway and draw again.
      this.contextLost = false
      this.stats.contextRestores++
      this.invalidate()
    })
    this.invalidate()
  }

  setTheme(theme: Theme): void {
    this.theme = theme
    this.app.renderer.background.color = theme.background
    this.invalidate()
  }

  /** Forgets every cached geometry and redraws. */
  invalidate(): void {
    this.gen++
    this.overviewDrawn = ''
    this.requestFrame()
  }

  /** The WebGL context (tests use it to simulate a context loss). */
  gl(): WebGLRenderingContext | WebGL2RenderingContext | undefined {
    return (this.app.renderer as { gl?: WebGL2RenderingContext }).gl
  }

  view(): { startNs: number; endNs: number } {
    return { startNs: this.window.startNs, endNs: this.window.endNs }
  }

  setView(startNs: number, endNs: number): void {
    this.window.set(startNs, endNs)
    this.viewChanged()
  }

  /** Called on Ctrl/Cmd+F or "/" (the search box registers itself). */
  onFocusSearch: (() => void) | undefined

  /** Zooms to [startNs, endNs] with a margin of 5% each side, remembering the previous view. */
  zoomTo(startNs: number, endNs: number): void {
    this.moveTo(zoomedTo({ startNs, endNs }))
  }

  /** Scrolls or zooms just enough to show `r` (see viewShowing), remembering the previous view. */
  showRange(r: TimeRange): void {
    this.moveTo(viewShowing(this.view(), r, this.window.widthCssPx))
  }

  /** A jump: Back returns to the view before it (a jump that stays put is not one). */
  private moveTo(v: TimeRange): void {
    const now = this.view()
    if (v.startNs === now.startNs && v.endNs === now.endNs) return
    this.pushHistory()
    this.window.set(v.startNs, v.endNs)
    this.viewChanged()
  }

  private pushHistory(): void {
    const v = this.view()
    const last = this.back[this.back.length - 1]
    if (last !== undefined && last.startNs === v.startNs && last.endNs === v.endNs) return
    this.back.push(v)
    if (this.back.length > 100) this.back.shift()
    this.forward.length = 0
  }

  private historyStep(from: TimeRange[], to: TimeRange[]): void {
    const v = from.pop()
    if (v === undefined) return
    to.push(this.view())
    this.window.set(v.startNs, v.endNs)
    this.viewChanged()
  }

  /** Expands the groups above a track, scrolls it into view and selects it (search results). */
  revealTrack(key: string): boolean {
    if (!this.rows.expandTo(key)) return false
    const row = this.rows.rows.find((r) => r.key === key)
    if (row === undefined) return false
    this.dom.content.style.height = `${this.rows.totalHeightCssPx}px`
    const s = this.dom.scroll
    if (row.yCssPx < s.scrollTop || row.yCssPx + row.heightCssPx > s.scrollTop + s.clientHeight) {
      s.scrollTop = Math.max(0, row.yCssPx - s.clientHeight / 3)
    }
    this.requestFrame()
    return true
  }

  /** Selects a whole track (a goroutine found by search): details, and the goroutine scope. */
  selectTrack(key: string): void {
    this.selections++
    this.selected = undefined
    this.setFlows(undefined)
    this.selectedTrack = key
    const row = this.rows.rows.find((r) => r.key === key)
    const g = this.selectedGoroutine()
    const fields: [string, string][] = []
    if (g !== undefined) {
      const info = this.tracks.goroutines.find((x) => x.id === g.id)
      fields.push(['Goroutine', `G${g.id}`], ['Start function', g.name || '(unknown)'])
      if (info !== undefined) {
        fields.push(['Spans', info.spans.toLocaleString('en-US')])
        if (info.createdNs !== null) fields.push(['Created', formatDurationNs(info.createdNs)])
        if (info.endNs !== null) fields.push(['Ended', formatDurationNs(info.endNs)])
      }
    }
    this.details.show(row?.title ?? key, fields)
    this.labelsDom.setSelected(key)
    this.selectionChanged()
    this.requestFrame()
  }

  /** The flows loaded for the selected goroutine span, once the latest load is done. */
  async selectedFlows(): Promise<FlowBlock | undefined> {
    await this.flowsPending
    return this.flows
  }

  /** CPU sample ticks drawn on a track at the last frame (0 when it is not on screen). */
  ticksDrawn(key: string): number {
    return this.rowGraphics.get(key)?.ticks ?? 0
  }

  /** What is selected on a track (a span or a range), if anything is. */
  selectedPick(): Picked | undefined {
    return this.selected
  }

  selectedTrackKey(): string | undefined {
    return this.selectedTrack
  }

  selectedGoroutine(): { id: number; name: string } | undefined {
    const p = this.selected
    let gid: number | undefined
    if (p !== undefined) {
      if ('rangeKind' in p) gid = p.gid
      else gid = p.goroutine?.id
    } else if (this.selectedTrack?.startsWith('goroutine:') === true) {
      gid = Number(this.selectedTrack.slice('goroutine:'.length))
    }
    if (gid === undefined || gid < 0) return undefined
    return { id: gid, name: this.goroutineNames.get(gid) ?? '' }
  }

  timeRangeSelection(): TimeRange | undefined {
    return this.timeRange
  }

  setTimeRange(r: TimeRange | undefined): void {
    this.timeRange = r === undefined || r.endNs <= r.startNs ? undefined : r
    this.selectionChanged()
    this.requestFrame()
  }

  /**
   * Shows a search hit: a region as selectRegion does; otherwise zooms to it, reveals its
   * goroutine (or the Tasks track) and selects it.
   */
  jumpTo(hit: SearchHit): void {
    if (hit.kind === 'region' && hit.gid !== null && hit.id >= 0) {
      void this.selectRegion({ id: hit.id, gid: hit.gid, startNs: hit.startNs, endNs: hit.endNs })
      return
    }
    this.zoomTo(hit.startNs, hit.endNs)
    if (hit.kind === 'task') {
      this.selectTask(hit.id, hit.startNs, hit.endNs, hit.label)
      return
    }
    if (hit.gid === null) return
    const key = `goroutine:${hit.gid}`
    if (this.revealTrack(key)) this.selectTrack(key)
  }

  /**
   * Selects a region as a click on its band does (outline, details, goroutine scope), once it is
   * in view: the time window moved to show it (showRange), its goroutine's track scrolled to and
   * its groups expanded. The band's data may still be loading: resolves to true once selected,
   * false if a newer selection came first or the band has no such region (then its goroutine's
   * track is selected, as the nearest thing).
   */
  selectRegion(region: RegionRef): Promise<boolean> {
    const token = ++this.selections
    this.showRange(region)
    this.revealTrack(`goroutine:${region.gid}`)
    this.regionPending = this.settle().then(() => {
      if (token !== this.selections) return false
      return this.selectLoadedRegion(region)
    })
    return this.regionPending
  }

  private selectLoadedRegion(region: RegionRef): boolean {
    const key = rangeKey({ kind: 'regions', gid: region.gid })
    const row = this.rows.rows.find((r) => r.key === key)
    const block = this.rangeLoader.ranges.get(key)?.block
    const i = block?.id.indexOf(region.id) ?? -1
    if (row?.type !== 'ranges' || block === undefined || i < 0) {
      const track = `goroutine:${region.gid}`
      if (this.revealTrack(track)) this.selectTrack(track)
      return false
    }
    // The band's height is known only now: it may reach below the fold.
    this.revealTrack(key)
    this.select(this.pickedRange(row, block, i))
    return true
  }

  /** Expands a start function's group and scrolls it to the top (goroutine analysis rows). */
  revealGroup(name: string): void {
    const key = `fn:${name === '' ? '(unknown)' : name}`
    const found = this.tracks.goroutines.some((g) => !g.isSystem && g.name === name)
    if (!found || !this.rows.expandTo(key)) return
    const row = this.rows.rows.find((r) => r.key === key)
    if (row?.type === 'group' && row.collapsed) this.rows.toggle(key)
    const target = this.rows.rows.find((r) => r.key === key)
    this.dom.content.style.height = `${this.rows.totalHeightCssPx}px`
    if (target !== undefined) this.dom.scroll.scrollTop = target.yCssPx
    this.requestFrame()
  }

  /** Selects a task on the Tasks track by ID (found by search): it is highlighted. */
  selectTask(id: number, startNs: number, endNs: number, name: string): void {
    this.revealTrack('tasks')
    const row = this.rows.rows.find((r) => r.key === 'tasks')
    this.select({
      rangeKind: 'tasks',
      trackKey: 'tasks',
      trackTitle: 'Tasks',
      startNs,
      endNs,
      code: 0,
      id,
      depth: 0,
      count: 1,
      name,
      gid: undefined,
      ...laneOf('tasks', 0, row?.heightCssPx ?? 0),
    })
  }

  private rangeSelectCss(clientX0: number, clientX1: number, done: boolean): void {
    const left = this.dom.root.getBoundingClientRect().left + GUTTER_CSS_PX
    const clamp = (x: number) => Math.max(0, Math.min(this.window.widthCssPx, x - left))
    const a = this.window.cssXToTime(clamp(clientX0))
    const b = this.window.cssXToTime(clamp(clientX1))
    const lo = Math.max(0, Math.min(a, b))
    const hi = Math.min(this.tracks.durationNs, Math.max(a, b))
    this.timeRange = hi > lo ? { startNs: lo, endNs: hi } : undefined
    if (done) this.selectionChanged()
    this.requestFrame()
  }

  private selectionChanged(): void {
    const state: SelectionState = {
      picked: this.selected,
      goroutine: this.selectedGoroutine(),
      range: this.timeRange,
    }
    for (const l of this.selectionListeners) l(state)
  }

  /** Resolves when no data is loading, no region waits to be selected and all is on screen. */
  async idle(): Promise<void> {
    await this.regionPending
    await this.settle()
  }

  /** Resolves when no data is loading and the latest state is on screen. */
  private async settle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await this.loader.settled()
      await this.rangeLoader.settled()
      await this.censusSettled()
      await this.overviewPending
      await this.nextFrame()
      if (
        !this.loader.pending &&
        !this.rangeLoader.pending &&
        this.censusPending === 0 &&
        !this.frameScheduled
      )
        return
    }
  }

  /**
   * Scrolls a track into view and returns the client coordinates of `timeNs` on it (for tests
   * and "go to"); undefined when the track is collapsed away or the time is off screen.
   */
  async locate(key: string, timeNs: number): Promise<{ x: number; y: number } | undefined> {
    const row = this.rows.rows.find((r) => r.key === key)
    if (row === undefined) return undefined
    const s = this.dom.scroll
    if (row.yCssPx < s.scrollTop || row.yCssPx + row.heightCssPx > s.scrollTop + s.clientHeight) {
      s.scrollTop = row.yCssPx - s.clientHeight / 3
    }
    this.requestFrame()
    await this.idle()
    const x = this.window.timeToCssX(timeNs)
    if (x < 0 || x > this.window.widthCssPx) return undefined
    const box = s.getBoundingClientRect()
    return {
      x: box.left + GUTTER_CSS_PX + x,
      y: box.top + row.yCssPx - s.scrollTop + row.heightCssPx / 2,
    }
  }

  requestFrame(): void {
    if (this.frameScheduled) return
    this.frameScheduled = true
    requestAnimationFrame(() => this.frame())
  }

  private nextFrame(): Promise<void> {
    if (!this.frameScheduled) return Promise.resolve()
    return new Promise((resolve) => this.frameWaiters.push(resolve))
  }

  private viewChanged(): void {
    this.tooltip.hide()
    this.hovered = undefined
    this.requestFrame()
  }

  private frame(): void {
    this.frameScheduled = false
    try {
      if (!this.contextLost) this.draw()
    } finally {
      for (const w of this.frameWaiters.splice(0)) w()
    }
  }

  private draw(): void {
    const t0 = performance.now()
    const root = this.dom.root
    const widthCss = root.clientWidth
    const heightCss = root.clientHeight
    const renderer = this.app.renderer
    if (renderer.width !== widthCss || renderer.height !== heightCss) {
      renderer.resize(widthCss, heightCss)
    }
    const dpr = renderer.resolution
    const scroll = this.dom.scroll
    const trackW = Math.max(1, scroll.clientWidth - GUTTER_CSS_PX)
    if (this.window.widthCssPx !== trackW) this.window.widthCssPx = trackW
    this.dom.content.style.height = `${this.rows.totalHeightCssPx}px`
    const top = scroll.scrollTop
    const viewH = scroll.clientHeight
    const visible = this.rows.visible(top, top + viewH)
    this.labelsDom.update(visible)
    this.requestData(top, viewH)
    this.loadOverview(trackW)

    this.drawBackground(visible, top, widthCss, heightCss, trackW)
    this.trackText.begin()
    const used = new Set<string>()
    for (const row of visible) {
      if (row.type === 'group' || row.heightCssPx === 0) continue
      used.add(row.key)
      this.drawRow(row, HEADER_CSS_PX + row.yCssPx - top, dpr)
    }
    for (const [key, rg] of this.rowGraphics) {
      if (used.has(key)) continue
      rg.g.clear()
      rg.g.visible = false
      this.freeGraphics.push(rg.g)
      this.rowGraphics.delete(key)
    }
    this.drawFlows(top, heightCss)
    this.trackText.end()
    this.drawOverlay(top)
    this.drawHeader(widthCss, trackW, dpr)
    renderer.render(this.app.stage)

    const ms = performance.now() - t0
    this.stats.frames++
    this.stats.lastFrameMs = ms
    this.stats.totalFrameMs += ms
    if (this.stats.frames > 2) this.stats.maxFrameMs = Math.max(this.stats.maxFrameMs, ms)
  }

  /**
   * One viewport request for the visible span and counter rows plus half a screen above and
   * below, one for the visible range rows, and a whole-trace census of range rows whose extent
   * (any regions? how deep?) is not known yet.
   */
  private requestData(top: number, viewH: number): void {
    const spans: SpanQuery[] = []
    const counters = new Set<number>()
    const ranges: RangeQuery[] = []
    const unknown: RangeQuery[] = []
    for (const row of this.rows.visible(top - viewH / 2, top + viewH * 1.5)) {
      if (row.type === 'spans') spans.push({ kind: row.kind, id: row.id })
      else if (row.type === 'counter') for (const s of row.series) counters.add(s.series)
      else if (row.type === 'ranges') {
        if (row.query.kind !== 'gc' && !this.census.has(row.key)) unknown.push(row.query)
        if (row.heightCssPx > 0) ranges.push(row.query)
      }
    }
    const w = this.window
    if (spans.length > 0 || counters.size > 0) {
      // CPU sample ticks go on the same tracks, in the same request, when the trace has any.
      const samples = this.tracks.cpuSamples > 0 ? spans : []
      this.loader.ensure(w.startNs, w.endNs, w.widthCssPx, spans, [...counters], [], samples)
    }
    if (ranges.length > 0) this.rangeLoader.ensure(w.startNs, w.endNs, w.widthCssPx, [], [], ranges)
    for (let i = 0; i < unknown.length; i += CENSUS_CHUNK) {
      this.runCensus(unknown.slice(i, i + CENSUS_CHUNK))
    }
  }

  /** Asks for range rows over the whole trace at a coarse resolution to size them. */
  private runCensus(queries: RangeQuery[]): void {
    for (const q of queries) this.census.set(rangeKey(q), 'pending')
    this.censusPending++
    const duration = this.tracks.durationNs
    this.engine
      .viewport({
        startNs: 0,
        endNs: duration,
        nsPerPx: quantizeNsPerPx(duration / Math.max(1, this.window.widthCssPx)),
        spans: [],
        counters: [],
        ranges: queries,
      })
      .then((r) => {
        r.ranges.forEach((block, i) => {
          const d = maxDepth(block)
          if (d >= 0) this.rows.setRangeHeight(rangeKey(queries[i]!), rangeTrackHeight(d))
        })
      })
      .catch((err: unknown) => {
        // Show the failure on the Tasks row (regions stay hidden rather than all failing).
        this.rangeLoader.lastError = err instanceof Error ? err.message : String(err)
        this.rows.setRangeHeight('tasks', rangeTrackHeight(0))
      })
      .finally(() => {
        for (const q of queries) this.census.set(rangeKey(q), 'done')
        this.censusPending--
        this.requestFrame()
        if (this.censusPending === 0) for (const w of this.censusWaiters.splice(0)) w()
      })
  }

  private censusSettled(): Promise<void> {
    if (this.censusPending === 0) return Promise.resolve()
    return new Promise((resolve) => this.censusWaiters.push(resolve))
  }

  private loadOverview(trackW: number): void {
    if (this.overviewPending !== undefined || this.overviewData.length > 0) return
    const procs = this.tracks.procs.map((p) => ({ kind: p.kind, id: p.id }))
    if (procs.length === 0) return
    this.overviewPending = this.engine
      .viewport({
        startNs: 0,
        endNs: this.tracks.durationNs,
        nsPerPx: this.tracks.durationNs / Math.max(1, trackW),
        spans: procs,
        counters: [],
      })
      .then((r) => {
        this.overviewData = r.spans
        this.overviewDrawn = ''
        this.requestFrame()
      })
      .catch(() => undefined)
  }

  private drawBackground(
    visible: Row[],
    top: number,
    widthCss: number,
    heightCss: number,
    trackW: number,
  ): void {
    const g = this.background
    const th = this.theme
    g.clear()
    g.rect(0, 0, widthCss, heightCss).fill(th.background)
    g.rect(0, HEADER_CSS_PX, GUTTER_CSS_PX, heightCss).fill(th.gutter)
    // Grid lines at the ruler's major ticks.
    for (const tick of rulerTicks(this.window.startNs, this.window.endNs, trackW)) {
      if (tick.label === undefined) continue
      const x = Math.round(GUTTER_CSS_PX + this.window.timeToCssX(tick.timeNs))
      g.rect(x, HEADER_CSS_PX, 1, heightCss).fill(th.grid)
    }
    for (const row of visible) {
      const y = Math.round(HEADER_CSS_PX + row.yCssPx - top)
      if (row.heightCssPx === 0) continue
      if (row.type === 'group') {
        g.rect(0, y, widthCss, row.heightCssPx).fill(row.depth === 0 ? th.header : th.groupBand)
      }
      if (row.key === this.selectedTrack) {
        g.rect(0, y, widthCss, row.heightCssPx).fill({ color: th.selection, alpha: 0.08 })
      }
      g.rect(0, y + row.heightCssPx - 1, widthCss, 1).fill(th.separator)
    }
    g.rect(GUTTER_CSS_PX - 1, HEADER_CSS_PX, 1, heightCss).fill(th.separator)
  }

  private graphicsFor(key: string): RowGraphics {
    let rg = this.rowGraphics.get(key)
    if (rg === undefined) {
      const g = this.freeGraphics.pop() ?? this.tracksLayer.addChild(new Graphics())
      g.visible = true
      rg = {
        g,
        labels: [],
        ticks: 0,
        drawn: { startNs: NaN, endNs: NaN, width: 0, data: undefined, theme: this.theme, gen: -1 },
      }
      this.rowGraphics.set(key, rg)
    }
    return rg
  }

  private drawRow(row: SpanRow | CounterRow | RangeRow, yScreen: number, dpr: number): void {
    const rg = this.graphicsFor(row.key)
    rg.g.position.set(GUTTER_CSS_PX, yScreen)
    const w = this.window
    const highlight =
      row.type === 'ranges' && row.query.kind === 'tasks' && this.selected !== undefined
        ? 'rangeKind' in this.selected && this.selected.rangeKind === 'tasks'
          ? this.selected.id
          : undefined
        : undefined
    const data =
      row.type === 'spans'
        ? [this.loader.spans.get(row.key), this.loader.samples.get(row.key)]
        : row.type === 'ranges'
          ? [this.rangeLoader.ranges.get(row.key), highlight, row.heightCssPx]
          : row.series.map((s) => this.loader.counters.get(s.series))
    const d = rg.drawn
    const dataKey = data.map((x) => (typeof x === 'object' ? x?.block : x))
    const same =
      d.startNs === w.startNs &&
      d.endNs === w.endNs &&
      d.width === w.widthCssPx &&
      d.theme === this.theme &&
      d.gen === this.gen &&
      sameData(d.data, dataKey)
    if (!same) {
      rg.drawn = {
        startNs: w.startNs,
        endNs: w.endNs,
        width: w.widthCssPx,
        data: dataKey,
        theme: this.theme,
        gen: this.gen,
      }
      rg.labels = []
      rg.ticks = 0
      if (row.type === 'ranges') {
        const rd = this.rangeLoader.ranges.get(row.key)
        if (rd === undefined) rg.g.clear()
        else {
          rg.labels = drawRangeTrack(rg.g, row.query.kind, rd.block, row.heightCssPx, {
            theme: this.theme,
            window: w,
            devicePxPerCssPx: dpr,
            name: (id) => this.rangeLoader.strings.get(id),
            highlightId: highlight,
          })
        }
      } else if (row.type === 'spans') {
        const sd = this.loader.spans.get(row.key)
        if (sd === undefined) rg.g.clear()
        else {
          rg.labels = drawSpanTrack(rg.g, row.kind, sd.block, row.heightCssPx, {
            theme: this.theme,
            window: w,
            devicePxPerCssPx: dpr,
            goroutineName: (gid) => this.goroutineNames.get(gid) ?? '',
            reason: (id) => this.loader.strings.get(id),
          })
          const samples = this.loader.samples.get(row.key)
          if (samples !== undefined) {
            rg.ticks = drawSampleTicks(rg.g, samples.block, w, dpr, this.theme.sample)
          }
        }
      } else {
        this.drawCounterRow(rg, row, dpr)
      }
    }
    const textY = yScreen + (row.heightCssPx - 1 - LINE_CSS_PX) / 2
    const failed =
      row.type === 'ranges'
        ? this.rangeLoader.ranges.has(row.key)
          ? undefined
          : this.rangeLoader.lastError
        : this.loader.lastError
    if (failed !== undefined) {
      this.trackText.add(`⚠ ${failed}`, GUTTER_CSS_PX + 4, textY, this.theme.stw, 600)
    }
    if (row.type === 'counter') {
      const max = Math.max(...row.series.map((s) => s.max))
      this.trackText.add(
        formatCounterValue(max, row.series[0]!.unit),
        GUTTER_CSS_PX + 4,
        yScreen + 1,
        this.theme.textDim,
        120,
      )
      return
    }
    for (const l of rg.labels) {
      const y = l.yCssPx === undefined ? textY : yScreen + l.yCssPx
      this.trackText.add(l.text, GUTTER_CSS_PX + l.xCssPx + 4, y, l.color, l.widthCssPx - 8)
    }
  }

  private drawCounterRow(rg: RowGraphics, row: CounterRow, dpr: number): void {
    const series: {
      block: NonNullable<ReturnType<ViewportLoader['counters']['get']>>['block']
      style: CounterSeriesStyle
    }[] = []
    row.series.forEach((s, i) => {
      const data = this.loader.counters.get(s.series)
      if (data === undefined) return
      series.push({ block: data.block, style: this.counterStyle(row, s.name, i) })
    })
    const max = Math.max(...row.series.map((s) => s.max))
    drawCounterTrack(
      rg.g,
      series,
      max * 1.05,
      this.tracks.durationNs,
      row.heightCssPx,
      this.window,
      dpr,
    )
  }

  private counterStyle(row: CounterRow, name: string, index: number): CounterSeriesStyle {
    const th = this.theme
    if (row.style === 'heap') {
      return index === 0 ? { color: th.heapLive, fill: true } : { color: th.heapGoal, fill: false }
    }
    const byName: Record<string, number> = {
      'Goroutines running': th.state.running,
      'Goroutines runnable': th.state.runnable,
      'Goroutines waiting': th.name === 'dark' ? 0x9aa0ab : 0x8a919e,
      'Goroutines in syscall': th.state.syscall,
    }
    return { color: byName[name] ?? th.counter, fill: true }
  }

  private setFlows(flows: FlowBlock | undefined): void {
    this.flows = flows
    this.requestFrame()
  }

  /**
   * The selected span's flow arrows over the tracks: laid out again when the view, the rows or
   * the data changed; the names of goroutines off screen go to the track text each frame.
   */
  private drawFlows(top: number, heightCss: number): void {
    const f = this.flows
    const w = this.window
    const key =
      f === undefined
        ? ''
        : [w.startNs, w.endNs, w.widthCssPx, top, heightCss, this.gen, this.theme.name].join('|')
    if (key !== this.flowsDrawn || this.flowsRows !== this.rows.rows || this.flowsBlock !== f) {
      this.flowsDrawn = key
      this.flowsRows = this.rows.rows
      this.flowsBlock = f
      this.flowArrows =
        f === undefined
          ? []
          : layoutFlows({
              flows: f,
              timeToX: (t) => w.timeToCssX(t),
              widthCssPx: w.widthCssPx,
              viewTop: HEADER_CSS_PX,
              viewBottom: heightCss,
              placeOf: (gid) => {
                const row = this.rows.shownAs(`goroutine:${gid}`)
                if (row === undefined || row.heightCssPx === 0) return undefined
                return { top: HEADER_CSS_PX + row.yCssPx - top, height: row.heightCssPx }
              },
            })
      this.strokeFlows()
    }
    for (const a of this.flowArrows) {
      const label = clippedLabel(a, LINE_CSS_PX)
      if (label === undefined) continue
      const color = a.kind === FLOW_KIND.create ? this.theme.flowCreate : this.theme.flowUnblock
      this.trackText.add(label.text, GUTTER_CSS_PX + label.x, label.y, color, 80)
    }
  }

  /**
   * Draws this.flowArrows: a halo in the background colour under all lines (so they stand out
   * over spans of any colour), then per kind of flow one stroke for the lines and one fill for
   * the heads and the dots at the wakers' ends.
   */
  private strokeFlows(): void {
    const g = this.flowsG
    g.clear()
    g.position.set(GUTTER_CSS_PX, 0)
    if (this.flowArrows.length === 0) return
    const line = (a: FlowArrow) => g.moveTo(a.x, a.y0).lineTo(a.x, arrowHead(a)[3]!)
    for (const a of this.flowArrows) line(a)
    g.stroke({ width: 4, color: this.theme.background, alpha: 0.7 })
    for (const kind of [FLOW_KIND.unblock, FLOW_KIND.create]) {
      const arrows = this.flowArrows.filter((a) => a.kind === kind)
      if (arrows.length === 0) continue
      const color = kind === FLOW_KIND.create ? this.theme.flowCreate : this.theme.flowUnblock
      for (const a of arrows) line(a)
      g.stroke({ width: 1.5, color })
      for (const a of arrows) {
        g.poly(arrowHead(a))
        if (!a.fromClipped) g.circle(a.x, a.y0, 3)
      }
      g.fill(color)
    }
  }

  private drawOverlay(top: number): void {
    const g = this.overlay
    g.clear()
    const th = this.theme
    const r = this.timeRange
    if (r !== undefined) {
      const x0 = Math.max(0, this.window.timeToCssX(r.startNs))
      const x1 = Math.min(this.window.widthCssPx, this.window.timeToCssX(r.endNs))
      if (x1 > x0) {
        const h = this.dom.root.clientHeight - HEADER_CSS_PX
        g.rect(GUTTER_CSS_PX + x0, HEADER_CSS_PX, Math.max(1, x1 - x0), h).fill({
          color: th.rangeSelection,
          alpha: 0.14,
        })
        g.rect(Math.round(GUTTER_CSS_PX + x0), HEADER_CSS_PX, 1, h).fill(th.rangeSelection)
        g.rect(Math.round(GUTTER_CSS_PX + x1), HEADER_CSS_PX, 1, h).fill(th.rangeSelection)
      }
    }
    const mark = (s: Picked | undefined, color: number, thickness: number) => {
      if (s === undefined) return
      const row = this.rows.rows.find((r) => r.key === s.trackKey)
      if (row === undefined || row.heightCssPx === 0) return
      const x0 = Math.max(-2, this.window.timeToCssX(s.startNs))
      const x1 = Math.min(this.window.widthCssPx + 2, this.window.timeToCssX(s.endNs))
      if (x1 < 0 || x0 > this.window.widthCssPx) return
      const laneTop = 'rangeKind' in s ? s.laneTopCssPx : 0
      const laneH = 'rangeKind' in s ? s.laneHeightCssPx : row.heightCssPx
      const y = HEADER_CSS_PX + row.yCssPx - top + 1 + laneTop
      outlineRect(
        g,
        Math.round(GUTTER_CSS_PX + x0) - 1,
        Math.round(y),
        Math.max(3, Math.round(x1 - x0) + 2),
        laneH - 3,
        color,
        thickness,
      )
    }
    mark(this.hovered, th.hover, 1)
    mark(this.selected, th.selection, 2)
  }

  private drawHeader(widthCss: number, trackW: number, dpr: number): void {
    const g = this.header
    const th = this.theme
    const w = this.window
    g.clear()
    g.rect(0, 0, widthCss, HEADER_CSS_PX).fill(th.header)
    // Overview: the visible window is clear, the rest shaded.
    const duration = this.tracks.durationNs
    const ox = (t: number) =>
      GUTTER_CSS_PX + (Math.max(0, Math.min(duration, t)) / duration) * trackW
    const key = `${trackW}|${th.name}|${this.overviewData.length}|${this.gen}`
    if (this.overviewDrawn !== key) {
      drawOverview(
        this.overviewG,
        this.overviewData,
        duration,
        trackW,
        OVERVIEW_CSS_PX - 1,
        th,
        dpr,
      )
      this.overviewG.position.set(GUTTER_CSS_PX, 0)
      this.overviewDrawn = key
    }
    const wx0 = Math.round(ox(w.startNs))
    const wx1 = Math.max(wx0 + 2, Math.round(ox(w.endNs)))
    g.rect(0, OVERVIEW_CSS_PX - 1, widthCss, 1).fill(th.separator)
    g.rect(0, HEADER_CSS_PX - 1, widthCss, 1).fill(th.separator)
    g.rect(GUTTER_CSS_PX - 1, 0, 1, HEADER_CSS_PX).fill(th.separator)
    // Ruler ticks and labels.
    this.headerText.begin()
    for (const tick of rulerTicks(w.startNs, w.endNs, trackW)) {
      const x = Math.round(GUTTER_CSS_PX + w.timeToCssX(tick.timeNs))
      if (tick.label === undefined) {
        g.rect(x, HEADER_CSS_PX - 5, 1, 4).fill(th.textDim)
        continue
      }
      g.rect(x, OVERVIEW_CSS_PX, 1, RULER_CSS_PX - 1).fill(th.separator)
      this.headerText.add(tick.label, x + 4, OVERVIEW_CSS_PX + 5, th.text, 400)
    }
    const r = this.timeRange
    if (r !== undefined) {
      const x0 = Math.max(0, w.timeToCssX(r.startNs))
      const x1 = Math.min(trackW, w.timeToCssX(r.endNs))
      if (x1 > x0) {
        g.rect(GUTTER_CSS_PX + x0, OVERVIEW_CSS_PX, Math.max(1, x1 - x0), RULER_CSS_PX - 1).fill({
          color: th.rangeSelection,
          alpha: 0.35,
        })
        const text = formatDurationNs(r.endNs - r.startNs)
        const cx = GUTTER_CSS_PX + (x0 + x1) / 2 - text.length * 3.2
        this.headerText.add(
          text,
          Math.max(GUTTER_CSS_PX + 2, cx),
          OVERVIEW_CSS_PX + 5,
          th.text,
          200,
        )
      }
    }
    this.headerText.add(
      'Overview',
      10,
      (OVERVIEW_CSS_PX - LINE_CSS_PX) / 2,
      th.textDim,
      GUTTER_CSS_PX - 16,
    )
    this.headerText.add(
      `Visible: ${formatDurationNs(w.spanNs)}`,
      10,
      OVERVIEW_CSS_PX + 5,
      th.text,
      GUTTER_CSS_PX - 16,
    )
    this.headerText.end()
    // Shade drawn last so it covers the overview graphics too.
    const shade = this.shade
    shade.clear()
    shade
      .rect(GUTTER_CSS_PX, 0, Math.max(0, wx0 - GUTTER_CSS_PX), OVERVIEW_CSS_PX - 1)
      .fill({ color: th.windowShade, alpha: th.windowShadeAlpha })
    shade
      .rect(wx1, 0, Math.max(0, GUTTER_CSS_PX + trackW - wx1), OVERVIEW_CSS_PX - 1)
      .fill({ color: th.windowShade, alpha: th.windowShadeAlpha })
    outlineRect(shade, wx0, 0, wx1 - wx0, OVERVIEW_CSS_PX - 1, th.windowEdge, 1)
  }

  private hover(clientX: number, clientY: number): void {
    const p = this.pickAny(clientX, clientY, true)
    if (p === undefined) {
      this.tooltip.hide()
      this.setHovered(undefined)
      return
    }
    if ('tip' in p) {
      this.tooltip.show(clientX, clientY, p.title, p.fields)
      this.setHovered(undefined)
      return
    }
    const d = describePicked(p)
    this.tooltip.show(clientX, clientY, d.title, d.fields)
    this.setHovered(p)
  }

  private setHovered(p: Picked | undefined): void {
    if (
      p?.trackKey === this.hovered?.trackKey &&
      p?.startNs === this.hovered?.startNs &&
      p?.endNs === this.hovered?.endNs
    )
      return
    this.hovered = p
    this.requestFrame()
  }

  private select(p: Picked | undefined): void {
    this.selections++
    this.selected = p
    this.setFlows(undefined)
    this.selectedTrack = undefined
    this.labelsDom.setSelected(undefined)
    if (p === undefined) this.details.hide()
    else {
      const d = describePicked(p)
      this.details.show(d.title, d.fields)
      if (!('rangeKind' in p)) {
        const gid = spanGoroutine(p)
        if (gid !== undefined) this.showStacks(p, gid, d)
      } else if (p.rangeKind !== 'gc' && p.count === 1) this.showRangeDetails(p, d)
    }
    this.selectionChanged()
    this.requestFrame()
  }

  /**
   * Adds what the store knows beyond the track data (where it ran, who woke it, the stacks at
   * both ends) to the details of a span of goroutine `gid` (on its own track, or its run on a P
   * or thread), once the engine answers; then loads the goroutine's flows over that state (whom
   * it woke or created, who woke it) to draw as arrows.
   */
  private showStacks(
    p: PickedSpan,
    gid: number,
    d: { title: string; fields: [string, string][] },
  ): void {
    this.flowsPending = this.engine
      .goroutineSpan(gid, (p.startNs + p.endNs) / 2)
      .then(async (info) => {
        if (info === undefined || this.selected !== p) return
        const fields = [...d.fields]
        if (info.p >= 0) fields.push(['P', `P${info.p}`])
        if (info.m >= 0) fields.push(['Thread', `M${info.m}`])
        if (info.causeGid >= 0) fields.push(['Made runnable by', `G${info.causeGid}`])
        if (info.blockedNs !== null) {
          fields.push(['Lost its P after', formatDurationNs(info.blockedNs - info.startNs)])
        }
        if (info.beganBeforeTrace) fields.push(['Began', 'before the trace'])
        const frames = (stack: typeof info.startStack) =>
          (stack ?? []).flatMap((f) => [f.func, `    ${f.file}:${f.line}`])
        const sections = [
          { title: 'Stack at start', lines: frames(info.startStack) },
          { title: 'Stack at end', lines: frames(info.endStack) },
        ].filter((sec) => sec.lines.length > 0)
        this.details.show(d.title, fields, sections)
        const flows = await this.engine.flows(gid, info.startNs, info.endNs)
        if (this.selected !== p) return
        this.setFlows(flows)
        const more = flowFields(flows, gid, {
          unblock: this.theme.flowUnblock,
          create: this.theme.flowCreate,
        })
        if (more.length > 0) {
          // The flows' rows say who made it runnable, marked with the arrow's colour.
          const rest = fields.filter(([k]) => k !== 'Made runnable by')
          this.details.show(d.title, [...rest, ...more], sections)
        }
      })
      .catch(() => {
        // The basic details stay; a failed lookup leaves nothing worse than before.
      })
  }

  /**
   * Adds a region's task, ancestry, enclosing regions and logs (or a task's ancestry, counts and
   * logs) to its details once the engine answers, unless another selection came meanwhile.
   */
  private showRangeDetails(p: PickedRange, d: { title: string; fields: [string, string][] }): void {
    this.engine
      .rangeDetails({ kind: p.rangeKind === 'tasks' ? 'task' : 'region', id: p.id })
      .then((info) => {
        if (info === undefined || this.selected !== p) return
        const more = describeRangeDetails(p.endNs, info)
        this.details.show(d.title, [...d.fields, ...more.fields], more.sections)
      })
      .catch(() => {
        // The basic details stay; a failed lookup leaves nothing worse than before.
      })
  }

  private pick(clientX: number, clientY: number): Picked | undefined {
    const p = this.pickAny(clientX, clientY, false)
    return p === undefined || 'tip' in p ? undefined : p
  }

  /**
   * What is under the pointer: a span, a counter reading, a CPU sample tick (with `ticks`: hover
   * shows them, a click goes through to the span), or nothing.
   */
  private pickAny(clientX: number, clientY: number, ticks: boolean): Picked | InfoTip | undefined {
    const box = this.dom.scroll.getBoundingClientRect()
    const x = clientX - box.left - GUTTER_CSS_PX
    if (x < 0 || x > this.window.widthCssPx) return undefined
    const yContent = clientY - box.top + this.dom.scroll.scrollTop
    const row = this.rows.rowAt(yContent)
    if (row === undefined || row.type === 'group') return undefined
    const timeNs = this.window.cssXToTime(x)
    if (row.type === 'ranges') return this.pickRange(row, timeNs, yContent - row.yCssPx)
    if (row.type === 'counter') {
      const fields: [string, string][] = []
      for (const s of row.series) {
        const data = this.loader.counters.get(s.series)
        const v = data === undefined ? undefined : counterValueAt(data.block, timeNs)
        if (v !== undefined) fields.push([s.name, formatCounterValue(v, s.unit)])
      }
      if (fields.length === 0) return undefined
      fields.push(['At', formatDurationNs(timeNs)])
      return { tip: true, title: row.title, fields }
    }
    if (ticks) {
      const tip = this.pickTick(row, timeNs, yContent - row.yCssPx)
      if (tip !== undefined) return tip
    }
    const data = this.loader.spans.get(row.key)
    if (data === undefined) return undefined
    const b = data.block
    const i = spanAt(b, timeNs, 2 * this.window.nsPerCssPx)
    if (i < 0) return undefined
    const code = b.code[i]!
    const id = b.id[i]!
    const isG = row.kind === 'goroutine'
    const gid = isG ? row.id : id
    return {
      trackKey: row.key,
      trackTitle: row.title,
      kind: row.kind,
      trackId: row.id,
      startNs: b.startNs[i]!,
      endNs: b.endNs[i]!,
      code,
      id,
      count: b.count[i]!,
      busy: b.busy[i]!,
      goroutine: gid >= 0 ? { id: gid, name: this.goroutineNames.get(gid) ?? '' } : undefined,
      reason: isG && id > 0 ? this.loader.strings.get(id) : undefined,
    }
  }

  /** The CPU sample tick under the pointer on a span track: "CPU sample" and its functions. */
  private pickTick(row: SpanRow, timeNs: number, yInRow: number): InfoTip | undefined {
    const data = this.loader.samples.get(row.key)
    if (data === undefined || yInRow > TICK_TOP_CSS_PX + TICK_HEIGHT_CSS_PX + 1) return undefined
    const b = data.block
    const i = spanAt(b, timeNs, 3 * this.window.nsPerCssPx)
    if (i < 0) return undefined
    const n = b.count[i]!
    const fields: [string, string][] = []
    const funcs = tickFunctions(b, i, (id) => this.loader.strings.get(id))
    if (funcs.length > 0) fields.push([n > 1 ? 'First in' : 'In', funcs[0]!])
    funcs.slice(1).forEach((f, k) => fields.push([k === 0 ? 'Called from' : '', f]))
    fields.push(['Track', row.title])
    fields.push(['At', formatDurationNs(b.startNs[i]!)])
    if (n > 1) fields.push(['To', formatDurationNs(b.endNs[i]!)])
    return { tip: true, title: n > 1 ? `${n} CPU samples` : 'CPU sample', fields }
  }

  private pickRange(row: RangeRow, timeNs: number, yInRow: number): PickedRange | undefined {
    const data = this.rangeLoader.ranges.get(row.key)
    if (data === undefined) return undefined
    const i = rangeAt(row.query.kind, data.block, timeNs, yInRow, 2 * this.window.nsPerCssPx)
    return i < 0 ? undefined : this.pickedRange(row, data.block, i)
  }

  /** Range `i` of a range row's loaded block, as picked on the track. */
  private pickedRange(row: RangeRow, b: RangeBlock, i: number): PickedRange {
    const kind: RangeTrackKind = row.query.kind
    const depth = b.depth[i]!
    return {
      rangeKind: kind,
      trackKey: row.key,
      trackTitle: row.title,
      startNs: b.startNs[i]!,
      endNs: b.endNs[i]!,
      code: b.code[i]!,
      id: b.id[i]!,
      depth,
      count: b.count[i]!,
      name: this.rangeLoader.strings.get(b.nameId[i]!) ?? '',
      gid: row.query.kind === 'regions' ? row.query.gid : undefined,
      ...laneOf(kind, depth, row.heightCssPx),
    }
  }
}

function describePicked(p: Picked): { title: string; fields: [string, string][] } {
  return 'rangeKind' in p ? describeRange(p) : describeSpan(p)
}

function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i])
  return a === b
}
