import type Database from 'better-sqlite3'
import { type RunColumns, allocRunColumns, decodeRunChunk } from './chunks/run-chunk.ts'
import { ChunkWriter } from './chunks/chunk-writer.ts'
import { type StateColumns, allocStateColumns, decodeStateChunk } from './chunks/goroutine-chunk.ts'
import {
  type GcWorkColumns,
  allocGcWorkColumns,
  decodeGcWorkChunk,
} from './chunks/gc-work-chunk.ts'

interface ChunkRow {
  start_ns: number
  count: number
  data: Uint8Array
}

/** The goroutine state chunk rows of one goroutine, or of all in goroutine order. */
function stateChunkRows(db: Database.Database, gid: number | undefined) {
  return (
    gid === undefined
      ? db
          .prepare(
            'SELECT gid, start_ns, count, data FROM goroutine_state_chunks ORDER BY gid, seq',
          )
          .iterate()
      : db
          .prepare(
            'SELECT gid, start_ns, count, data FROM goroutine_state_chunks WHERE gid = ? ORDER BY seq',
          )
          .iterate(gid)
  ) as IterableIterator<ChunkRow & { gid: number }>
}

/** Goroutine state intervals of one goroutine (or of all, gid undefined, ordered by goroutine). */
export function readGoroutineStates(
  db: Database.Database,
  gid?: number,
): StateColumns & { readonly gid: Int32Array } {
  const rows = [...stateChunkRows(db, gid)]
  const total = rows.reduce((n, r) => n + r.count, 0)
  const out = { ...allocStateColumns(total), gid: new Int32Array(total) }
  let at = 0
  for (const r of rows) {
    const next = decodeStateChunk(r.data, r.start_ns, out, at)
    out.gid.fill(r.gid, at, next)
    at = next
  }
  return out
}

/**
 * Goroutine state intervals chunk by chunk (of goroutine `gid`, or of all in goroutine order),
 * decoded into one reused buffer: an analysis over every interval of a big trace then holds one
 * chunk's worth, not 70 bytes per interval. `visit` must not keep `cols` past its call.
 */
export function forEachStateChunk(
  db: Database.Database,
  gid: number | undefined,
  visit: (cols: StateColumns, count: number, gid: number) => void,
): void {
  const rows = stateChunkRows(db, gid)
  let cols = allocStateColumns(ChunkWriter.SPANS_PER_CHUNK)
  for (const r of rows) {
    if (r.count > cols.count) cols = allocStateColumns(r.count)
    visit(cols, decodeStateChunk(r.data, r.start_ns, cols, 0), r.gid)
  }
}

/** Runs on one proc (table 'proc_run_chunks', key p) or thread ('thread_run_chunks', key m). */
export function readRuns(
  db: Database.Database,
  table: 'proc_run_chunks' | 'thread_run_chunks',
  key: number,
): RunColumns {
  const column = table === 'proc_run_chunks' ? 'p' : 'm'
  const rows = db
    .prepare(`SELECT start_ns, count, data FROM ${table} WHERE ${column} = ? ORDER BY seq`)
    .all(key) as ChunkRow[]
  return decodeRows(rows, allocRunColumns, decodeRunChunk)
}

/** The sweeps of P `key` (kind 2) or the mark assists of goroutine `key` (kind 3). */
export function readGcWork(db: Database.Database, kind: 2 | 3, key: number): GcWorkColumns {
  const rows = db
    .prepare(
      'SELECT start_ns, count, data FROM gc_work_chunks WHERE kind = ? AND key = ? ORDER BY seq',
    )
    .all(kind, key) as ChunkRow[]
  return decodeRows(rows, allocGcWorkColumns, decodeGcWorkChunk)
}

/** Chunk rows decoded one after another into columns for all their spans. */
function decodeRows<C>(
  rows: ChunkRow[],
  alloc: (count: number) => C,
  decode: (data: Uint8Array, startNs: number, out: C, at: number) => number,
): C {
  const out = alloc(rows.reduce((n, r) => n + r.count, 0))
  let at = 0
  for (const r of rows) at = decode(r.data, r.start_ns, out, at)
  return out
}
