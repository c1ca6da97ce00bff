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
/**
 * One goroutine's sums, flat (one lookup per interval, no boxed numbers): by kind at index
 * TotalKind, then blocked time by reason at TotalKind.Block + the reason's slot (NaN: the
 * goroutine never blocked for that reason).
 */
type Sums = Float64Array

export class GoroutineTotals {
  private readonly totals = new IntMap<Sums>()
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

  add(
    gid: number,
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
        return this.charge(gid, TotalKind.Exec, 0, before + d)
      case RUNNABLE:
        return this.charge(gid, TotalKind.SchedWait, 0, before + d)
      case WAITING:
        return this.charge(gid, TotalKind.Block, reasonId, before + d)
      case SYSCALL: {
        if (before > 0) {
          this.charge(gid, p === -1 ? TotalKind.SyscallBlock : TotalKind.Syscall, 0, before)
        }
        if (Number.isNaN(blockedNs)) return this.charge(gid, TotalKind.Syscall, 0, d)
        if (closed) {
          this.charge(gid, TotalKind.SyscallBlock, 0, end - blockedNs)
          return this.charge(gid, TotalKind.Syscall, 0, blockedNs - startNs)
        }
        this.charge(gid, TotalKind.Syscall, 0, d)
        return this.charge(gid, TotalKind.SchedWait, 0, end - blockedNs)
      }
    }
  }

  private charge(gid: number, kind: TotalKind, reasonId: number, ns: number): void {
    let sums = this.totals.get(gid)
    if (sums === undefined) this.totals.set(gid, (sums = this.grow(undefined)))
    if (kind !== TotalKind.Block) {
      sums[kind] = sums[kind]! + ns
      return
    }
    const i = TotalKind.Block + this.slot(reasonId)
    if (i >= sums.length) this.totals.set(gid, (sums = this.grow(sums)))
    const sum = sums[i]!
    sums[i] = Number.isNaN(sum) ? ns : sum + ns
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

  /** Sums with room for every reason seen so far (the old ones copied over). */
  private grow(old: Sums | undefined): Sums {
    const sums = new Float64Array(TotalKind.Block + this.reasons.length + 4).fill(NaN)
    sums.fill(0, 0, TotalKind.Block)
    if (old !== undefined) sums.set(old)
    return sums
  }

  finish(): void {
    for (const [gid, sums] of this.totals.entries()) {
      for (let kind = TotalKind.Exec; kind < TotalKind.Block; kind++) {
        this.rows.add(gid, kind, 0, sums[kind]!)
      }
      for (let i = TotalKind.Block; i < sums.length; i++) {
        const ns = sums[i]!
        if (!Number.isNaN(ns))
          this.rows.add(gid, TotalKind.Block, this.reasons[i - TotalKind.Block]!, ns)
      }
    }
    this.rows.flush()
  }
}
