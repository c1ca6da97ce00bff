import type Database from 'better-sqlite3'
import type { ProfileScope } from '../../common/analysis-api.ts'
import { traceDuration } from './trace-bounds.ts'

/**
 * The time a profile counts, per goroutine: sorted, disjoint [start, end] pairs, flattened.
 * Goroutines absent from the map count nothing (Go's gToIntervals).
 */
export type ScopeIntervals = Map<number, Float64Array>

interface GoroutineRow {
  gid: number
  name: string
  created_ns: number | null
  first_run_ns: number | null
  end_ns: number | null
}

interface RegionRow {
  gid: number
  start_ns: number | null
  end_ns: number | null
}

/** Thrown for a scope that selects nothing the trace has (an unknown name, region or task). */
export class ScopeError extends Error {
  override name = 'ScopeError'
}

/**
 * Resolves a scope into per-goroutine intervals. Without a region or task, each goroutine counts
 * its own span (Go's rule: first run to end; see ProfileScope.goroutineSpan). With one, only the
 * outermost matching regions count, as Go's region profiles do (they ignore goroutine spans).
 * The window and the goroutine filters then narrow that.
 */
export function resolveScope(db: Database.Database, scope: ProfileScope): ScopeIntervals {
  const durationNs = traceDuration(db)
  const goroutines = db
    .prepare(
      `SELECT g.gid, s.value AS name, g.created_ns, g.first_run_ns, g.end_ns
       FROM goroutines g JOIN strings s ON s.id = g.name_id`,
    )
    .all() as GoroutineRow[]
  const wanted = goroutineFilter(goroutines, scope)
  const out: ScopeIntervals = new Map()
  const fromNs = scope.fromNs ?? -Infinity
  const toNs = scope.toNs ?? Infinity
  if (scope.regionType !== undefined || scope.taskId !== undefined) {
    for (const [gid, spans] of regionSpans(db, scope, durationNs)) {
      if (wanted !== undefined && !wanted.has(gid)) continue
      const clipped = clip(spans, fromNs, toNs)
      if (clipped.length > 0) out.set(gid, clipped)
    }
    return out
  }
  const lifetime = scope.goroutineSpan === 'lifetime'
  for (const g of goroutines) {
    if (wanted !== undefined && !wanted.has(g.gid)) continue
    // Go's StartTime is 0 for a goroutine that never ran: it then counts from the trace start.
    const start = (lifetime ? g.created_ns : g.first_run_ns) ?? 0
    const clipped = clip(Float64Array.of(start, g.end_ns ?? durationNs), fromNs, toNs)
    if (clipped.length > 0) out.set(g.gid, clipped)
  }
  return out
}

/** The goroutines the id and name filters allow; undefined when there are none. */
function goroutineFilter(
  goroutines: readonly GoroutineRow[],
  scope: ProfileScope,
): Set<number> | undefined {
  if (scope.gids === undefined && scope.nameContains === undefined) return undefined
  const ids = scope.gids === undefined ? undefined : new Set(scope.gids)
  const text = scope.nameContains
  const wanted = new Set<number>()
  for (const g of goroutines) {
    if (ids !== undefined && !ids.has(g.gid)) continue
    if (text !== undefined && !g.name.includes(text)) continue
    wanted.add(g.gid)
  }
  if (wanted.size === 0) {
    throw new ScopeError(
      text === undefined
        ? `no goroutine with id ${[...(ids ?? [])].join(', ')}`
        : `no goroutine whose start function contains "${text}"`,
    )
  }
  return wanted
}

/**
 * Per goroutine, the outermost regions of the type or task, as Go's pprofMatchingRegions: sorted
 * by (start, end), an interval is kept when it starts at or after the end of the last kept one.
 * Missing starts and ends stand for the trace bounds.
 */
function regionSpans(
  db: Database.Database,
  scope: ProfileScope,
  durationNs: number,
): Map<number, Float64Array> {
  const conds: string[] = []
  const args: (string | number)[] = []
  if (scope.regionType !== undefined) {
    conds.push('type_id = (SELECT id FROM strings WHERE value = ?)')
    args.push(scope.regionType)
  }
  if (scope.taskId !== undefined) {
    conds.push(
      `task_id IN (WITH RECURSIVE t(id) AS (SELECT ? UNION SELECT tasks.id FROM tasks JOIN t
       ON tasks.parent_id = t.id) SELECT id FROM t)`,
    )
    args.push(scope.taskId)
    const known = db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(scope.taskId)
    if (known === undefined) throw new ScopeError(`no task with id ${scope.taskId}`)
  }
  const rows = db
    .prepare(
      `SELECT gid, start_ns, end_ns FROM regions WHERE ${conds.join(' AND ')}
       ORDER BY gid, coalesce(start_ns, 0), coalesce(end_ns, ${durationNs})`,
    )
    .all(...args) as RegionRow[]
  if (rows.length === 0 && scope.regionType !== undefined) {
    throw new ScopeError(`no region of type "${scope.regionType}"`)
  }
  const out = new Map<number, Float64Array>()
  let i = 0
  while (i < rows.length) {
    const gid = rows[i]!.gid
    const kept: number[] = []
    let lastEnd = -Infinity
    for (; i < rows.length && rows[i]!.gid === gid; i++) {
      const r = rows[i]!
      const start = r.start_ns ?? 0
      if (lastEnd <= start) {
        lastEnd = r.end_ns ?? durationNs
        kept.push(start, lastEnd)
      }
    }
    out.set(gid, Float64Array.from(kept))
  }
  return out
}

/** Intersects sorted disjoint intervals with [fromNs, toNs], dropping what falls outside. */
function clip(spans: Float64Array, fromNs: number, toNs: number): Float64Array {
  const kept: number[] = []
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const s = Math.max(spans[i]!, fromNs)
    const e = Math.min(spans[i + 1]!, toNs)
    // An empty overlap can count nothing (only overlaps > 0 are recorded).
    if (e > s) kept.push(s, e)
  }
  return Float64Array.from(kept)
}
