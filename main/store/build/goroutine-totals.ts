import { IntMap } from '../../decode/int-map.ts'
import type Database from 'better-sqlite3'
import { TableWriter } from '../table-writer.ts'

const RUNNABLE = 2
const RUNNING = 3
const WAITING = 4
const SYSCALL = 5
/** goroutine_state_chunks flag: the state was entered before the trace started. */
const BEFORE_TRACE = 1

/** goroutine_totals.kind */
export enum TotalKind {
  Exec = 1,
  SchedWait,
  Syscall,
  SyscallBlock,
  /** Blocked; reason_id says why. */
  Block,
}

/** One goroutine's sums, held by its open chunk so that adding to them needs no lookup. */
export class GoroutineSums {
  execNs = 0
  schedWaitNs = 0
  syscallNs = 0
  syscallBlockNs = 0
  /** Blocked time by reason slot (GoroutineTotals' reasons); NaN: never blocked for that one. */
  blocked = new Float64Array(0)
}

/**
 * The time Go's goroutine analysis charges each goroutine with (its Summarizer, in
 * internal/trace/summary.go), summed while the intervals go by (goroutine_totals), so that the
 * goroutine summary (analyze/goroutine-summary.ts) reads a few rows per goroutine instead of
 * decoding every interval:
 *
 * - the time in a state entered before the trace started also counts from the trace start;
 * - an interval still open at the end counts until then (a goroutine that ended has none open,
 *   and its "forever" wait is left out by the summary, which knows the reason strings);
 * - a syscall counts as syscall time until its P was taken, then as blocked in a syscall; one
 *   still going at the end counts as syscall time throughout, and the part after its P was
 *   taken again as scheduler wait, as Go's snapshot of an open syscall does.
 */
export class GoroutineTotals {
  private readonly totals = new IntMap<GoroutineSums>()
  /** Reason ids in the order they were first seen: a reason's slot is its index. */
  private readonly reasons: number[] = []
  private readonly slotOf = new IntMap<number>()
  private syncNs = 0
  private traceEndNs = 0

  private readonly rows: TableWriter

  constructor(db: Database.Database) {
    this.rows = new TableWriter(db, 'goroutine_totals', ['gid', 'kind', 'reason_id', 'ns'])
  }

  /** The time of the trace's first event (its first Sync). */
  started(timeNs: number): void {
    this.syncNs = timeNs
  }

  /** The time of the last event: where open intervals end. */
  ended(timeNs: number): void {
    this.traceEndNs = timeNs
  }

  /** Goroutine `gid`'s sums (the same object for the whole trace, should its ID come again). */
  of(gid: number): GoroutineSums {
    let sums = this.totals.get(gid)
    if (sums === undefined) this.totals.set(gid, (sums = new GoroutineSums()))
    return sums
  }

  /** One of the goroutine's intervals; `sums` is its of(). */
  add(
    sums: GoroutineSums,
    state: number,
    flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    p: number,
    blockedNs: number,
  ): void {
    const closed = !Number.isNaN(endNs)
    const end = closed ? endNs : this.traceEndNs
    const before = (flags & BEFORE_TRACE) !== 0 ? startNs - this.syncNs : 0
    const d = end - startNs
    switch (state) {
      case RUNNING:
        sums.execNs += before + d
        return
      case RUNNABLE:
        sums.schedWaitNs += before + d
        return
      case WAITING:
        return this.block(sums, reasonId, before + d)
      case SYSCALL: {
        if (before > 0) {
          if (p === -1) sums.syscallBlockNs += before
          else sums.syscallNs += before
        }
        if (Number.isNaN(blockedNs)) {
          sums.syscallNs += d
        } else if (closed) {
          sums.syscallBlockNs += end - blockedNs
          sums.syscallNs += blockedNs - startNs
        } else {
          sums.syscallNs += d
          sums.schedWaitNs += end - blockedNs
        }
      }
    }
  }

  private block(sums: GoroutineSums, reasonId: number, ns: number): void {
    const i = this.slot(reasonId)
    if (i >= sums.blocked.length) {
      const grown = new Float64Array(this.reasons.length + 4).fill(NaN)
      grown.set(sums.blocked)
      sums.blocked = grown
    }
    const sum = sums.blocked[i]!
    sums.blocked[i] = Number.isNaN(sum) ? ns : sum + ns
  }

  private slot(reasonId: number): number {
    let slot = this.slotOf.get(reasonId)
    if (slot === undefined) {
      slot = this.reasons.length
      this.reasons.push(reasonId)
      this.slotOf.set(reasonId, slot)
    }
    return slot
  }

  finish(): void {
    for (const [gid, sums] of this.totals.entries()) {
      this.rows.add(gid, TotalKind.Exec, 0, sums.execNs)
      this.rows.add(gid, TotalKind.SchedWait, 0, sums.schedWaitNs)
      this.rows.add(gid, TotalKind.Syscall, 0, sums.syscallNs)
      this.rows.add(gid, TotalKind.SyscallBlock, 0, sums.syscallBlockNs)
      sums.blocked.forEach((ns, slot) => {
        if (!Number.isNaN(ns)) this.rows.add(gid, TotalKind.Block, this.reasons[slot]!, ns)
      })
    }
    this.rows.flush()
  }
}
