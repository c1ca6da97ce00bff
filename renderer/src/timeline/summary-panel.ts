import type { AnalysisScope, DurationStats } from '../../../common/engine-api.ts'
import { el } from './dom.ts'
import { ScopeSelect } from './scope-select.ts'
import { SortableTable, type Column } from './sortable-table.ts'
import { formatDurationNs } from './time-format.ts'
import type { SelectionState } from './timeline-view.ts'

/** A type's statistics and instances (RegionGroup, TaskGroup). */
export interface TypeGroup<I> {
  type: string
  count: number
  completeCount: number
  durations: DurationStats
  instances: I[]
}

/** An instance's times (RegionInstance, TaskInstance). */
export interface Instance {
  startNs: number | null
  endNs: number | null
  durationNs: number
}

/** What a SummaryPanel shows: groups of instances by type (regions, tasks). */
export interface SummaryConfig<I extends Instance> {
  /** "regions": test IDs regions-panel, regions-groups, regions-instances, regions-scope. */
  key: string
  /** "Region analysis", in error messages. */
  title: string
  /** The type column's title. */
  typeTitle: string
  /** Shown when the whole trace has none. */
  none: string
  load(scope: AnalysisScope): Promise<{ groups: TypeGroup<I>[] }>
  /** The instance columns besides start, end and duration. */
  instanceColumns: Column<I>[]
  /** A click on an instance: zoom the timeline to [startNs, endNs] (missing ends filled in). */
  onInstance(instance: I, type: string, startNs: number, endNs: number): void
}

/** Columns for a distribution: min, p50, p90, p99, max ("–" when it is empty). */
function distributionColumns<G>(stats: (g: G) => DurationStats): Column<G>[] {
  const quantiles = [
    ['min', 'Min', (d: DurationStats) => d.minNs],
    ['p50', 'P50', (d: DurationStats) => d.p50Ns],
    ['p90', 'P90', (d: DurationStats) => d.p90Ns],
    ['p99', 'P99', (d: DurationStats) => d.p99Ns],
    ['max', 'Max', (d: DurationStats) => d.maxNs],
  ] as const
  return quantiles.map(([key, title, q]) => ({
    key,
    title,
    value: (g: G) => (stats(g).count === 0 ? -1 : q(stats(g))),
    text: (g: G) => (stats(g).count === 0 ? '–' : formatDurationNs(q(stats(g)))),
    numeric: true,
  }))
}

/** Start, end and duration columns (a missing start or end is before or after the trace). */
function timeColumns<I extends Instance>(): Column<I>[] {
  const time = (ns: number | null, missing: string) =>
    ns === null ? missing : formatDurationNs(ns)
  return [
    {
      key: 'start',
      title: 'Start',
      value: (r) => r.startNs ?? -Infinity,
      text: (r) => time(r.startNs, 'before the trace'),
      numeric: true,
    },
    {
      key: 'end',
      title: 'End',
      value: (r) => r.endNs ?? Infinity,
      text: (r) => time(r.endNs, 'after the trace'),
      numeric: true,
    },
    {
      key: 'duration',
      title: 'Duration',
      value: (r) => r.durationNs,
      text: (r) => formatDurationNs(r.durationNs),
      numeric: true,
    },
  ]
}

/**
 * A tab of per-type statistics (the Regions and Tasks tabs): a scope (whole trace, the selected
 * time range or goroutine), a sortable table of types; a click on a type lists its instances in
 * a second table, and a click on an instance zooms the timeline to it. Loaded when shown and
 * again when the scope changes; the latest answer wins, a failure shows in place.
 */
export class SummaryPanel<I extends Instance> {
  readonly node: HTMLElement
  private readonly scope: ScopeSelect
  private readonly summary = el('span', { className: 'summary' })
  private readonly error = el('div', { className: 'panel-error' })
  private readonly empty = el('div', { className: 'panel-empty' })
  private readonly heading = el('div', { className: 'summary-heading' })
  private readonly body = el('div', { className: 'summary-body' })
  private readonly groups: SortableTable<TypeGroup<I>>
  private readonly instances: SortableTable<I>
  private selectedType: string | undefined
  private current: TypeGroup<I> | undefined
  private visible = false
  private stale = true
  private seq = 0
  /** Settles when the latest request has been shown. */
  pending: Promise<void> = Promise.resolve()

