import type Database from 'better-sqlite3'
import type {
  ProfileFrame,
  RegionGroup,
  RegionInstance,
  RegionOptions,
  RegionSummary,
} from '../../common/analysis-api.ts'
import { inScope } from './analysis-scope.ts'
import { durationStats } from './durations.ts'
import { readStacks } from './stacks.ts'
import { traceDuration, traceStartNs } from './trace-bounds.ts'

interface RegionRow {
  id: number
  gid: number
  task_id: number
  type: string
  depth: number
  start_ns: number | null
  end_ns: number | null
  start_stack: number | null
  end_stack: number | null
}

interface GoroutineRow {
  gid: number
  parent_gid: number | null
  created_ns: number | null
  create_stack: number | null
  end_ns: number | null
  is_system: number
}

/** A region with the stack whose outermost frame is its site. */
interface Found extends RegionInstance {
  type: string
  /** Nesting depth in its goroutine; -1 for a synthetic region (the bottom of the stack). */
  depth: number
  siteStack: number | null
}

/**
 * User regions by type, with their duration distributions: the numbers of `go tool trace`'s
 * /userregions page (internal/trace's Summarizer), following its rules:
 *  - a region still active when its goroutine exits (or blocks "forever") ends there;
 *  - regions of system goroutines still active at their end are dropped;
 *  - an instance with no start or no end in the trace counts with the trace's start or end;
 *  - with goCompat, a goroutine created while its creator was inside a region gets a synthetic
 *    region of type "", in the creator's innermost region's task, from its creation to its end,
 *    sited at the go statement; Go lists those too.
 * A scope (options.fromNs, toNs, gids) keeps the instances it covers, whole.
 */
export function summarizeRegions(
  db: Database.Database,
  options: RegionOptions = {},
): RegionSummary {
  const traceStart = traceStartNs(db)
  const traceEnd = traceDuration(db)
  const goroutines = new Map<number, GoroutineRow>()
  for (const g of db
    .prepare(`SELECT gid, parent_gid, created_ns, create_stack, end_ns, is_system FROM goroutines`)
    .all() as GoroutineRow[]) {
    goroutines.set(g.gid, g)
  }
  const rows = db
    .prepare(
      `SELECT r.id, r.gid, r.task_id, s.value AS type, r.depth, r.start_ns, r.end_ns, r.start_stack,
              r.end_stack
       FROM regions r JOIN strings s ON s.id = r.type_id ORDER BY r.id`,
    )
    .all() as RegionRow[]

  let found: Found[] = []
  const byGid = new Map<number, Found[]>()
  for (const r of rows) {
    const g = goroutines.get(r.gid)
    let endNs = r.end_ns
    // Go ends what is still active when the goroutine ends (exit or "forever" block), unless the
    // goroutine is a system one: those regions are dropped.
    const atEnd = endNs === null || (g?.end_ns === endNs && r.end_stack === null)
    if (atEnd && g?.is_system === 1) continue
    if (endNs === null && g !== undefined && g.end_ns !== null) endNs = g.end_ns
    const f: Found = {
      id: r.id,
      gid: r.gid,
      taskId: r.task_id,
      type: r.type,
      startNs: r.start_ns,
      endNs,
      durationNs: (endNs ?? traceEnd) - (r.start_ns ?? traceStart),
      synthetic: false,
      depth: r.depth,
      siteStack: r.start_stack,
    }
    found.push(f)
    let list = byGid.get(r.gid)
    if (list === undefined) byGid.set(r.gid, (list = []))
    list.push(f)
  }
  if (options.goCompat) {
    const { regions, popped } = syntheticRegions(goroutines, byGid, traceEnd)
    found = found.filter((f) => !popped.has(f)).concat(regions)
  }

  const bySite = options.goCompat === true || options.bySite === true
  const scoped = inScope(options, traceStart, traceEnd)
  const selected = found.filter(
    (f) =>
      (options.type === undefined || f.type === options.type) &&
      scoped(f.startNs, f.endNs, [f.gid]),
  )
  const siteOf = bySite ? siteFrames(db, selected) : () => null
  const groups = new Map<string, { type: string; site: ProfileFrame | null; list: Found[] }>()
  for (const f of selected) {
    const site = siteOf(f.siteStack)
    const key = bySite ? `${f.type}\u0000${site?.pc ?? 0}\u0000${site?.func ?? ''}` : f.type
    let group = groups.get(key)
    if (group === undefined) groups.set(key, (group = { type: f.type, site, list: [] }))
    group.list.push(f)
  }
  const out: RegionGroup[] = [...groups.values()].map(({ type, site, list }) => {
    list.sort((a, b) =>
      a.startNs === null
        ? b.startNs === null
          ? 0
          : -1
        : b.startNs === null
          ? 1
          : a.startNs - b.startNs,
    )
    return {
      type,
      site: bySite ? (site ?? { pc: 0, func: '', file: '', line: 0 }) : null,
      count: list.length,
      completeCount: list.filter((f) => f.startNs !== null && f.endNs !== null).length,
      durations: durationStats(list.map((f) => f.durationNs)),
      instances: list.map(({ id, gid, taskId, startNs, endNs, durationNs, synthetic }) => ({
        id,
        gid,
        taskId,
        startNs,
        endNs,
        durationNs,
        synthetic,
      })),
    }
  })
  out.sort((a, b) =>
    a.type < b.type ? -1 : a.type > b.type ? 1 : (a.site?.pc ?? 0) - (b.site?.pc ?? 0),
  )
  return { groups: out }
}

