import type Database from 'better-sqlite3'
import type {
  TaskGroup,
  TaskInstance,
  TaskOptions,
  TaskSummary,
} from '../../common/analysis-api.ts'
import { inScope } from './analysis-scope.ts'
import { durationStats } from './durations.ts'
import { traceDuration, traceStartNs } from './trace-bounds.ts'

interface TaskRow {
  id: number
  parent_id: number | null
  type: string
  start_ns: number | null
  end_ns: number | null
  start_gid: number | null
  end_gid: number | null
}

/**
 * User tasks by type, each with its goroutines, regions and logs: the numbers of `go tool trace`'s
 * /usertasks page. As in Go, a task exists once anything mentions it (its begin or end, a region
 * or a log in it), so tasks that began before the trace are counted, with type "" unless their
 * end names it; the duration distribution holds complete tasks only. The background task (ID 0),
 * which Go lists when regions or logs run outside any task, is left out unless goCompat is set.
 * A scope (options.fromNs, toNs, gids) keeps the tasks it covers, whole.
 */
export function summarizeTasks(db: Database.Database, options: TaskOptions = {}): TaskSummary {
  const traceStart = traceStartNs(db)
  const traceEnd = traceDuration(db)
  const tasks = new Map<number, TaskInstance>()
  const task = (id: number): TaskInstance => {
    let t = tasks.get(id)
    if (t === undefined) {
      t = {
        id,
        parentId: null,
        type: '',
        startNs: null,
        endNs: null,
        complete: false,
        durationNs: 0,
        gids: [],
        regions: [],
        logs: [],
      }
      tasks.set(id, t)
    }
    return t
  }
  const gids = new Map<number, Set<number>>()
  const addGid = (id: number, gid: number | null) => {
    if (gid === null || gid < 0) return
    let set = gids.get(id)
    if (set === undefined) gids.set(id, (set = new Set()))
    set.add(gid)
  }
  for (const r of db
    .prepare(
      `SELECT t.id, t.parent_id, s.value AS type, t.start_ns, t.end_ns, t.start_gid, t.end_gid
       FROM tasks t JOIN strings s ON s.id = t.type_id ORDER BY t.id`,
    )
    .all() as TaskRow[]) {
    const t = task(r.id)
    t.parentId = r.parent_id
    t.type = r.type
    t.startNs = r.start_ns
    t.endNs = r.end_ns
    addGid(r.id, r.start_gid)
    addGid(r.id, r.end_gid)
  }
  for (const r of db
    .prepare(
      `SELECT r.task_id, r.gid, s.value AS type, r.start_ns, r.end_ns
       FROM regions r JOIN strings s ON s.id = r.type_id
       ORDER BY r.start_ns IS NOT NULL, r.start_ns, r.id`,
    )
    .all() as {
    task_id: number
    gid: number
    type: string
    start_ns: number | null
    end_ns: number | null
  }[]) {
    task(r.task_id).regions.push({
      gid: r.gid,
      type: r.type,
      startNs: r.start_ns,
      endNs: r.end_ns,
    })
    addGid(r.task_id, r.gid)
  }
  for (const l of db
    .prepare(
      `SELECT l.task_id, l.time_ns, l.gid, c.value AS category, m.value AS message
       FROM logs l JOIN strings c ON c.id = l.category_id JOIN strings m ON m.id = l.message_id
       ORDER BY l.time_ns, l.id`,
    )
    .all() as {
    task_id: number
    time_ns: number
    gid: number
    category: string
    message: string
  }[]) {
    task(l.task_id).logs.push({
      timeNs: l.time_ns,
      gid: l.gid,
      category: l.category,
      message: l.message,
    })
    addGid(l.task_id, l.gid)
  }

  const scoped = inScope(options, traceStart, traceEnd)
  const groups = new Map<string, TaskInstance[]>()
  for (const t of tasks.values()) {
    if (t.id === 0 && !options.goCompat) continue
    if (options.type !== undefined && t.type !== options.type) continue
    t.complete = t.startNs !== null && t.endNs !== null
    t.durationNs = (t.endNs ?? traceEnd) - (t.startNs ?? traceStart)
    t.gids = [...(gids.get(t.id) ?? [])].sort((a, b) => a - b)
    if (!scoped(t.startNs, t.endNs, t.gids)) continue
    let list = groups.get(t.type)
    if (list === undefined) groups.set(t.type, (list = []))
    list.push(t)
  }
  const out: TaskGroup[] = [...groups].map(([type, list]) => {
    list.sort((a, b) => b.durationNs - a.durationNs || a.id - b.id)
    const complete = list.filter((t) => t.complete)
    return {
      type,
      count: list.length,
      completeCount: complete.length,
      durations: durationStats(complete.map((t) => t.durationNs)),
      instances: list,
    }
  })
  out.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
  return { groups: out }
}
