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
import { decodeLodChunk } from './chunks/lod-chunk.ts'
import { COUNTER_LOD_LEVELS, decodeCounterLodChunk } from './chunks/counter-lod.ts'
import { LOD_LEVELS } from './build/lod.ts'
import { allocStateColumns, decodeStateChunk } from './chunks/goroutine-chunk.ts'
import { allocRunColumns, decodeRunChunk } from './chunks/run-chunk.ts'
import { decodeCounterChunk } from './chunks/counter-chunk.ts'

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

/** Where merged spans go: a query's result columns, or level-of-detail chunks at ingest. */
export interface SpanSink {
  push(start: number, end: number, code: number, id: number, count: number, busy: number): void
}

/** Growable columns that the merge appends to. */
export class SpanBuilder implements SpanSink {
  n = 0
  startNs = new Float64Array(64)
  endNs = new Float64Array(64)
  code = new Uint8Array(64)
  id = new Int32Array(64)
  count = new Uint32Array(64)
  busy = new Float32Array(64)

  push(start: number, end: number, code: number, id: number, count: number, busy: number): void {
    if (this.n === this.startNs.length) this.grow()
    const i = this.n++
    this.startNs[i] = start
    this.endNs[i] = end
    this.code[i] = code
    this.id[i] = id
    this.count[i] = count
    this.busy[i] = busy
  }

  private grow(): void {
    const size = this.startNs.length * 2
    const g = <T extends Float64Array | Uint8Array | Int32Array | Uint32Array | Float32Array>(
      a: T,
      make: new (n: number) => T,
    ): T => {
      const b = new make(size)
      b.set(a)
      return b
    }
    this.startNs = g(this.startNs, Float64Array)
    this.endNs = g(this.endNs, Float64Array)
    this.code = g(this.code, Uint8Array)
    this.id = g(this.id, Int32Array)
    this.count = g(this.count, Uint32Array)
    this.busy = g(this.busy, Float32Array)
  }

  finish(): SpanBlock {
    return {
      startNs: this.startNs.slice(0, this.n),
      endNs: this.endNs.slice(0, this.n),
      code: this.code.slice(0, this.n),
      id: this.id.slice(0, this.n),
      count: this.count.slice(0, this.n),
      busy: this.busy.slice(0, this.n),
    }
  }
}

/**
 * Merges spans (in time order) narrower than `res` ns that lie less than `res` apart into one
 * summary span; wider spans pass through. A summary shows its longest span's code and id.
 */
export class LodMerger {
  private open = false
  private start = 0
  private end = 0
  private count = 0
  private busyNs = 0
  private longest = -1
  private code = 0
  private id = 0

  constructor(
    private readonly out: SpanSink,
    private readonly res: number,
  ) {}

  /** A span (count 1) or a pre-summarised run of `count` spans (code 0). */
  add(start: number, end: number, code: number, id: number, count: number, busyNs: number): void {
    const dur = end - start
    if (dur >= this.res && count === 1) {
      this.flush(start)
      this.out.push(start, end, code, id, 1, 1)
      return
    }
    if (this.open && start - this.end < this.res) {
      if (end > this.end) this.end = end
      this.count += count
      this.busyNs += busyNs
    } else {
      this.flush(start)
      this.open = true
      this.start = start
      this.end = end
      this.count = count
      this.busyNs = busyNs
      this.longest = -1
    }
    if (count === 1 && dur > this.longest) {
      this.longest = dur
      this.code = code
      this.id = id
    }
  }

  /**
   * Emits the pending run, widened to a pixel so it stays visible, but not past `nextStart`,
   * where the next span begins.
   */
  flush(nextStart = Infinity): void {
    if (!this.open) return
    this.open = false
    const end = Math.max(this.end, Math.min(this.start + this.res, nextStart))
    const span = this.end - this.start
    if (this.count === 1) {
      this.out.push(this.start, end, this.code, this.id, 1, 1)
    } else {
      const busy = span > 0 ? Math.min(1, this.busyNs / span) : 1
      this.out.push(this.start, end, 0, this.longest >= 0 ? this.id : -1, this.count, busy)
    }
  }
}

/** The coarsest stored level of detail (log2 ns) no coarser than `res`, if any. */
function lodLevel(res: number): number | undefined {
  let best: number | undefined
  for (const level of LOD_LEVELS) if (2 ** level <= res) best = level
  return best
}

