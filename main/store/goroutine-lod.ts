/**
 * Levels of detail of busy goroutines, made on first use and kept: procs and threads have theirs
 * stored at ingest, but there are too many goroutines for that, and few are ever zoomed out on.
 *
 * A level is made piece by piece, as views ask for it, so that the first view at a zoom costs
 * what its window holds rather than the whole goroutine (hundreds of milliseconds for the busiest
 * goroutines of a big trace). The merge starts afresh at every span at least a pixel wide: it
 * flushes what it holds and passes the span through, so from there on it does the same whatever
 * came before. A piece begins at the first such span of a chunk (the first span of the track for
 * the first piece) and runs to the first such span of a later chunk, where the next piece begins,
 * and its spans are exactly those the whole goroutine's merge makes there.
 */
import type Database from 'better-sqlite3'
import type { SpanBlock } from '../../common/timeline-api.ts'
import { type DecodedStates, decodedStates } from './decoded-states.ts'
import { LodMerger, SpanBuilder } from './lod-merger.ts'
import { cachedStatement } from './statements.ts'

/** Goroutines with fewer chunks than this are cheap enough to read whole at any zoom. */
const MIN_CHUNKS = 4
/** Levels kept, most recently used first to stay. */
const CACHED_LEVELS = 4096
const RUNNING = 3
/** firstWide: not looked at yet; no span at least a pixel wide. */
const UNKNOWN = -2
const NONE = -1

const levels = new WeakMap<Database.Database, Map<string, GoroutineLevel>>()

/**
 * The level-of-detail spans of goroutine `gid` at 2^`level` ns that may overlap [startNs, endNs],
 * as blocks in time order (a span outside the window may come along); undefined for a goroutine
 * with too few chunks to need them. `traceEndNs` closes the interval still open at the end.
 */
export function goroutineLodSpans(
  db: Database.Database,
  gid: number,
  level: number,
  traceEndNs: number,
  startNs: number,
  endNs: number,
): SpanBlock[] | undefined {
  let cache = levels.get(db)
  if (cache === undefined) levels.set(db, (cache = new Map<string, GoroutineLevel>()))
  const key = `${gid}:${level}`
  let lod = cache.get(key)
  if (lod === undefined) {
    // In seq order, from the covering index (seq order is time order).
    const chunks = cachedStatement(
      db,
      `SELECT seq, start_ns, end_ns, count FROM goroutine_state_chunks WHERE gid = ?
       ORDER BY start_ns, seq`,
    ).all(gid) as ChunkRow[]
    if (chunks.length < MIN_CHUNKS) return undefined
    lod = new GoroutineLevel(db, gid, 2 ** level, traceEndNs, chunks)
  }
  // Most recently used last, so the oldest entry is the first to go.
  cache.delete(key)
  cache.set(key, lod)
  if (cache.size > CACHED_LEVELS) cache.delete(cache.keys().next().value!)
  return lod.spans(startNs, endNs)
}

interface ChunkRow {
  seq: number
  start_ns: number
  /** The latest end in the chunk (the start of an interval still open at the end). */
  end_ns: number
  count: number
}

/**
 * One goroutine's level of detail, as far as it has been made. Chunks are numbered from 0 in
 * time order (seq order: they follow one another in time, as do the intervals in each).
 */
class GoroutineLevel {
  /** Per chunk, the first span at least a pixel wide (UNKNOWN, NONE or an index). */
  private readonly firstWide: Int32Array
  /** Per chunk where a piece begins, the piece once made. */
  private readonly pieces: (SpanBlock | undefined)[]
  /** Per chunk where a piece begins, the chunk where the next one begins (or the chunk count). */
  private readonly nextPiece: Int32Array

  constructor(
    private readonly db: Database.Database,
    private readonly gid: number,
    private readonly resNs: number,
    private readonly traceEndNs: number,
    private readonly chunks: readonly ChunkRow[],
  ) {
    this.firstWide = new Int32Array(chunks.length).fill(UNKNOWN)
    // The first piece begins with the first span, wide or not.
    this.firstWide[0] = 0
    this.pieces = new Array<SpanBlock | undefined>(chunks.length)
    this.nextPiece = new Int32Array(chunks.length)
  }

  /** The pieces whose spans may overlap [startNs, endNs], made where missing. */
  spans(startNs: number, endNs: number): SpanBlock[] {
    const [first, last] = this.chunksNear(startNs, endNs)
    if (first > last) return []
    const out: SpanBlock[] = []
    for (let k = this.pieceHolding(first); k <= last; k = this.nextPiece[k]!) {
      if (this.pieces[k] === undefined) this.makePieces(k, last)
      out.push(this.pieces[k]!)
    }
    return out
  }

