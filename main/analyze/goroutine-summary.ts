import type Database from 'better-sqlite3'
import type {
  BlockClasses,
  GoroutineGroup,
  GoroutineStats,
  GoroutineSummary,
} from '../../common/analysis-api.ts'
import type { StateColumns } from '../store/chunks/goroutine-chunk.ts'
import { forEachStateChunk } from '../store/read-chunks.ts'
import { traceDuration, traceStartNs } from './trace-bounds.ts'
import { stringLookup } from './strings.ts'

const RUNNABLE = 2
const RUNNING = 3
const WAITING = 4
const SYSCALL = 5
const BEFORE_TRACE = 1

interface GoroutineRow {
  gid: number
  name: string
  created_ns: number | null
  first_run_ns: number | null
  end_ns: number | null
  is_system: number
}

/**
 * Per-goroutine time, and goroutines grouped by start function: the numbers of `go tool trace`'s
 * goroutine pages (internal/trace's Summarizer), computed from the stored state intervals with
 * Go's rules, quirks included:
 *  - a goroutine that existed before the trace is created at the trace start, and the time until
 *    its first status event counts for the state that event reports;
 *  - a "forever" block ends the goroutine (it is not block time);
 *  - at the end of the trace, a syscall still open whose P was taken counts both in full as
 *    syscall time and, from when its P was taken, as scheduler wait.
 */
export function summarizeGoroutines(db: Database.Database): GoroutineSummary {
  const durationNs = traceDuration(db)
  const syncNs = traceStartNs(db)
  const rows = db
    .prepare(
      `SELECT g.gid, s.value AS name, g.created_ns, g.first_run_ns, g.end_ns, g.is_system
       FROM goroutines g JOIN strings s ON s.id = g.name_id ORDER BY g.gid`,
    )
    .all() as GoroutineRow[]
  const reasonOf = stringLookup(db)
  const goroutines = rows.map((row) => newStats(row, syncNs))
  const byGid = new Map(goroutines.map((g, i) => [g.gid, { stats: g, row: rows[i]! }]))
  forEachStateChunk(db, undefined, (states, n, gid) => {
    const g = byGid.get(gid)
    if (g === undefined) return
    const finalNs = g.row.end_ns ?? durationNs
    for (let i = 0; i < n; i++) addInterval(g.stats, states, i, finalNs, syncNs, reasonOf)
  })
  for (const { stats, row } of byGid.values()) {
    stats.totalNs = (row.end_ns ?? durationNs) - stats.creationNs
    stats.unknownNs = Math.max(
      0,
      stats.totalNs -
        stats.execNs -
        stats.schedWaitNs -
        stats.syscallNs -
        stats.syscallBlockNs -
        Object.values(stats.blockNsByReason).reduce((a, b) => a + b, 0),
    )
  }
  return { durationNs, groups: groupByName(goroutines), goroutines }
}

function newStats(row: GoroutineRow, syncNs: number): GoroutineStats {
  return {
    gid: row.gid,
    name: row.name,
    isSystem: row.is_system === 1,
    // Go's CreationTime for a goroutine first seen Undetermined is the last Sync: the trace start.
    creationNs: row.created_ns ?? syncNs,
    startNs: row.first_run_ns,
    endNs: row.end_ns,
    totalNs: 0,
    execNs: 0,
    schedWaitNs: 0,
    syscallNs: 0,
    syscallBlockNs: 0,
    blockNsByReason: {},
    unknownNs: 0,
  }
}

/** Adds interval i to the goroutine's stats as the Summarizer would; open ones end at finalNs. */
function addInterval(
  g: GoroutineStats,
  s: StateColumns,
  i: number,
  finalNs: number,
  syncNs: number,
  reasonOf: (id: number) => string,
): void {
  const state = s.state[i]!
  const start = s.startNs[i]!
  const closed = !Number.isNaN(s.endNs[i]!)
  // A goroutine that ended (exit, "forever") has nothing open; one alive ends with the trace.
  const end = closed ? s.endNs[i]! : finalNs
  // Undetermined -> state: Go charges the time since the (first) Sync to the new state too.
  const before = (s.flags[i]! & BEFORE_TRACE) !== 0 ? start - syncNs : 0
  const d = end - start
  switch (state) {
    case RUNNING:
      g.execNs += before + d
      return
    case RUNNABLE:
      g.schedWaitNs += before + d
      return
    case WAITING: {
      const reason = reasonOf(s.reasonId[i]!)
      if (reason === 'forever') return
      g.blockNsByReason[reason] = (g.blockNsByReason[reason] ?? 0) + before + d
      return
    }
    case SYSCALL: {
      if (before > 0) {
        if (s.p[i]! === -1) g.syscallBlockNs += before
        else g.syscallNs += before
      }
      const blocked = s.blockedNs[i]!
      if (Number.isNaN(blocked)) g.syscallNs += d
      else if (closed) {
        g.syscallBlockNs += end - blocked
        g.syscallNs += blocked - start
      } else {
        // Go's snapshot of an open syscall: all of it is syscall time, and the part after the
        // P was taken is charged again, to scheduler wait.
        g.syscallNs += d
        g.schedWaitNs += end - blocked
      }
      return
    }
  }
}

/** Coarse classes of block reasons, for the grouped view. */
export function classifyBlock(stats: GoroutineStats): BlockClasses {
  const out: BlockClasses = {
    network: 0,
    sync: 0,
    syscall: stats.syscallBlockNs,
    gc: 0,
    other: 0,
  }
  for (const [reason, ns] of Object.entries(stats.blockNsByReason)) {
    if (reason === 'network') out.network += ns
    else if (reason.includes('chan') || reason.includes('sync') || reason.includes('select')) {
      out.sync += ns
    } else if (reason.includes('GC')) out.gc += ns
    else out.other += ns
  }
  return out
}

/** Groups by start function, largest total execution time first (then by name). */
function groupByName(goroutines: readonly GoroutineStats[]): GoroutineGroup[] {
  const groups = new Map<string, GoroutineGroup>()
  for (const g of goroutines) {
    let group = groups.get(g.name)
    if (group === undefined) {
      group = {
        name: g.name,
        count: 0,
        totalNs: 0,
        execNs: 0,
        avgExecNs: 0,
        schedWaitNs: 0,
        syscallNs: 0,
        block: { network: 0, sync: 0, syscall: 0, gc: 0, other: 0 },
      }
      groups.set(g.name, group)
    }
    group.count++
    group.totalNs += g.totalNs
    group.execNs += g.execNs
    group.schedWaitNs += g.schedWaitNs
    group.syscallNs += g.syscallNs
    const b = classifyBlock(g)
    group.block.network += b.network
    group.block.sync += b.sync
    group.block.syscall += b.syscall
    group.block.gc += b.gc
    group.block.other += b.other
  }
  const out = [...groups.values()]
  for (const g of out) g.avgExecNs = Math.round(g.execNs / g.count)
  return out.sort((a, b) => b.execNs - a.execNs || (a.name < b.name ? -1 : 1))
}
