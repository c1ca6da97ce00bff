import type Database from 'better-sqlite3'
import type { ChunkSink } from './chunk-sink.ts'
import { StateTotals } from './state-totals.ts'
import { GoroutineTotals } from './goroutine-totals.ts'

/**
 * A ChunkSink that keeps only the whole-trace sums (state_totals, goroutine_totals): what a
 * summary of the trace needs of it (summarize.ts), without the chunks a timeline reads.
 */
export class TotalsChunkSink implements ChunkSink {
  private readonly totals: StateTotals
  private readonly goroutineTotals: GoroutineTotals

  constructor(db: Database.Database) {
    this.totals = new StateTotals(db)
    this.goroutineTotals = new GoroutineTotals(db)
  }

  state(
    gid: number,
    state: number,
    flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    p: number,
    _m: number,
    startStack: number,
    _endStack: number,
    _causeGid: number,
    blockedNs: number,
  ): void {
    this.totals.add(this.totals.of(gid), state, reasonId, startNs, endNs, startStack)
    const sums = this.goroutineTotals.of(gid)
    this.goroutineTotals.add(sums, state, flags, reasonId, startNs, endNs, p, blockedNs)
  }

  finish(): void {
    this.totals.finish()
    this.goroutineTotals.finish()
  }

  traceStarted(timeNs: number): void {
    this.goroutineTotals.started(timeNs)
  }

  traceEnded(timeNs: number): void {
    this.goroutineTotals.ended(timeNs)
  }
  goroutineEntered(): void {}
  goroutineEnded(): void {}
  procRun(): void {}
  counter(): void {}
  range(): void {}
  flushChunks(): void {}
}
