import type { TableWriter } from '../table-writer.ts'
import { VarintCursor, VarintWriter } from './varint-buffer.ts'

/** Levels (log2 ns) of counter detail: one bucket per 65 µs, 1 ms and 16.8 ms. */
export const COUNTER_LOD_LEVELS: readonly number[] = [16, 20, 24]
const BUCKETS_PER_CHUNK = 4096
const BUCKET_NS = COUNTER_LOD_LEVELS.map((level) => 2 ** level)

/** Buckets of a counter level: min, max and last value of the changes within each. */
export interface CounterLodColumns {
  count: number
  timeNs: Float64Array
  min: Float64Array
  max: Float64Array
  last: Float64Array
}

class Level {
  readonly w = new VarintWriter()
  seq = 0
  count = 0
  chunkStart = 0
  prevTime = 0
  prevLast = 0
  // The bucket being filled (its bounds compared instead of dividing each time).
  bucket = NaN
  bucketStartNs = NaN
  bucketEndNs = NaN
  time = 0
  min = 0
  max = 0
  last = 0

  start(bucket: number, bucketNs: number, timeNs: number, value: number): void {
    this.bucket = bucket
    this.bucketStartNs = bucket * bucketNs
    this.bucketEndNs = this.bucketStartNs + bucketNs
    this.time = timeNs
    this.min = value
    this.max = value
    this.last = value
  }

  update(value: number): void {
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    this.last = value
  }

  /** Takes in a finer level's bucket (one within this bucket, after those taken before). */
  merge(finer: Level): void {
    if (finer.min < this.min) this.min = finer.min
    if (finer.max > this.max) this.max = finer.max
    this.last = finer.last
  }
}

/**
 * Counter series reduced to min, max and last per bucket at coarse levels (counter_lod_chunks,
 * written at once like CounterChunkWriter's rows),
 * so a zoomed-out view of a series with millions of changes reads thousands of buckets. A change
 * goes into the finest level's bucket; a bucket, once complete, goes into the next level's (the
 * levels' buckets nest), so each change costs one level's work.
 */
export class CounterLodWriter {
  private readonly levels: (Level[] | undefined)[] = []

  constructor(private readonly rows: TableWriter) {}

  add(series: number, timeNs: number, value: number): void {
    let levels = this.levels[series]
    if (levels === undefined)
      this.levels[series] = levels = COUNTER_LOD_LEVELS.map(() => new Level())
    const l = levels[0]!
    if (timeNs >= l.bucketStartNs && timeNs < l.bucketEndNs) return l.update(value)
    if (!Number.isNaN(l.bucket)) this.complete(series, levels, 0)
    l.start(Math.floor(timeNs / BUCKET_NS[0]!), BUCKET_NS[0]!, timeNs, value)
  }

  /** Level i's bucket is complete: writes it and takes it into the next level's. */
  private complete(series: number, levels: Level[], i: number): void {
    const l = levels[i]!
    this.emit(series, i, l)
    const up = levels[i + 1]
    if (up === undefined) return
    if (l.time >= up.bucketStartNs && l.time < up.bucketEndNs) return up.merge(l)
    if (!Number.isNaN(up.bucket)) this.complete(series, levels, i + 1)
    up.start(Math.floor(l.time / BUCKET_NS[i + 1]!), BUCKET_NS[i + 1]!, l.time, l.min)
    up.merge(l)
  }

  private emit(series: number, level: number, l: Level): void {
    if (l.count === 0) {
      l.chunkStart = l.time
      l.prevTime = l.time
      l.prevLast = 0
    }
    l.w.svarint(l.time - l.prevTime)
    l.w.svarint(l.min - l.prevLast)
    l.w.uvarint(l.max - l.min)
    l.w.uvarint(l.last - l.min)
    l.prevTime = l.time
    l.prevLast = l.last
    if (++l.count === BUCKETS_PER_CHUNK) this.write(series, level, l)
  }

  private write(series: number, level: number, l: Level): void {
    this.rows.add(
      series,
      COUNTER_LOD_LEVELS[level]!,
      l.seq++,
      l.chunkStart,
      l.prevTime,
      l.count,
      l.w.takeView(),
    )
    l.count = 0
  }

  finish(): void {
    for (const [series, levels] of this.levels.entries()) {
      if (levels === undefined) continue
      // The buckets still open, finest first: each completes into the next.
      levels.forEach((l, i) => {
        if (!Number.isNaN(l.bucket)) this.complete(series, levels, i)
        l.bucket = l.bucketStartNs = l.bucketEndNs = NaN
        if (l.count > 0) this.write(series, i, l)
      })
    }
  }
}

export function decodeCounterLodChunk(data: Uint8Array, startNs: number): CounterLodColumns {
  // A bucket takes at least 4 bytes: a bound on the count, for arrays written in place.
  const cap = data.length >> 2
  const timeNs = new Float64Array(cap)
  const min = new Float64Array(cap)
  const max = new Float64Array(cap)
  const last = new Float64Array(cap)
  const c = new VarintCursor(data)
  let t = startNs
  let prevLast = 0
  let n = 0
  while (!c.done) {
    t += c.svarint()
    const lo = prevLast + c.svarint()
    timeNs[n] = t
    min[n] = lo
    max[n] = lo + c.uvarint()
    prevLast = lo + c.uvarint()
    last[n] = prevLast
    n++
  }
  return {
    count: n,
    timeNs: timeNs.subarray(0, n),
    min: min.subarray(0, n),
    max: max.subarray(0, n),
    last: last.subarray(0, n),
  }
}