  /**
   * The chunks whose spans may overlap [startNs, endNs]. A merged span ends no later than its
   * last interval, or a pixel after its first: chunks ending more than a pixel before the window
   * cannot reach into it, nor can chunks starting after it.
   */
  private chunksNear(startNs: number, endNs: number): [number, number] {
    const n = this.chunks.length
    let first = 0
    // The last chunk may hold an interval still open, which ends at the end of the trace.
    while (first < n - 1 && this.chunks[first]!.end_ns + this.resNs < startNs) first++
    if (first === n - 1 && this.traceEndNs + this.resNs < startNs) first = n
    let last = n - 1
    while (last >= 0 && this.chunks[last]!.start_ns > endNs) last--
    return [first, last]
  }

  /** The chunk where the piece holding chunk `k`'s first interval begins. */
  private pieceHolding(k: number): number {
    // Back from k, decoding the chunks not looked at yet in batches that double.
    for (let j = k, batch = 2; j > 0; batch *= 2) {
      const from = Math.max(1, j - batch + 1)
      const unknown: number[] = []
      for (let i = from; i <= j; i++) if (this.firstWide[i] === UNKNOWN) unknown.push(i)
      this.decoded(unknown).forEach((d, i) => (this.firstWide[unknown[i]!] = this.findWide(d)))
      for (; j >= from; j--) if (this.beginsPieceBefore(j, k)) return j
    }
    return 0
  }

  /** Whether a piece begins at chunk `j` and holds chunk `k`'s first interval (j <= k). */
  private beginsPieceBefore(j: number, k: number): boolean {
    const wide = this.firstWide[j]!
    return wide === 0 || (j < k && wide !== NONE)
  }

  /**
   * Makes the pieces from the one beginning at chunk `k` on, in one pass over their chunks,
   * until the piece holding chunk `last` or one already made.
   */
  private makePieces(k: number, last: number): void {
    const n = this.chunks.length
    let piece = k
    let out = new SpanBuilder()
    let merge = new LodMerger(out, this.resNs)
    // Up to `last` in one batch; past it, the piece ends at the next wide span: batches double.
    for (let j = k, ahead = 1; j < n; ahead *= 2) {
      const to = Math.min(n - 1, Math.max(last, j + ahead - 1))
      const positions = Array.from({ length: to - j + 1 }, (_, i) => j + i)
      for (const d of this.decoded(positions)) {
        const wide = j === piece ? this.firstWide[j]! : this.findWide(d)
        this.firstWide[j] = wide
        if (j === piece || wide === NONE) {
          this.feed(merge, d, j === piece ? wide : 0, d.count)
        } else {
          this.feed(merge, d, 0, wide)
          merge.flush(d.startNs[wide])
          this.keep(piece, out, j)
          if (j > last || this.pieces[j] !== undefined) return
          piece = j
          out = new SpanBuilder()
          merge = new LodMerger(out, this.resNs)
          this.feed(merge, d, wide, d.count)
        }
        j++
      }
    }
    merge.flush()
    this.keep(piece, out, n)
  }

  private keep(piece: number, out: SpanBuilder, nextPiece: number): void {
    this.pieces[piece] = out.finish()
    this.nextPiece[piece] = nextPiece
  }

  /** Chunks at `positions` (ascending), decoded. */
  private decoded(positions: readonly number[]): DecodedStates[] {
    return decodedStates(
      this.db,
      this.gid,
      positions.map((i) => this.chunks[i]!),
    )
  }

  /** The first interval of `d` at least a pixel wide, or NONE. */
  private findWide(d: DecodedStates): number {
    for (let i = 0; i < d.count; i++) {
      const end = Number.isNaN(d.endNs[i]) ? this.traceEndNs : d.endNs[i]!
      if (end - d.startNs[i]! >= this.resNs) return i
    }
    return NONE
  }

  /** Feeds intervals [from, to) of `d` to `merge` (busy: time running). */
  private feed(merge: LodMerger, d: DecodedStates, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const start = d.startNs[i]!
      const end = Number.isNaN(d.endNs[i]) ? this.traceEndNs : d.endNs[i]!
      const state = d.state[i]!
      merge.add(start, end, state, d.reasonId[i]!, 1, state === RUNNING ? end - start : 0)
    }
  }
}
