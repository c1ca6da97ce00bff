import type Database from 'better-sqlite3'
import type { ChunkSink } from './chunk-sink.ts'
import { StateTotals } from './state-totals.ts'

/**
 * A ChunkSink that keeps only the whole-trace profile sums (state_totals): what a summary of the
 * trace needs of it (summarize.ts), without the chunks a timeline reads.
 */
export class TotalsChunkSink implements ChunkSink {
  private readonly totals: StateTotals

  constructor(db: Database.Database) {
    this.totals = new StateTotals(db)
  }

  state(
    gid: number,
    state: number,
    _flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    _p: number,
    _m: number,
    startStack: number,
  ): void {
    this.totals.add(this.totals.of(gid), state, reasonId, startNs, endNs, startStack)
  }

  finish(): void {
    this.totals.finish()
  }

  traceEnded(): void {}
  goroutineEntered(): void {}
  goroutineEnded(): void {}
  procRun(): void {}
  counter(): void {}
  range(): void {}
  flushChunks(): void {}
}
