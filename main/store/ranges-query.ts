/**
 * Viewport queries of range tracks: the GC track, a goroutine's regions, the task band. Rows come
 * from plain tables (ranges, regions, tasks); sub-pixel ranges are merged per depth.
 */
import type Database from 'better-sqlite3'
import type { RangeBlock, RangeQuery } from '../../common/timeline-api.ts'
import { cachedStatement } from './statements.ts'

interface Row {
  id: number
  start_ns: number | null
  end_ns: number | null
  depth: number
  code: number
  name_id: number
}

const SQL: Record<RangeQuery['kind'], string> = {
  // Kinds 1 (GC mark phase) and 4 (stop-the-world); sweeps and assists belong to P and G tracks.
  gc: `SELECT id, start_ns, end_ns, 0 AS depth, kind AS code, name_id FROM ranges
       WHERE kind IN (1, 4) AND coalesce(start_ns, 0) <= :end AND coalesce(end_ns, :traceEnd) >= :start`,
  regions: `SELECT id, start_ns, end_ns, depth, 0 AS code, type_id AS name_id FROM regions
       WHERE gid = :gid AND coalesce(start_ns, 0) <= :end AND coalesce(end_ns, :traceEnd) >= :start`,
  // A task's depth is its distance from a root task, computed over the parent links.
  tasks: `WITH RECURSIVE depth(id, d) AS (
         SELECT id, 0 FROM tasks WHERE parent_id IS NULL OR parent_id NOT IN (SELECT id FROM tasks)
         UNION ALL SELECT t.id, depth.d + 1 FROM tasks t JOIN depth ON t.parent_id = depth.id
         WHERE depth.d < 63)
       SELECT t.id, t.start_ns, t.end_ns, depth.d AS depth, 0 AS code, t.type_id AS name_id
       FROM tasks t JOIN depth ON depth.id = t.id
       WHERE coalesce(t.start_ns, 0) <= :end AND coalesce(t.end_ns, :traceEnd) >= :start`,
}

export function queryRanges(
  db: Database.Database,
  q: RangeQuery,
  startNs: number,
  endNs: number,
  res: number,
  traceStartNs: number,
  traceEndNs: number,
): RangeBlock {
  const rows = cachedStatement(db, SQL[q.kind]).all({
    start: startNs,
    end: endNs,
    traceEnd: traceEndNs,
    ...(q.kind === 'regions' ? { gid: q.gid } : {}),
  }) as Row[]
  const spans = rows.map((r) => ({
    ...r,
    start: r.start_ns ?? traceStartNs,
    end: r.end_ns ?? traceEndNs,
  }))
  spans.sort((a, b) => a.depth - b.depth || a.start - b.start)
  const out = {
    startNs: [] as number[],
    endNs: [] as number[],
    depth: [] as number[],
    code: [] as number[],
    id: [] as number[],
    nameId: [] as number[],
    count: [] as number[],
  }
  const emit = (s: (typeof spans)[number], end: number, count: number) => {
    out.startNs.push(s.start)
    out.endNs.push(end)
    out.depth.push(s.depth)
    out.code.push(s.code)
    out.id.push(s.id)
    out.nameId.push(s.name_id)
    out.count.push(count)
  }
  // Per depth, runs of ranges narrower than a pixel and less than a pixel apart become one row
  // that shows its longest member.
  let run:
    | { first: (typeof spans)[number]; longest: (typeof spans)[number]; end: number; count: number }
    | undefined
  const flush = () => {
    if (run === undefined) return
    const s = { ...run.longest, start: run.first.start }
    emit(s, Math.max(run.end, run.first.start + res), run.count)
    run = undefined
  }
  for (const s of spans) {
    const narrow = s.end - s.start < res
    if (run !== undefined && (s.depth !== run.first.depth || !narrow || s.start - run.end >= res))
      flush()
    if (!narrow) {
      emit(s, s.end, 1)
      continue
    }
    if (run === undefined) run = { first: s, longest: s, end: s.end, count: 1 }
    else {
      run.count++
      if (s.end > run.end) run.end = s.end
      if (s.end - s.start > run.longest.end - run.longest.start) run.longest = s
    }
  }
  flush()
  return {
    startNs: Float64Array.from(out.startNs),
    endNs: Float64Array.from(out.endNs),
    depth: Uint8Array.from(out.depth),
    code: Uint8Array.from(out.code),
    id: Int32Array.from(out.id),
    nameId: Int32Array.from(out.nameId),
    count: Uint32Array.from(out.count),
  }
}
