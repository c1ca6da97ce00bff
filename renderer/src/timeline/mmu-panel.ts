import { GO_DEFAULT_MMU_FLAGS } from '../../../common/analysis-api.ts'
import type { EngineApi, MmuFlags, MmuResult } from '../../../common/engine-api.ts'
import { el, option } from './dom.ts'
import { MmuPlot } from './mmu-plot.ts'
import { formatDurationNs } from './time-format.ts'

const COMPONENTS = [
  ['stw', 'STW', 'Stop-the-world pauses for GC'],
  ['background', 'Background workers', 'GC mark workers'],
  ['assist', 'Assists', 'Mark assists by the program’s goroutines'],
  ['sweep', 'Sweeping', 'Sweeping'],
] as const

const POLL_MS = 250

/**
 * The "MMU" tab: Go's minimum mutator utilization curve through `engine.mmu`, with Go's
 * checkboxes (what counts against the program), system-wide or per P, and Go's exact numbers
 * (goCompat). Each change asks again, superseding the computation under way (the engine stops
 * it); progress is polled; hiding the tab cancels it. The value under the cursor and the MMU at
 * round windows are shown beside the curve.
 */
export class MmuPanel {
  readonly node = el('div', { className: 'mmu-panel', testId: 'mmu-panel' })
  private readonly boxes = new Map<string, HTMLInputElement>()
  private readonly mode = el('select', { testId: 'mmu-mode' })
  private readonly goCompat = checkbox('mmu-go-compat')
  private readonly status = el('span', { className: 'summary', testId: 'mmu-status' })
  private readonly readout = el('span', { className: 'mmu-readout', testId: 'mmu-readout' })
  private readonly error = el('div', { className: 'panel-error', testId: 'mmu-error' })
  private readonly empty = el('div', { className: 'panel-empty' })
  private readonly windows = el('table', {
    className: 'sortable mmu-windows',
    testId: 'mmu-windows',
  })
  private readonly plot: MmuPlot
  private seq = 0
  private loading = false
  private stale = true
  /** Settles when the latest request has been shown. */
  pending: Promise<void> = Promise.resolve()

  constructor(private readonly engine: EngineApi) {
    const controls = el('div', { className: 'panel-controls' })
    for (const [key, text, title] of COMPONENTS) {
      const box = checkbox(`mmu-flag-${key}`)
      box.checked = GO_DEFAULT_MMU_FLAGS[key] === true
      this.boxes.set(key, box)
      const label = el('label', {}, [box, ` ${text}`])
      label.title = title
      controls.append(label)
    }
    this.mode.append(option('system', 'System'), option('perproc', 'Per P'))
    const goLabel = el('label', {}, [this.goCompat, ' Go’s numbers'])
    goLabel.title =
      'Go’s accounting of background workers, bug included (see docs/analyses.md): the numbers of go tool trace'
    controls.append(el('label', { text: 'View ' }, [this.mode]), goLabel, this.status)
    const plotHost = el('div', { className: 'mmu-plot-host' })
    this.error.hidden = true
    this.empty.hidden = true
    this.node.append(
      controls,
      this.error,
      this.empty,
      el('div', { className: 'mmu-body' }, [
        plotHost,
        el('div', { className: 'mmu-side' }, [this.readout, this.windows]),
      ]),
    )
    this.plot = new MmuPlot(plotHost, (at) => {
      this.readout.textContent =
        at === undefined
          ? 'Hover the curve'
          : `${formatDurationNs(at.windowNs)} window: MMU ${at.mmu.toFixed(3)}`
    })
    this.readout.textContent = 'Hover the curve'
    for (const input of [...this.boxes.values(), this.goCompat, this.mode]) {
      input.addEventListener('change', () => this.refresh())
    }
  }

  flags(): MmuFlags {
    const on = (key: string) => this.boxes.get(key)!.checked
    return {
      stw: on('stw'),
      background: on('background'),
      assist: on('assist'),
      sweep: on('sweep'),
      perProc: this.mode.value === 'perproc',
      goCompat: this.goCompat.checked,
    }
  }

  show(visible: boolean): void {
    if (visible && this.stale) this.refresh()
    if (!visible && this.loading) {
      // Nobody is looking: stop the engine's work, and start again when shown.
      this.seq++
      this.loading = false
      this.stale = true
      this.node.dataset.state = 'ready'
      void this.engine.cancelMmu()
    }
  }

  refresh(): void {
    const seq = ++this.seq
    const flags = this.flags()
    this.stale = false
    this.loading = true
    this.node.dataset.state = 'loading'
    this.status.textContent = 'Computing…'
    const timer = setInterval(() => {
      void this.engine.mmuProgress().then((p) => {
        if (seq === this.seq && this.loading && p !== undefined) {
          this.status.textContent = `Computing… ${Math.round(p * 100)}%`
        }
      })
    }, POLL_MS)
    this.pending = this.engine
      .mmu(flags)
      .then((r) => {
        if (seq === this.seq) this.showResult(r)
      })
      .catch((err: unknown) => {
        if (seq !== this.seq) return // superseded: its rejection is expected
        this.stale = true
        this.error.textContent = `MMU failed: ${err instanceof Error ? err.message : String(err)}`
        this.error.hidden = false
        this.status.textContent = ''
        this.plot.set([])
        this.windows.replaceChildren()
      })
      .finally(() => {
        clearInterval(timer)
        if (seq !== this.seq) return
        this.loading = false
        this.node.dataset.state = 'ready'
      })
  }

  private showResult(r: MmuResult): void {
    this.error.hidden = true
    const points = r.curve.points
    this.empty.hidden = points.length > 0
    this.empty.textContent =
      'No mutator utilization in this trace: it has no GOMAXPROCS event to start from.'
    this.status.textContent =
      points.length === 0
        ? ''
        : `windows ${formatDurationNs(r.curve.xMinNs)} to ${formatDurationNs(r.curve.xMaxNs)}`
    this.node.dataset.flags = JSON.stringify(r.flags)
    this.plot.set(points)
    this.windows.replaceChildren(
      el('thead', {}, [
        el('tr', {}, [el('th', { text: 'Window' }), el('th', { text: 'MMU', className: 'num' })]),
      ]),
      el(
        'tbody',
        {},
        (r.atWindows ?? []).map((w) =>
          el('tr', {}, [
            el('td', { text: formatDurationNs(w.windowNs) }),
            el('td', { text: w.mmu.toFixed(3), className: 'num' }),
          ]),
        ),
      ),
    )
  }
}

function checkbox(testId: string): HTMLInputElement {
  const box = el('input', { testId })
  box.type = 'checkbox'
  return box
}
