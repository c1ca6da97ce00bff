import type {
  RangeQuery,
  CounterTrackInfo,
  GoroutineTrackInfo,
  SpanTrackKind,
  TrackList,
} from '../../../common/engine-api.ts'

/**
 * The timeline's rows, top to bottom: group headers and tracks, each with its y offset (css px
 * from the top of the scrolled content). Collapsing a group hides its rows.
 */
export type Row = GroupRow | SpanRow | CounterRow | RangeRow

interface RowBase {
  key: string
  title: string
  depth: number
  yCssPx: number
  heightCssPx: number
}

export interface GroupRow extends RowBase {
  type: 'group'
  count: number
  collapsed: boolean
}

export interface SpanRow extends RowBase {
  type: 'spans'
  kind: SpanTrackKind
  id: number
  /** The goroutine's start function (goroutine tracks). */
  functionName: string
}

/** A range track: the GC track, the tasks, or one goroutine's user regions (height 0 until known). */
export interface RangeRow extends RowBase {
  type: 'ranges'
  query: RangeQuery
}

export type CounterStyle = 'heap' | 'area'

export interface CounterRow extends RowBase {
  type: 'counter'
  style: CounterStyle
  series: CounterTrackInfo[]
}

export const HEIGHT = {
  group: 24,
  proc: 22,
  thread: 16,
  goroutine: 18,
  heap: 56,
  counter: 32,
  gc: 20,
} as const

export function rangeKey(q: RangeQuery): string {
  return q.kind === 'regions' ? `regions:${q.gid}` : q.kind
}

interface GroupDef {
  key: string
  title: string
  depth: number
  collapsedByDefault: boolean
  children: (
    GroupDef | Omit<SpanRow, 'yCssPx'> | Omit<CounterRow, 'yCssPx'> | Omit<RangeRow, 'yCssPx'>
  )[]
}

/** Which series go together into one counter track, by the names the engine gives them. */
const HEAP_SERIES = ['Heap live', 'Heap goal']

export class TrackRows {
  readonly procCount: number
  readonly goroutineCount: number
  /** Goroutine groups (one per start function, plus the system goroutines'). */
  readonly goroutineGroupCount: number
  private readonly tree: GroupDef[]
  private readonly collapsed = new Map<string, boolean>()
  /** Heights of range rows learnt from the data (regions and tasks start at 0). */
  private readonly rangeHeights = new Map<string, number>()
  rows: Row[] = []
  private byKey = new Map<string, Row>()
  /** shownAs() of tracks hidden in collapsed groups, for the current layout. */
  private readonly hiddenBy = new Map<string, Row | undefined>()
  totalHeightCssPx = 0

  constructor(tracks: TrackList) {
    this.procCount = tracks.procs.length
    this.goroutineCount = tracks.goroutines.length
    const goroutineGroups = groupGoroutines(tracks.goroutines)
    this.goroutineGroupCount = goroutineGroups.length
    this.tree = [
      {
        key: 'global',
        title: 'GC & tasks',
        depth: 0,
        collapsedByDefault: false,
        children: [
          rangeRow({ kind: 'gc' }, 'GC', HEIGHT.gc),
          rangeRow({ kind: 'tasks' }, 'Tasks', 0),
        ],
      },
      counterGroup(tracks.counters),
      {
        key: 'procs',
        title: 'Procs',
        depth: 0,
        collapsedByDefault: false,
        children: tracks.procs.map((p) => spanRow('proc', p.id, `P${p.id}`, '', 1, HEIGHT.proc)),
      },
      {
        key: 'goroutines',
        title: 'Goroutines',
        depth: 0,
        collapsedByDefault: false,
        children: goroutineGroups,
      },
      {
        key: 'threads',
        title: 'Threads',
        depth: 0,
        collapsedByDefault: true,
        children: tracks.threads.map((t) =>
          spanRow('thread', t.id, `M${t.id}`, '', 1, HEIGHT.thread),
        ),
      },
    ].filter((g) => g.children.length > 0)
    this.layout()
  }

  toggle(key: string): void {
    const row = this.rows.find((r) => r.key === key)
    if (row?.type !== 'group') return
    this.collapsed.set(key, !row.collapsed)
    this.layout()
  }

  /** Sets a range row's height (regions and tasks: once their depth is known). */
  setRangeHeight(key: string, heightCssPx: number): void {
    if (this.rangeHeights.get(key) === heightCssPx) return
    this.rangeHeights.set(key, heightCssPx)
    this.layout()
  }

  /** The groups around `key` (a track or a group), outermost first; undefined if none has it. */
  private pathTo(key: string): GroupDef[] | undefined {
    const path: GroupDef[] = []
    const find = (items: GroupDef['children']): boolean => {
      for (const item of items) {
        if (item.key === key) return true
        if ('children' in item) {
          path.push(item)
          if (find(item.children)) return true
          path.pop()
        }
      }
      return false
    }
    return find(this.tree) ? path : undefined
  }

  /** Expands every group on the way to `key` (a track or a group); false if there is none. */
  expandTo(key: string): boolean {
    const path = this.pathTo(key)
    if (path === undefined) return false
    let changed = false
    for (const g of path) {
      if (this.collapsed.get(g.key) ?? g.collapsedByDefault) {
        this.collapsed.set(g.key, false)
        changed = true
      }
    }
    if (changed) this.layout()
    return true
  }