  constructor(
    private readonly config: SummaryConfig<I>,
    traceEndNs: number,
  ) {
    this.node = el('div', { className: 'summary-panel', testId: `${config.key}-panel` })
    this.scope = new ScopeSelect(['all', 'range', 'goroutine'], `${config.key}-scope`)
    this.groups = new SortableTable<TypeGroup<I>>(
      [
        {
          key: 'type',
          title: config.typeTitle,
          value: (g) => g.type,
          text: (g) => typeLabel(g.type),
        },
        { key: 'count', title: 'Count', value: (g) => g.count, numeric: true },
        { key: 'complete', title: 'Complete', value: (g) => g.completeCount, numeric: true },
        ...distributionColumns<TypeGroup<I>>((g) => g.durations),
      ],
      'count',
      (g) => this.showInstances(g),
    )
    this.instances = new SortableTable<I>(
      [...config.instanceColumns, ...timeColumns<I>()],
      'duration',
      (i) => {
        if (this.current === undefined) return
        // A missing edge is the trace's start or end, as the duration counts it.
        const endNs = i.endNs ?? traceEndNs
        config.onInstance(i, this.current.type, i.startNs ?? endNs - i.durationNs, endNs)
      },
    )
    this.groups.node.dataset.testid = `${config.key}-groups`
    this.instances.node.dataset.testid = `${config.key}-instances`
    this.error.hidden = true
    this.empty.hidden = true
    this.node.append(
      el('div', { className: 'panel-controls' }, [
        el('label', { text: 'Scope ' }, [this.scope.node]),
        this.summary,
      ]),
      this.error,
      this.empty,
      this.body,
    )
    this.body.append(
      el('div', { className: 'profile-table' }, [this.groups.node]),
      el('div', { className: 'summary-instances' }, [
        this.heading,
        el('div', { className: 'profile-table' }, [this.instances.node]),
      ]),
    )
    this.scope.node.addEventListener('change', () => this.refresh())
  }

  show(visible: boolean): void {
    this.visible = visible
    if (visible && this.stale) this.refresh()
  }

  setSelection(s: SelectionState): void {
    if (!this.scope.setSelection(s)) return
    if (this.visible) this.refresh()
    else this.stale = true
  }

  /** The engine scope for the current choice, or undefined when it needs a missing selection. */
  currentScope(): AnalysisScope | undefined {
    const { range: r, goroutine: g } = this.scope.parts()
    if (this.scope.kind === 'range') {
      return r === undefined ? undefined : { fromNs: r.startNs, toNs: r.endNs }
    }
    if (this.scope.kind === 'goroutine') return g === undefined ? undefined : { gids: [g.id] }
    return {}
  }

  refresh(): void {
    const seq = ++this.seq
    const scope = this.currentScope() ?? {}
    this.stale = false
    this.node.dataset.state = 'loading'
    this.pending = this.config
      .load(scope)
      .then(({ groups }) => {
        if (seq !== this.seq) return
        this.error.hidden = true
        const whole = Object.keys(scope).length === 0
        this.empty.textContent = whole ? this.config.none : 'None in this scope.'
        this.empty.hidden = groups.length > 0
        this.body.hidden = groups.length === 0
        const count = groups.reduce((n, g) => n + g.instances.length, 0)
        this.summary.textContent = `${groups.length} types, ${count.toLocaleString('en-US')} instances`
        this.groups.setRows(groups)
        const keep = groups.find((g) => g.type === this.selectedType)
        this.showInstances(keep ?? this.groups.sorted()[0])
      })
      .catch((err: unknown) => {
        if (seq !== this.seq) return
        this.stale = true
        this.error.textContent = `${this.config.title} failed: ${err instanceof Error ? err.message : String(err)}`
        this.error.hidden = false
        this.summary.textContent = ''
        this.groups.setRows([])
        this.showInstances(undefined)
      })
      .finally(() => {
        if (seq === this.seq) this.node.dataset.state = 'ready'
      })
  }

  private showInstances(group: TypeGroup<I> | undefined): void {
    this.current = group
    this.selectedType = group?.type
    const list = group?.instances ?? []
    this.heading.textContent =
      group === undefined
        ? ''
        : `${typeLabel(this.selectedType!)}: ${list.length.toLocaleString('en-US')} instances (click one to show it on the timeline)`
    this.heading.dataset.type = this.selectedType ?? ''
    this.instances.setRows(list)
  }
}

/** A type as shown: "" (synthetic regions, tasks of unknown type) reads "(no type)". */
function typeLabel(type: string): string {
  return type === '' ? '(no type)' : type
}
