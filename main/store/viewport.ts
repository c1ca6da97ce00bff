/**
 * Viewport queries: what a timeline track shows between two times at a given resolution, as
 * columnar typed arrays, with spans narrower than a pixel merged into summary spans (level of
 * detail). Chunks narrower than two pixels are summarised from their rows alone (their blobs are
 * not read), so a query costs about as much as the pixels it fills, at any zoom.
 *
 * SpanBlock fields: `code` is the state (goroutine tracks: 2 runnable, 3 running, 4 waiting,
 * 5 syscall; proc and thread tracks: the occupying goroutine's 3 running or 5 syscall), 0 for a
 * merged summary; `id` is the reason's string ID (goroutine tracks) or the goroutine (proc and
 * thread tracks), for a summary that of its longest span; `count` is how many spans a row stands
 * for; `busy` is the fraction of a summary's time the track was busy (running).
 */
import type Database from 'better-sqlite3'
import type { CounterBlock, SpanBlock, SpanTrackKind } from '../../common/timeline-api.ts'
import { cachedStatement } from './statements.ts'
import { type ChunkSource, chunkBlobs } from './chunk-blobs.ts'
import { decodeLodChunk } from './chunks/lod-chunk.ts'
import { COUNTER_LOD_LEVELS, decodeCounterLodChunk } from './chunks/counter-lod.ts'
import { LOD_LEVELS } from './build/lod.ts'
import { ChunkWriter } from './chunks/chunk-writer.ts'
import { allocRunColumns, decodeRunChunk } from './chunks/run-chunk.ts'
import { decodeCounterChunk } from './chunks/counter-chunk.ts'
import { type DecodedStates, decodedStates } from './decoded-states.ts'
import { goroutineLodSpans } from './goroutine-lod.ts'
import { LodMerger, SpanBuilder } from './lod-merger.ts'

// The ingest's stored levels of detail (build/lod.ts) and the tests import the merge from here.
export { LodMerger, SpanBuilder, type SpanSink } from './lod-merger.ts'

const stmt = cachedStatement

/** Resolutions are powers of two, so that a pan at the same zoom asks the same question. */
export function quantizeResolution(nsPerPx: number): number {
  return 2 ** Math.max(0, Math.floor(Math.log2(Math.max(1, nsPerPx))))
}

const TABLES = {
  goroutine: { table: 'goroutine_state_chunks', key: 'gid' },
  proc: { table: 'proc_run_chunks', key: 'p' },
  thread: { table: 'thread_run_chunks', key: 'm' },
} as const

export interface ChunkMeta {
  seq: number
  start_ns: number
  end_ns: number
  count: number
  busy_ns: number
}

/** The coarsest stored level of detail (log2 ns) no coarser than `res`, if any. */
function lodLevel(res: number): number | undefined {
  let best: number | undefined
  for (const level of LOD_LEVELS) if (2 ** level <= res) best = level
  return best
}

export function spanSource(kind: SpanTrackKind, key: number): ChunkSource {
  const t = TABLES[kind]
  return { table: t.table, where: `${t.key} = ?`, params: [key], busy: 'busy_ns' }
}

/** Chunks of a track that overlap [startNs, endNs], from the covering index (no blobs read). */
export function overlappingChunks(
  db: Database.Database,
  src: ChunkSource,
  startNs: number,
  endNs: number,
): ChunkMeta[] {
  // Chunks of a track follow one another in time: the one in progress at startNs, then those
  // starting inside the window.
  const cols = `seq, start_ns, end_ns, count, ${src.busy} AS busy_ns`
  const before = stmt(
    db,
    `SELECT ${cols} FROM ${src.table}
     WHERE ${src.where} AND start_ns < ? ORDER BY start_ns DESC LIMIT 1`,
  ).get(...src.params, startNs) as ChunkMeta | undefined
  const inside = stmt(
    db,
    `SELECT ${cols} FROM ${src.table}
     WHERE ${src.where} AND start_ns >= ? AND start_ns <= ? ORDER BY start_ns`,
  ).all(...src.params, startNs, endNs) as ChunkMeta[]
  return before !== undefined && before.end_ns >= startNs ? [before, ...inside] : inside
}

/** One chunk's blob (chunkBlobs() reads a track's consecutive chunks faster). */
export function chunkData(db: Database.Database, src: ChunkSource, seq: number): Uint8Array {
  const row = stmt(db, `SELECT data FROM ${src.table} WHERE ${src.where} AND seq = ?`).get(
    ...src.params,
    seq,
  ) as { data: Uint8Array }
  return row.data
}

const COUNTER_SOURCE = (series: number): ChunkSource => ({
  table: 'counter_chunks',
  where: 'series = ?',
  params: [series],
  busy: '0',
})

/** One buffer for every run chunk a query decodes (dozens per query). */
let runScratch = allocRunColumns(ChunkWriter.SPANS_PER_CHUNK)

/**
 * Feeds a goroutine state chunk's intervals that overlap [fromNs, toNs] to `merge` (busy: time
 * running); intervals still open at the end of the trace end at `traceEndNs`.
 */