  /** The row of track `key`, or the header of the outermost collapsed group hiding it. */
  shownAs(key: string): Row | undefined {
    const own = this.byKey.get(key)
    if (own !== undefined) return own
    if (this.hiddenBy.has(key)) return this.hiddenBy.get(key)
    let found: Row | undefined
    for (const g of this.pathTo(key) ?? []) {
      const row = this.byKey.get(g.key)
      if (row?.type === 'group' && row.collapsed) {
        found = row
        break
      }
    }
    this.hiddenBy.set(key, found)
    return found
  }

  /** Index of the first row whose bottom is below `yCssPx` (rows are sorted by y). */
  indexAt(yCssPx: number): number {
    let lo = 0
    let hi = this.rows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const r = this.rows[mid]!
      if (r.yCssPx + r.heightCssPx <= yCssPx) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  rowAt(yCssPx: number): Row | undefined {
    const r = this.rows[this.indexAt(yCssPx)]
    return r !== undefined && r.yCssPx <= yCssPx ? r : undefined
  }

  /** Rows overlapping [topCssPx, bottomCssPx). */
  visible(topCssPx: number, bottomCssPx: number): Row[] {
    const out: Row[] = []
    for (let i = this.indexAt(topCssPx); i < this.rows.length; i++) {
      const r = this.rows[i]!
      if (r.yCssPx >= bottomCssPx) break
      out.push(r)
    }
    return out
  }

  private layout(): void {
    const rows: Row[] = []
    let y = 0
    const walk = (items: GroupDef['children']) => {
      for (const item of items) {
        if ('children' in item) {
          const collapsed = this.collapsed.get(item.key) ?? item.collapsedByDefault
          rows.push({
            type: 'group',
            key: item.key,
            title: item.title,
            depth: item.depth,
            count: countLeaves(item),
            collapsed,
            yCssPx: y,
            heightCssPx: HEIGHT.group,
          })
          y += HEIGHT.group
          if (!collapsed) walk(item.children)
        } else {
          const h =
            item.type === 'ranges'
              ? (this.rangeHeights.get(item.key) ?? item.heightCssPx)
              : item.heightCssPx
          rows.push({ ...item, yCssPx: y, heightCssPx: h })
          y += h
        }
      }
    }
    walk(this.tree)
    this.rows = rows
    this.byKey = new Map(rows.map((r) => [r.key, r]))
    this.hiddenBy.clear()
    this.totalHeightCssPx = y
  }
}

function countLeaves(g: GroupDef): number {
  let n = 0
  for (const c of g.children)
    n +=
      'children' in c ? countLeaves(c) : c.type === 'ranges' && c.query.kind === 'regions' ? 0 : 1
  return n
}

function spanRow(
  kind: SpanTrackKind,
  id: number,
  title: string,
  functionName: string,
  depth: number,
  heightCssPx: number,
): Omit<SpanRow, 'yCssPx'> {
  return { type: 'spans', key: `${kind}:${id}`, kind, id, title, functionName, depth, heightCssPx }
}

function rangeRow(
  query: RangeQuery,
  title: string,
  heightCssPx: number,
  depth = 1,
): Omit<RangeRow, 'yCssPx'> {
  return { type: 'ranges', key: rangeKey(query), query, title, depth, heightCssPx }
}

function counterGroup(counters: CounterTrackInfo[]): GroupDef {
  const children: GroupDef['children'] = []
  const heap = HEAP_SERIES.map((n) => counters.find((c) => c.name === n)).filter(
    (c): c is CounterTrackInfo => c !== undefined,
  )
  if (heap.length > 0) {
    children.push({
      type: 'counter',
      key: 'counter:heap',
      title: 'Heap (live, goal)',
      depth: 1,
      heightCssPx: HEIGHT.heap,
      style: 'heap',
      series: heap,
    })
  }
  for (const c of counters) {
    if (heap.includes(c)) continue
    children.push({
      type: 'counter',
      key: `counter:${c.series}`,
      title: c.name,
      depth: 1,
      heightCssPx: HEIGHT.counter,
      style: 'area',
      series: [c],
    })
  }
  return { key: 'counters', title: 'Counters', depth: 0, collapsedByDefault: false, children }
}

/** One group per start function in order of first appearance; system goroutines apart. */
function groupGoroutines(goroutines: GoroutineTrackInfo[]): GroupDef[] {
  const user = new Map<string, GoroutineTrackInfo[]>()
  const system: GoroutineTrackInfo[] = []
  for (const g of goroutines) {
    if (g.isSystem) {
      system.push(g)
      continue
    }
    const name = g.name === '' ? '(unknown)' : g.name
    let list = user.get(name)
    if (list === undefined) user.set(name, (list = []))
    list.push(g)
  }
  // Expand groups by default only while the total stays browsable.
  let budget = 400
  const row = (g: GoroutineTrackInfo) =>
    spanRow(
      'goroutine',
      g.id,
      `G${g.id}${g.label === '' ? '' : ` ${g.label}`}`,
      g.name,
      2,
      HEIGHT.goroutine,
    )
  // Each goroutine's regions band sits under it, empty until the data shows it has regions.
  const withRegions = (g: GoroutineTrackInfo) => [
    row(g),
    rangeRow({ kind: 'regions', gid: g.id }, `G${g.id} regions`, 0, 3),
  ]
  const groups: GroupDef[] = [...user].map(([name, list]) => {
    const collapsedByDefault = list.length > 64 || list.length > budget
    if (!collapsedByDefault) budget -= list.length
    return {
      key: `fn:${name}`,
      title: name,
      depth: 1,
      collapsedByDefault,
      children: list.flatMap(withRegions),
    }
  })
  if (system.length > 0) {
    groups.push({
      key: 'fn:(system)',
      title: 'System goroutines',
      depth: 1,
      collapsedByDefault: true,
      children: system.flatMap(withRegions),
    })
  }
  return groups
}