/**
 * Go's inherited regions: when a goroutine is created while its creator has active regions
 * (synthetic ones included), it starts with one region of type "" in the task of the creator's
 * innermost one. It lasts until the goroutine ends, or the trace does; system goroutines drop it.
 */
function syntheticRegions(
  goroutines: Map<number, GoroutineRow>,
  byGid: Map<number, Found[]>,
  traceEnd: number,
): { regions: Found[]; popped: Set<Found> } {
  const created = [...goroutines.values()]
    .filter((g) => g.created_ns !== null && g.parent_gid !== null && g.parent_gid >= 0)
    .sort((a, b) => a.created_ns! - b.created_ns! || a.gid - b.gid)
  const inherited = new Map<number, Found>()
  const out: Found[] = []
  const popped = new Set<Found>()
  for (const g of created) {
    const t = g.created_ns!
    // Go's stack of active regions only holds regions whose begin it saw.
    const active = (r: { startNs: number | null; endNs: number | null }) =>
      r.startNs !== null && r.startNs <= t && (r.endNs === null || r.endNs > t)
    let innermost: { taskId: number; depth: number } | undefined
    for (const r of byGid.get(g.parent_gid!) ?? []) {
      if (!active(r)) continue
      if (innermost === undefined || r.depth >= innermost.depth) innermost = r
    }
    if (innermost === undefined) {
      const s = inherited.get(g.parent_gid!)
      if (s !== undefined && active(s)) innermost = s
    }
    if (innermost === undefined) continue
    // The goroutine's first region end with no begin of its own pops the synthetic region in
    // Go (the store keeps it as a region that began before the trace): it ends there instead.
    const own = byGid.get(g.gid) ?? []
    const popIdx = own.findIndex((r) => r.startNs === null && r.endNs !== null && r.endNs >= t)
    let endNs = g.end_ns
    if (popIdx >= 0) {
      endNs = own[popIdx]!.endNs
      popped.add(own[popIdx]!)
    }
    const region: Found = {
      id: null,
      gid: g.gid,
      taskId: innermost.taskId,
      type: '',
      startNs: t,
      endNs,
      durationNs: (endNs ?? traceEnd) - t,
      synthetic: true,
      depth: -1,
      siteStack: g.create_stack,
    }
    inherited.set(g.gid, region)
    if (g.is_system !== 1) out.push(region)
  }
  return { regions: out, popped }
}

/** The outermost frame of each region's start stack (null for none), by stack id. */
function siteFrames(
  db: Database.Database,
  regions: readonly Found[],
): (stack: number | null) => ProfileFrame | null {
  const stacks = readStacks(
    db,
    regions.flatMap((r) => (r.siteStack === null ? [] : [r.siteStack])),
  )
  return (stack) => {
    const frames = stack === null ? undefined : stacks.get(stack)
    return frames === undefined || frames.length === 0 ? null : frames[frames.length - 1]!
  }
}