/** Where a track's chunks are: a table, and the columns and values that select the track. */
export interface ChunkSource {
  table: string
  /** e.g. "p = ?" or "kind = ? AND level = ? AND key = ?" */
  where: string
  params: number[]
  /** busy_ns, or an expression standing in for it. */
  busy: string
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

/**
 * Feeds a goroutine state chunk's intervals that overlap [fromNs, toNs] to `merge` (busy: time
 * running); intervals still open at the end of the trace end at `traceEndNs`.
 */
function mergeStateChunk(
  merge: LodMerger,
  data: Uint8Array,
  chunkStartNs: number,
  count: number,
  traceEndNs: number,
  fromNs = -Infinity,
  toNs = Infinity,
): void {
  const s = allocStateColumns(count)
  const n = decodeStateChunk(data, chunkStartNs, s, 0)
  for (let i = 0; i < n; i++) {
    const start = s.startNs[i]!
    const end = Number.isNaN(s.endNs[i]) ? traceEndNs : s.endNs[i]!
    if (end < fromNs || start > toNs) continue
    const st = s.state[i]!
    merge.add(start, end, st, s.reasonId[i]!, 1, st === 3 ? end - start : 0)
  }
}

/**
 * Levels of detail of busy goroutines, made on first use and kept: procs and threads have theirs
 * stored at ingest, but there are too many goroutines for that, and few are ever zoomed out on.
 */
const goroutineLods = new WeakMap<Database.Database, Map<string, SpanBlock>>()
const GOROUTINE_LOD_CACHE = 4096
/** Goroutines with fewer chunks than this are cheap enough to read whole at any zoom. */
const GOROUTINE_LOD_MIN_CHUNKS = 4

function goroutineLod(
  db: Database.Database,
  gid: number,
  level: number,
  traceEndNs: number,
): SpanBlock | undefined {
  let cache = goroutineLods.get(db)
  if (cache === undefined) goroutineLods.set(db, (cache = new Map<string, SpanBlock>()))
  const key = `${gid}:${level}`
  const hit = cache.get(key)
  if (hit !== undefined) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(key)
    cache.set(key, hit)
    return hit
  }
  const chunks = stmt(db, 'SELECT count(*) AS n FROM goroutine_state_chunks WHERE gid = ?').get(
    gid,
  ) as {
    n: number
  }
  if (chunks.n < GOROUTINE_LOD_MIN_CHUNKS) return undefined
  const out = new SpanBuilder()
  const merge = new LodMerger(out, 2 ** level)
  const src = spanSource('goroutine', gid)
  const rows = stmt(
    db,
    'SELECT seq, start_ns, count FROM goroutine_state_chunks WHERE gid = ? ORDER BY seq',
  ).all(gid) as { seq: number; start_ns: number; count: number }[]
  for (const c of rows) {
    mergeStateChunk(merge, chunkData(db, src, c.seq), c.start_ns, c.count, traceEndNs)
  }
  merge.flush()
  const block = out.finish()
  cache.set(key, block)
  if (cache.size > GOROUTINE_LOD_CACHE) cache.delete(cache.keys().next().value!)
  return block
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
    const lod = goroutineLod(db, key, level, traceEndNs)
    if (lod !== undefined) {
      for (let i = 0; i < lod.startNs.length; i++) {
        const start = lod.startNs[i]!
        const end = lod.endNs[i]!
        if (end < startNs || start > endNs) continue
        merge.add(start, end, lod.code[i]!, lod.id[i]!, lod.count[i]!, lod.busy[i]! * (end - start))
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
    for (const c of overlappingChunks(db, lod, startNs, endNs)) {
      const d = decodeLodChunk(chunkData(db, lod, c.seq), c.start_ns)
      for (let i = 0; i < d.count; i++) {
        const start = d.startNs[i]!
        const end = d.endNs[i]!
        if (end < startNs || start > endNs) continue
        merge.add(start, end, d.code[i]!, d.id[i]!, d.spans[i]!, d.busy[i]! * (end - start))
      }
    }
    merge.flush()
    return out.finish()
  }
  const src = spanSource(kind, key)
  for (const c of overlappingChunks(db, src, startNs, endNs)) {
    if (c.end_ns - c.start_ns < 2 * res && c.count > 1) {
      merge.add(c.start_ns, Math.max(c.end_ns, c.start_ns + 1), 0, -1, c.count, c.busy_ns)
      continue
    }
    const data = chunkData(db, src, c.seq)
    if (kind === 'goroutine') {
      mergeStateChunk(merge, data, c.start_ns, c.count, traceEndNs, startNs, endNs)
    } else {
      const r = allocRunColumns(c.count)
      const n = decodeRunChunk(data, c.start_ns, r, 0)
      for (let i = 0; i < n; i++) {
        const start = r.startNs[i]!
        const end = Number.isNaN(r.endNs[i]) ? traceEndNs : r.endNs[i]!
        if (end < startNs || start > endNs) continue
        merge.add(start, end, r.state[i]!, r.gid[i]!, 1, end - start)
      }
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
  if (before !== undefined) {
    const d = decodeCounterChunk(chunkData(db, COUNTER_SOURCE(series), before.seq), before.start_ns)
    let carried = before.last_value
    for (let i = 0; i < d.count && d.timeNs[i]! < startNs; i++) carried = d.value[i]!
    out.put(startNs, carried, carried, carried)
    for (let i = 0; i < d.count; i++) {
      const t = d.timeNs[i]!
      if (t >= startNs && t <= endNs) out.put(t, d.value[i]!, d.value[i]!, d.value[i]!)
    }
  }
  for (const c of inside) {
    if (c.end_ns - c.start_ns < res && c.end_ns <= endNs) {
      // Narrower than a pixel: the row's summary is all a view needs.
      out.put(c.start_ns, c.min_value, c.max_value, c.last_value)
      continue
    }
    const d = decodeCounterChunk(chunkData(db, COUNTER_SOURCE(series), c.seq), c.start_ns)
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
  let carried: number | undefined
  for (const c of before === undefined ? inside : [before, ...inside]) {
    const d = decodeCounterLodChunk(chunkData(db, src, c.seq), c.start_ns)
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
  }
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
