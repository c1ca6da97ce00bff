import type Database from 'better-sqlite3'
import { cachedStatement } from './statements.ts'

/** Where a track's chunks are: a table, and the columns and values that select the track. */
export interface ChunkSource {
  table: string
  /** e.g. "p = ?" or "kind = ? AND level = ? AND key = ?": the primary key but for seq. */
  where: string
  params: number[]
  /** busy_ns, or an expression standing in for it. */
  busy: string
}

/**
 * The blobs of a track's chunks `seqs` (ascending), in that order. Each run of consecutive seqs
 * is one range scan of the primary key, one statement step per chunk rather than a statement
 * run per chunk.
 */
export function chunkBlobs(
  db: Database.Database,
  src: ChunkSource,
  seqs: readonly number[],
): Uint8Array[] {
  const scan = cachedStatement(
    db,
    `SELECT data FROM ${src.table} WHERE ${src.where} AND seq >= ? AND seq <= ? ORDER BY seq`,
  ).pluck()
  const out: Uint8Array[] = []
  for (let i = 0; i < seqs.length;) {
    let j = i + 1
    while (j < seqs.length && seqs[j] === seqs[j - 1]! + 1) j++
    const blobs = scan.all(...src.params, seqs[i], seqs[j - 1]) as Uint8Array[]
    if (blobs.length !== j - i) throw new Error(`corrupt store: ${src.table} misses a chunk`)
    for (const b of blobs) out.push(b)
    i = j
  }
  return out
}
