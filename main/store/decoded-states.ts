/**
 * Goroutine state chunks decoded to the columns a timeline draws, kept across queries: the first
 * view of the whole trace decodes every chunk of the goroutines it shows, and every level of
 * detail and every zoom after it then merges from memory instead of reading and decoding the
 * chunks again (two thirds of the cost of making a level). The least recently used chunks go
 * first, past a budget of intervals.
 */
import type Database from 'better-sqlite3'
import { type StateSpans, decodeStateSpans } from './chunks/goroutine-chunk.ts'
import { chunkBlobs } from './chunk-blobs.ts'

/** About 40 MB: every interval of a 230 MB trace's 20 busiest goroutines. */
const BUDGET_INTERVALS = 2_000_000

export type DecodedStates = StateSpans

/** A goroutine_state_chunks row, as far as decoding it needs. */
export interface StateChunkRef {
  seq: number
  start_ns: number
  count: number
}

interface Cache {
  chunks: Map<string, DecodedStates>
  intervals: number
}

const caches = new WeakMap<Database.Database, Cache>()

/** Chunks `chunks` of goroutine `gid` (ascending seqs), decoded; those not kept are read. */
export function decodedStates(
  db: Database.Database,
  gid: number,
  chunks: readonly StateChunkRef[],
): DecodedStates[] {
  let cache = caches.get(db)
  if (cache === undefined) caches.set(db, (cache = { chunks: new Map(), intervals: 0 }))
  const out: (DecodedStates | undefined)[] = chunks.map((c) => cache.chunks.get(`${gid}:${c.seq}`))
  const missing = chunks.filter((_, i) => out[i] === undefined)
  const blobs = chunkBlobs(
    db,
    { table: 'goroutine_state_chunks', where: 'gid = ?', params: [gid], busy: 'busy_ns' },
    missing.map((c) => c.seq),
  )
  let b = 0
  chunks.forEach((c, i) => {
    const key = `${gid}:${c.seq}`
    let d = out[i]
    if (d === undefined) {
      d = decodeStateSpans(blobs[b++]!, c.start_ns, c.count)
      cache.intervals += d.count
    }
    // Most recently used last, so the oldest entry is the first to go.
    cache.chunks.delete(key)
    cache.chunks.set(key, d)
    out[i] = d
  })
  for (const [key, d] of cache.chunks) {
    if (cache.intervals <= BUDGET_INTERVALS) break
    cache.chunks.delete(key)
    cache.intervals -= d.count
  }
  return out as DecodedStates[]
}
