import type Database from 'better-sqlite3'
import { TraceReader } from '../decode/reader.ts'
import { StoreBuilder } from './build/builder.ts'
import { TotalsChunkSink } from './build/totals-sink.ts'
import { type OpenStoreOptions, readEvents, traceMeta, writeMeta } from './ingest.ts'
import { openDatabase } from './open-database.ts'
import { loadSchema } from './schema.ts'
import { raiseInliningBudget } from './v8-tuning.ts'

export interface TraceSummary {
  /** An in-memory store (close it when done): every table but the timeline's chunks. */
  readonly db: Database.Database
  readonly meta: Readonly<Record<string, string | number | null>>
}

export interface SummaryOptions extends Pick<
  OpenStoreOptions,
  'signal' | 'strict' | 'nativeBinding'
> {
  /** Keep the MMU analysis' inputs too. */
  readonly mmu?: boolean
}

/**
 * Reads a trace in one pass into an in-memory store that has what whole-trace analyses read
 * (goroutines, regions, tasks, logs, the sums of state_totals and goroutine_totals and, if asked,
 * MMU inputs) but none of the timeline's tables (chunks, GC ranges, CPU samples) that a scoped
 * profile needs too. That is most of an ingestion's work left out, and nothing written to disk:
 * what a one-off question about a trace with no cached store should cost, like
 * `go tool trace -pprof`.
 */
export async function summarizeTrace(
  tracePath: string,
  opts: SummaryOptions = {},
): Promise<TraceSummary> {
  const t0 = performance.now()
  raiseInliningBudget()
  const schema = loadSchema()
  const reader = TraceReader.open(tracePath)
  const db = openDatabase(':memory:', opts.nativeBinding)
  try {
    db.exec(schema.tables)
    db.exec('BEGIN')
    const builder = new StoreBuilder(db, new TotalsChunkSink(db), {
      timeline: false,
      mmu: opts.mmu ?? false,
    })
    const outcome = await readEvents(reader, builder, opts, () => {})
    builder.finish()
    const meta = {
      ...traceMeta(tracePath, reader, builder, outcome),
      summary_seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
    }
    writeMeta(db, meta)
    db.exec('COMMIT')
    return { db, meta }
  } catch (err) {
    db.close()
    throw err
  } finally {
    reader.close()
  }
}