function mergeStates(
  merge: LodMerger,
  d: DecodedStates,
  traceEndNs: number,
  fromNs: number,
  toNs: number,
): void {
  for (let i = 0; i < d.count; i++) {
    const start = d.startNs[i]!
    const end = Number.isNaN(d.endNs[i]) ? traceEndNs : d.endNs[i]!
    if (end < fromNs || start > toNs) continue
    const st = d.state[i]!
    merge.add(start, end, st, d.reasonId[i]!, 1, st === 3 ? end - start : 0)
  }
}

/** Feeds a proc or thread run chunk's runs that overlap [fromNs, toNs] to `merge`. */
function mergeRunChunk(
  merge: LodMerger,
  data: Uint8Array,
  chunkStartNs: number,
  count: number,
  traceEndNs: number,
  fromNs: number,
  toNs: number,
): void {
  if (count > runScratch.count) runScratch = allocRunColumns(count)
  const r = runScratch
  const n = decodeRunChunk(data, chunkStartNs, r, 0)
  for (let i = 0; i < n; i++) {
    const start = r.startNs[i]!
    const end = Number.isNaN(r.endNs[i]) ? traceEndNs : r.endNs[i]!
    if (end < fromNs || start > toNs) continue
    merge.add(start, end, r.state[i]!, r.gid[i]!, 1, end - start)
  }
}

/**
 * The spans of one track in [startNs, endNs] at `nsPerPx` (quantized to a power of two).
 * `traceEndNs` closes spans still open at the end of the trace.
 */
export function querySpans(
  db: Database.Database,
  kind: SpanTrackKind,
  key: number,
  startNs: number,
  endNs: number,
  nsPerPx: number,
  traceEndNs: number,
): SpanBlock {
  const res = quantizeResolution(nsPerPx)
  const out = new SpanBuilder()
  const merge = new LodMerger(out, res)
  const level = lodLevel(res)
  if (kind === 'goroutine' && level !== undefined) {
    const pieces = goroutineLodSpans(db, key, level, traceEndNs, startNs, endNs)
    if (pieces !== undefined) {
      for (const lod of pieces) {
        for (let i = 0; i < lod.startNs.length; i++) {
          const start = lod.startNs[i]!
          const end = lod.endNs[i]!
          if (end < startNs || start > endNs) continue
          const busyNs = lod.busy[i]! * (end - start)
          merge.add(start, end, lod.code[i]!, lod.id[i]!, lod.count[i]!, busyNs)
        }
      }
      merge.flush()
      return out.finish()
    }
  }
  if (kind !== 'goroutine' && level !== undefined) {
    // Merged at ingest at a resolution at most this coarse: merge on to this one.
    const lod: ChunkSource = {
      table: 'lod_chunks',
      where: 'kind = ? AND level = ? AND key = ?',
      params: [kind === 'proc' ? 2 : 3, level, key],
      busy: 'busy_ns',
    }
    const chunks = overlappingChunks(db, lod, startNs, endNs)
    const blobs = chunkBlobs(
      db,
      lod,
      chunks.map((c) => c.seq),
    )
    chunks.forEach((c, k) => {
      const d = decodeLodChunk(blobs[k]!, c.start_ns)
      for (let i = 0; i < d.count; i++) {
        const start = d.startNs[i]!
        const end = d.endNs[i]!
        if (end < startNs || start > endNs) continue
        merge.add(start, end, d.code[i]!, d.id[i]!, d.spans[i]!, d.busy[i]! * (end - start))
      }
    })
    merge.flush()
    return out.finish()
  }
  const src = spanSource(kind, key)
  const chunks = overlappingChunks(db, src, startNs, endNs)
  const summarised = (c: ChunkMeta) => c.end_ns - c.start_ns < 2 * res && c.count > 1
  const read = chunks.filter((c) => !summarised(c))
  const states = kind === 'goroutine' ? decodedStates(db, key, read) : undefined
  const runs =
    states === undefined
      ? chunkBlobs(
          db,
          src,
          read.map((c) => c.seq),
        )
      : undefined
  let r = 0
  for (const c of chunks) {
    if (summarised(c)) {
      merge.add(c.start_ns, Math.max(c.end_ns, c.start_ns + 1), 0, -1, c.count, c.busy_ns)
    } else if (states !== undefined) {
      mergeStates(merge, states[r++]!, traceEndNs, startNs, endNs)
    } else {
      mergeRunChunk(merge, runs![r++]!, c.start_ns, c.count, traceEndNs, startNs, endNs)
    }
  }
  merge.flush()
  return out.finish()
}

interface CounterChunkMeta {
  seq: number
  start_ns: number
  end_ns: number
  min_value: number
  max_value: number
  last_value: number
}

