import type {
  EngineApi,
  Profile,
  ProfileFormat,
  ProfileScope,
  ProfileType,
} from '../../../common/engine-api.ts'
import { el, option } from './dom.ts'
import { FlameGraph } from './flame-graph.ts'
import { ScopeSelect } from './scope-select.ts'
import { SortableTable } from './sortable-table.ts'
import { formatDurationNs } from './time-format.ts'
import type { SelectionState } from './timeline-view.ts'

const TYPES: ProfileType[] = ['net', 'sync', 'syscall', 'sched']

interface FunctionRow {
  func: string
  flatNs: number
  cumNs: number
  count: number
}

/** Per function: flat (leaf) and cumulative delay, and how many intervals include it. */
export function functionRows(p: Profile): FunctionRow[] {
  const rows = new Map<string, FunctionRow>()
  const get = (func: string) => {
    let r = rows.get(func)
    if (r === undefined) rows.set(func, (r = { func, flatNs: 0, cumNs: 0, count: 0 }))
    return r
  }
  for (const s of p.samples) {
    const names = s.stack.map((i) => p.frames[i]?.func ?? '?')
    if (names.length === 0) names.push('(no stack)')
    get(names[0]!).flatNs += s.delayNs
    for (const f of new Set(names)) {
      const r = get(f)
      r.cumNs += s.delayNs
      r.count += s.count
    }
  }
  return [...rows.values()]
}

/**
 * The "Profile" tab: a type and a scope (whole trace, the selected time range, the selected
 * goroutine or its start function's group), a sortable per-function table, an icicle graph and
 * exports. Each change asks the engine again; the latest answer wins, a failure shows in place.
 */
export class ProfilePanel {
  readonly node = el('div', { className: 'profile-panel', testId: 'profile-panel' })
  private readonly type = el('select', { testId: 'profile-type' })
  private readonly scope = new ScopeSelect(
    ['all', 'range', 'goroutine', 'group', 'task', 'region'],
    'profile-scope',
  )
  private readonly summary = el('span', { className: 'summary', testId: 'profile-summary' })
  private readonly error = el('div', { className: 'panel-error', testId: 'profile-error' })
  private readonly table = new SortableTable<FunctionRow>(
    [
      { key: 'func', title: 'Function', value: (r) => r.func },
      {
        key: 'flat',
        title: 'Flat',
        value: (r) => r.flatNs,
        text: (r) => formatDurationNs(r.flatNs),
        numeric: true,
      },
      {
        key: 'cum',
        title: 'Cum',
        value: (r) => r.cumNs,
        text: (r) => formatDurationNs(r.cumNs),
        numeric: true,
      },
      { key: 'count', title: 'Count', value: (r) => r.count, numeric: true },
    ],
    'flat',
  )
  private readonly flame: FlameGraph
  private readonly exportPprof = el('button', {
    text: 'Export pprof',
    testId: 'profile-export-pprof',
  })
  private seq = 0
  private visible = false
  /** Settles when the latest request has been shown (tests wait on it). */
  pending: Promise<void> = Promise.resolve()

  constructor(private readonly engine: EngineApi) {
    for (const t of TYPES) this.type.append(option(t, t))
    this.type.value = 'sched'
    const exportPprof = this.exportPprof
    const exportFolded = el('button', { text: 'Export folded', testId: 'profile-export-folded' })
    exportPprof.addEventListener('click', () => void this.export('pprof'))
    exportFolded.addEventListener('click', () => void this.export('folded'))
    const tableHost = el('div', { className: 'profile-table' }, [this.table.node])
    const flameHost = el('div', { className: 'profile-flame' })
    this.node.append(
      el('div', { className: 'panel-controls' }, [
        el('label', { text: 'Type ' }, [this.type]),
        el('label', { text: 'Scope ' }, [this.scope.node]),
        exportPprof,
        exportFolded,
        this.summary,
      ]),
      this.error,
      el('div', { className: 'profile-body' }, [tableHost, flameHost]),
    )
    this.flame = new FlameGraph(flameHost)
    this.error.hidden = true
    this.type.addEventListener('change', () => this.refresh())
    this.scope.node.addEventListener('change', () => this.refresh())
  }

  /** File > Export Profile…: the export buttons with the current type and scope, ready. */
  focusExport(): void {
    this.exportPprof.focus()
  }

  show(visible: boolean): void {
    this.visible = visible
    if (visible) this.refresh()
  }

  setSelection(s: SelectionState): void {
    if (this.scope.setSelection(s) && this.visible) this.refresh()
  }

  /** The engine scope for the current choice, or undefined when it needs a missing selection. */
  currentScope(): ProfileScope | undefined {
    const { range: r, goroutine: g, task, region } = this.scope.parts()
    switch (this.scope.kind) {
      case 'all':
        return {}
      case 'range':
        return r === undefined ? undefined : { fromNs: r.startNs, toNs: r.endNs }
      case 'goroutine':
        return g === undefined ? undefined : { gids: [g.id] }
      case 'group':
        return g === undefined || g.name === '' ? undefined : { nameContains: g.name }
      case 'task':
        return task === undefined ? undefined : { taskId: task.id }
      case 'region':
        return region === undefined ? undefined : { regionType: region.name }
    }
  }

  refresh(): void {
    const seq = ++this.seq
    const type = this.type.value as ProfileType
    const scope = this.currentScope() ?? {}
    this.node.dataset.state = 'loading'
    this.pending = this.engine
      .profile(type, scope)
      .then((p) => {
        if (seq !== this.seq) return
        this.error.hidden = true
        this.summary.textContent = `${p.type}: ${formatDurationNs(p.totalDelayNs)} total delay, ${p.totalCount.toLocaleString('en-US')} intervals, ${p.samples.length} stacks`
        this.summary.dataset.totalDelayNs = String(p.totalDelayNs)
        this.summary.dataset.scope = JSON.stringify(scope)
        this.table.setRows(functionRows(p))
        this.flame.set(p)
      })
      .catch((err: unknown) => {
        if (seq !== this.seq) return
        this.showError(err)
        this.table.setRows([])
        this.flame.set(undefined)
      })
      .finally(() => {
        if (seq === this.seq) this.node.dataset.state = 'ready'
      })
  }

  private async export(format: ProfileFormat): Promise<void> {
    const type = this.type.value as ProfileType
    try {
      const bytes = await this.engine.exportProfile(type, this.currentScope() ?? {}, format)
      const name = format === 'pprof' ? `${type}.pb.gz` : `${type}.folded.txt`
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: format === 'pprof' ? 'application/gzip' : 'text/plain',
      })
      const url = URL.createObjectURL(blob)
      const a = el('a')
      a.href = url
      a.download = name
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (err) {
      this.showError(err, 'Export failed')
    }
  }

  private showError(err: unknown, what = 'Profile failed'): void {
    this.error.textContent = `${what}: ${err instanceof Error ? err.message : String(err)}`
    this.error.hidden = false
  }
}
