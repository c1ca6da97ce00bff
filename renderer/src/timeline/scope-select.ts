import { el, option } from './dom.ts'
import { formatDurationNs } from './time-format.ts'
import type { PickedRange } from './range-details.ts'
import type { SelectionState, TimeRange } from './timeline-view.ts'

/** What a panel's results cover: the whole trace or part of the timeline's selection. */
export type ScopeKind = 'all' | 'range' | 'goroutine' | 'group' | 'task' | 'region'

/** The parts of the selection a scope can use (undefined: not selected). */
export interface ScopeParts {
  range: TimeRange | undefined
  goroutine: { id: number; name: string } | undefined
  /** The selected task, if one single task is picked. */
  task: PickedRange | undefined
  /** The selected region, if one single region is picked. */
  region: PickedRange | undefined
}

/**
 * The "Scope" choice of a panel (Profile, Regions, Tasks), following the timeline's selection:
 * choices that need a missing selection are disabled, and a new Shift+dragged range is chosen
 * as it appears.
 */
export class ScopeSelect {
  readonly node: HTMLSelectElement
  private selection: SelectionState = { picked: undefined, goroutine: undefined, range: undefined }

  constructor(
    private readonly kinds: readonly ScopeKind[],
    testId: string,
  ) {
    this.node = el('select', { testId })
    this.render()
  }

  get kind(): ScopeKind {
    return this.node.value as ScopeKind
  }

  set kind(k: ScopeKind) {
    this.node.value = k
  }

  /** Takes the timeline's new selection; true when results for the current choice may be stale. */
  setSelection(s: SelectionState): boolean {
    const hadRange = this.selection.range
    this.selection = s
    const before = this.node.value
    this.render()
    if (s.range !== undefined && s.range !== hadRange) this.node.value = 'range'
    return this.node.value !== before || this.node.value !== 'all'
  }

  parts(): ScopeParts {
    const p = this.selection.picked
    const single = p !== undefined && 'rangeKind' in p && p.count === 1 ? p : undefined
    return {
      range: this.selection.range,
      goroutine: this.selection.goroutine,
      task: single?.rangeKind === 'tasks' ? single : undefined,
      region: single?.rangeKind === 'regions' ? single : undefined,
    }
  }

  private render(): void {
    const value = this.node.value || 'all'
    const { range: r, goroutine: g, task, region } = this.parts()
    const labels: Record<ScopeKind, [string, boolean]> = {
      all: ['Whole trace', false],
      range: [
        r === undefined
          ? 'Selected range (Shift+drag)'
          : `Selected range (${formatDurationNs(r.endNs - r.startNs)})`,
        r === undefined,
      ],
      goroutine: [g === undefined ? 'Selected goroutine' : `Goroutine G${g.id}`, g === undefined],
      group: [
        g === undefined || g.name === '' ? 'Start function group' : `Group ${g.name}`,
        g === undefined || g.name === '',
      ],
      task: [
        task === undefined ? 'Selected task' : `Task ${task.id} ${task.name}`,
        task === undefined,
      ],
      region: [
        region === undefined ? 'Selected region type' : `Regions ${region.name}`,
        region === undefined,
      ],
    }
    const opts = this.kinds.map((k) => option(k, ...labels[k]))
    this.node.replaceChildren(...opts)
    const keep = opts.find((o) => o.value === value && !o.disabled)
    this.node.value = keep === undefined ? 'all' : value
  }
}