/** A counter series in [startNs, endNs], reduced to min, max and last per pixel bucket. */
export function queryCounter(
  db: Database.Database,
  series: number,
  startNs: number,
  endNs: number,
  nsPerPx: number,
): CounterBlock {
  const res = quantizeResolution(nsPerPx)
  const out = new CounterBuckets(res)
  const level = counterLodLevel(res)
  if (level !== undefined) return queryCounterLod(db, series, level, startNs, endNs, out)
  const cols = 'seq, start_ns, end_ns, min_value, max_value, last_value'
  // The value in force at startNs is the last change before it.
  const before = stmt(
    db,
    `SELECT ${cols} FROM counter_chunks WHERE series = ? AND start_ns < ?
     ORDER BY start_ns DESC LIMIT 1`,
  ).get(series, startNs) as CounterChunkMeta | undefined
  const inside = stmt(
    db,
    `SELECT ${cols} FROM counter_chunks WHERE series = ? AND start_ns >= ? AND start_ns <= ?
     ORDER BY start_ns`,
  ).all(series, startNs, endNs) as CounterChunkMeta[]
  // Narrower than a pixel: the row's summary is all a view needs.
  const summarised = (c: CounterChunkMeta) => c.end_ns - c.start_ns < res && c.end_ns <= endNs
  const decoded = inside.filter((c) => !summarised(c))
  const blobs = chunkBlobs(
    db,
    COUNTER_SOURCE(series),
    [...(before === undefined ? [] : [before]), ...decoded].map((c) => c.seq),
  )
  let b = 0
  if (before !== undefined) {
    const d = decodeCounterChunk(blobs[b++]!, before.start_ns)
    let carried = before.last_value
    for (let i = 0; i < d.count && d.timeNs[i]! < startNs; i++) carried = d.value[i]!
    out.put(startNs, carried, carried, carried)
    for (let i = 0; i < d.count; i++) {
      const t = d.timeNs[i]!
      if (t >= startNs && t <= endNs) out.put(t, d.value[i]!, d.value[i]!, d.value[i]!)
    }
  }
  for (const c of inside) {
    if (summarised(c)) {
      out.put(c.start_ns, c.min_value, c.max_value, c.last_value)
      continue
    }
    const d = decodeCounterChunk(blobs[b++]!, c.start_ns)
    for (let i = 0; i < d.count && d.timeNs[i]! <= endNs; i++) {
      out.put(d.timeNs[i]!, d.value[i]!, d.value[i]!, d.value[i]!)
    }
  }
  return out.finish()
}

function counterLodLevel(res: number): number | undefined {
  let best: number | undefined
  for (const level of COUNTER_LOD_LEVELS) if (2 ** level <= res) best = level
  return best
}

/** A counter from its stored buckets of 2^level ns (see counter_lod_chunks). */
function queryCounterLod(
  db: Database.Database,
  series: number,
  level: number,
  startNs: number,
  endNs: number,
  out: CounterBuckets,
): CounterBlock {
  const src: ChunkSource = {
    table: 'counter_lod_chunks',
    where: 'series = ? AND level = ?',
    params: [series, level],
    busy: '0',
  }
  // The chunk in progress at startNs may end before it: its last bucket still sets the value.
  const before = stmt(
    db,
    `SELECT seq, start_ns FROM counter_lod_chunks WHERE series = ? AND level = ? AND start_ns < ?
     ORDER BY start_ns DESC LIMIT 1`,
  ).get(series, level, startNs) as { seq: number; start_ns: number } | undefined
  const inside = stmt(
    db,
    `SELECT seq, start_ns FROM counter_lod_chunks WHERE series = ? AND level = ?
     AND start_ns >= ? AND start_ns <= ? ORDER BY start_ns`,
  ).all(series, level, startNs, endNs) as { seq: number; start_ns: number }[]
  const chunks = before === undefined ? inside : [before, ...inside]
  const blobs = chunkBlobs(
    db,
    src,
    chunks.map((c) => c.seq),
  )
  let carried: number | undefined
  chunks.forEach((c, k) => {
    const d = decodeCounterLodChunk(blobs[k]!, c.start_ns)
    for (let i = 0; i < d.count; i++) {
      const t = d.timeNs[i]!
      if (t < startNs) {
        carried = d.last[i]!
        continue
      }
      if (t > endNs) break
      if (carried !== undefined) {
        out.put(startNs, carried, carried, carried)
        carried = undefined
      }
      out.put(t, d.min[i]!, d.max[i]!, d.last[i]!)
    }
  })
  if (carried !== undefined) out.put(startNs, carried, carried, carried)
  return out.finish()
}

/** Per-pixel-bucket min, max and last of a counter's values, in time order. */
class CounterBuckets {
  private readonly time: number[] = []
  private readonly min: number[] = []
  private readonly max: number[] = []
  private readonly last: number[] = []
  private bucket = NaN

  constructor(private readonly res: number) {}

  put(t: number, lo: number, hi: number, end: number): void {
    const b = Math.floor(t / this.res)
    const i = this.time.length - 1
    if (b === this.bucket) {
      if (lo < this.min[i]!) this.min[i] = lo
      if (hi > this.max[i]!) this.max[i] = hi
      this.last[i] = end
      return
    }
    this.bucket = b
    this.time.push(t)
    this.min.push(lo)
    this.max.push(hi)
    this.last.push(end)
  }

  finish(): CounterBlock {
    return {
      timeNs: Float64Array.from(this.time),
      min: Float64Array.from(this.min),
      max: Float64Array.from(this.max),
      last: Float64Array.from(this.last),
    }
  }
}
