import type { EngineApi, GoroutineGroup } from '../../../common/engine-api.ts'
import { el } from './dom.ts'
import { SortableTable } from './sortable-table.ts'
import { formatDurationNs } from './time-format.ts'

const dur = (f: (g: GoroutineGroup) => number, key: string, title: string) => ({
  key,
  title,
  value: f,
  text: (g: GoroutineGroup) => formatDurationNs(f(g)),
  numeric: true,
})

/**
 * The "Goroutines" tab: Go's goroutine analysis per start function, sortable; a click on a row
 * expands that group on the timeline and scrolls to it. Loaded once, when first shown.
 */
export class GoroutinePanel {
  readonly node = el('div', { className: 'goroutine-panel', testId: 'goroutine-panel' })
  private readonly error = el('div', { className: 'panel-error' })
  private readonly table: SortableTable<GoroutineGroup>
  private loaded: Promise<void> | undefined

  constructor(
    private readonly engine: EngineApi,
    onGroup: (name: string) => void,
  ) {
    this.table = new SortableTable<GoroutineGroup>(
      [
        { key: 'name', title: 'Start function', value: (g) => g.name || '(unknown)' },
        { key: 'count', title: 'Count', value: (g) => g.count, numeric: true },
        dur((g) => g.totalNs, 'total', 'Total'),
        dur((g) => g.execNs, 'exec', 'Exec'),
        dur((g) => g.schedWaitNs, 'sched', 'Sched wait'),
        dur((g) => g.syscallNs, 'syscall', 'Syscall'),
        dur((g) => g.block.network, 'net', 'Block net'),
        dur((g) => g.block.sync, 'sync', 'Block sync'),
        dur((g) => g.block.syscall, 'bsys', 'Block syscall'),
        dur((g) => g.block.gc, 'gc', 'GC wait'),
        dur((g) => g.block.other, 'other', 'Other'),
      ],
      'exec',
      (g) => onGroup(g.name),
    )
    this.error.hidden = true
    this.node.append(this.error, el('div', { className: 'profile-table' }, [this.table.node]))
  }

  show(visible: boolean): void {
    if (!visible || this.loaded !== undefined) return
    this.loaded = this.engine
      .goroutineSummary()
      .then((s) => this.table.setRows(s.groups))
      .catch((err: unknown) => {
        this.loaded = undefined
        this.error.textContent = `Goroutine analysis failed: ${err instanceof Error ? err.message : String(err)}`
        this.error.hidden = false
      })
  }
}
