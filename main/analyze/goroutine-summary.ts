import type Database from 'better-sqlite3'
import type {
  BlockClasses,
  GoroutineGroup,
  GoroutineStats,
  GoroutineSummary,
} from '../../common/analysis-api.ts'
import { TotalKind } from '../store/build/goroutine-totals.ts'
import { traceDuration, traceStartNs } from './trace-bounds.ts'
import { stringLookup } from './strings.ts'

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
 * goroutine pages (internal/trace's Summarizer), from the per-goroutine sums ingestion keeps of
 * the state intervals (goroutine_totals), with Go's rules, quirks included:
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
  const byGid = new Map(goroutines.map((g) => [g.gid, g]))
  // The per-interval rules are applied at ingest (store/build/goroutine-totals.ts).
  const totals = db.prepare('SELECT gid, kind, reason_id, ns FROM goroutine_totals').all() as {
    gid: number
    kind: TotalKind
    reason_id: number
    ns: number
  }[]
  for (const t of totals) {
    const g = byGid.get(t.gid)
    if (g !== undefined) charge(g, t.kind, reasonOf(t.reason_id), t.ns)
  }
  rows.forEach((row, i) => {
    const stats = goroutines[i]!
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
  })
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

function charge(g: GoroutineStats, kind: TotalKind, reason: string, ns: number): void {
  switch (kind) {
    case TotalKind.Exec:
      g.execNs += ns
      return
    case TotalKind.SchedWait:
      g.schedWaitNs += ns
      return
    case TotalKind.Syscall:
      g.syscallNs += ns
      return
    case TotalKind.SyscallBlock:
      g.syscallBlockNs += ns
      return
    case TotalKind.Block:
      // A "forever" block ends the goroutine: it is not block time.
      if (reason !== 'forever') g.blockNsByReason[reason] = (g.blockNsByReason[reason] ?? 0) + ns
      return
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
