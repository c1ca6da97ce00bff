import type Database from 'better-sqlite3'
import {
  MAX_RANGE_LOGS,
  type RangeDetails,
  type RangeLogs,
  type RangeRef,
  type TaskRef,
} from '../../common/timeline-api.ts'
import { cachedStatement } from './statements.ts'

/**
 * A region's or task's details for the timeline's details panel: a region's task, that task's
 * ancestry, the regions it is nested in and the logs its goroutine wrote during it; a task's
 * ancestry, how many goroutines and regions it has, and its logs. A missing start or end counts as
 * the trace's start or end, as on the timeline. Undefined for an unknown region or task.
 */
export function rangeDetails(
  db: Database.Database,
  ref: RangeRef,
  traceStartNs: number,
  traceEndNs: number,
): RangeDetails | undefined {
  return ref.kind === 'region'
    ? regionDetails(db, ref.id, traceStartNs, traceEndNs)
    : taskDetails(db, ref.id)
}

function regionDetails(
  db: Database.Database,
  id: number,
  traceStartNs: number,
  traceEndNs: number,
): RangeDetails | undefined {
  const r = cachedStatement(
    db,
    `SELECT gid, task_id, depth, coalesce(start_ns, :traceStart) AS start_ns,
       coalesce(end_ns, :traceEnd) AS end_ns FROM regions WHERE id = :id`,
  ).get({ id, traceStart: traceStartNs, traceEnd: traceEndNs }) as
    { gid: number; task_id: number; depth: number; start_ns: number; end_ns: number } | undefined
  if (r === undefined) return undefined
  const task = r.task_id === 0 ? null : { id: r.task_id, type: taskType(db, r.task_id) }
  // Per depth above it, the latest-starting region of its goroutine that spans it.
  const around = cachedStatement(
    db,
    `SELECT r.id, r.depth, s.value AS type, coalesce(r.start_ns, :traceStart) AS start_ns,
       coalesce(r.end_ns, :traceEnd) AS end_ns
     FROM regions r JOIN strings s ON s.id = r.type_id
     WHERE r.gid = :gid AND r.depth < :depth AND coalesce(r.start_ns, :traceStart) <= :start
       AND coalesce(r.end_ns, :traceEnd) >= :end
     ORDER BY r.depth, start_ns DESC, r.id DESC`,
  ).all({
    gid: r.gid,
    depth: r.depth,
    start: r.start_ns,
    end: r.end_ns,
    traceStart: traceStartNs,
    traceEnd: traceEndNs,
  }) as { id: number; depth: number; type: string; start_ns: number; end_ns: number }[]
  const enclosing = around
    .filter((e, i) => i === 0 || around[i - 1]!.depth !== e.depth)
    .map((e) => ({ id: e.id, type: e.type, startNs: e.start_ns, endNs: e.end_ns }))
  return {
    kind: 'region',
    task,
    parentTasks: task === null ? [] : ancestry(db, task.id),
    enclosing,
    ...logsOf(db, 'gid = :gid AND time_ns >= :start AND time_ns <= :end', {
      gid: r.gid,
      start: r.start_ns,
      end: r.end_ns,
    }),
  }
}

function taskDetails(db: Database.Database, id: number): RangeDetails | undefined {
  const known = cachedStatement(
    db,
    `SELECT (SELECT count(*) FROM tasks WHERE id = :id) + (SELECT count(*) FROM regions WHERE task_id = :id)
       + (SELECT count(*) FROM logs WHERE task_id = :id)`,
  )
    .pluck()
    .get({ id }) as number
  if (known === 0) return undefined
  // As Go's /usertasks: goroutines that began or ended it, ran a region in it or logged to it.
  const goroutines = cachedStatement(
    db,
    `SELECT count(DISTINCT gid) FROM (
       SELECT start_gid AS gid FROM tasks WHERE id = :id UNION ALL
       SELECT end_gid FROM tasks WHERE id = :id UNION ALL
       SELECT gid FROM regions WHERE task_id = :id UNION ALL
       SELECT gid FROM logs WHERE task_id = :id)
     WHERE gid >= 0`,
  )
    .pluck()
    .get({ id }) as number
  const regions = cachedStatement(db, 'SELECT count(*) FROM regions WHERE task_id = ?')
    .pluck()
    .get(id) as number
  return {
    kind: 'task',
    parentTasks: ancestry(db, id),
    goroutines,
    regions,
    ...logsOf(db, 'task_id = :id', { id }),
  }
}

function taskType(db: Database.Database, id: number): string {
  const type = cachedStatement(
    db,
    'SELECT s.value FROM tasks t JOIN strings s ON s.id = t.type_id WHERE t.id = ?',
  )
    .pluck()
    .get(id) as string | undefined
  return type ?? ''
}

/**
 * Task `id`'s parents, nearest first, up to the root (a parent the trace never described ends
 * the chain, with type ""). Bounded, in case a corrupt trace links tasks in a loop.
 */
function ancestry(db: Database.Database, id: number): TaskRef[] {
  return cachedStatement(
    db,
    `WITH RECURSIVE up(id, n) AS (
       SELECT parent_id, 1 FROM tasks WHERE id = :id AND parent_id IS NOT NULL AND parent_id != 0
       UNION ALL
       SELECT t.parent_id, up.n + 1 FROM up JOIN tasks t ON t.id = up.id
       WHERE t.parent_id IS NOT NULL AND t.parent_id != 0 AND up.n < 1000)
     SELECT up.id, coalesce(s.value, '') AS type
     FROM up LEFT JOIN tasks t ON t.id = up.id LEFT JOIN strings s ON s.id = t.type_id
     ORDER BY up.n`,
  ).all({ id }) as TaskRef[]
}

/** The logs matching `where` (SQL over the logs table), the first MAX_RANGE_LOGS in time order. */
function logsOf(db: Database.Database, where: string, params: Record<string, number>): RangeLogs {
  const total = cachedStatement(db, `SELECT count(*) FROM logs WHERE ${where}`)
    .pluck()
    .get(params) as number
  const rows = cachedStatement(
    db,
    `SELECT l.time_ns, c.value AS category, m.value AS message
     FROM logs l JOIN strings c ON c.id = l.category_id JOIN strings m ON m.id = l.message_id
     WHERE ${where} ORDER BY l.time_ns, l.id LIMIT ${MAX_RANGE_LOGS}`,
  ).all(params) as { time_ns: number; category: string; message: string }[]
  return {
    logs: rows.map((l) => ({ timeNs: l.time_ns, category: l.category, message: l.message })),
    total,
  }
}
