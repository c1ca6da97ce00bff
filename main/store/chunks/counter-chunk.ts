import type { TableWriter } from '../table-writer.ts'
import type { CounterLodWriter } from './counter-lod.ts'
import { VarintCursor, VarintWriter } from './varint-buffer.ts'

const POINTS_PER_CHUNK = 4096

/** Changes of one counter series, decoded. */
export interface CounterColumns {
  readonly count: number
  readonly timeNs: Float64Array
  readonly value: Float64Array
}

class SeriesChunk {
  readonly w = new VarintWriter()
  count = 0
  startNs = 0
  lastNs = 0
  lastValue = 0
  min = Infinity
  max = -Infinity
  seq = 0
}

/**
 * Writes counter changes as counter_chunks rows (see native-schema/store.sql), at once (a
 * TableWriter with batchRows 1: a chunk's bytes are not copied out of the buffer it reuses).
 */
export class CounterChunkWriter {
  private readonly open: (SeriesChunk | undefined)[] = []

  constructor(
    private readonly rows: TableWriter,
    private readonly lod?: CounterLodWriter,
  ) {}

  add(series: number, timeNs: number, value: number): void {
    this.lod?.add(series, timeNs, value)
    let c = this.open[series]
    if (c === undefined) this.open[series] = c = new SeriesChunk()
    if (c.count > 0 && value === c.lastValue) return
    if (c.count === 0) {
      c.startNs = timeNs
      c.lastNs = timeNs
      c.lastValue = 0
    }
    c.w.svarint(timeNs - c.lastNs)
    c.w.svarint(value - c.lastValue)
    c.lastNs = timeNs
    c.lastValue = value
    if (value < c.min) c.min = value
    if (value > c.max) c.max = value
    if (++c.count === POINTS_PER_CHUNK) this.write(series, c)
  }

  private write(series: number, c: SeriesChunk): void {
    this.rows.add(
      series,
      c.seq++,
      c.startNs,
      c.lastNs,
      c.count,
      c.min,
      c.max,
      c.lastValue,
      c.w.takeView(),
    )
    c.count = 0
    c.min = Infinity
    c.max = -Infinity
  }

  finish(): void {
    this.lod?.finish()
    this.open.forEach((c, series) => {
      if (c !== undefined && c.count > 0) this.write(series, c)
    })
  }
}

export function decodeCounterChunk(data: Uint8Array, startNs: number): CounterColumns {
  // A change takes at least 2 bytes: a bound on the count, for arrays written in place.
  const cap = data.length >> 1
  const timeNs = new Float64Array(cap)
  const value = new Float64Array(cap)
  const cur = new VarintCursor(data)
  let t = startNs
  let v = 0
  let n = 0
  while (!cur.done) {
    t += cur.svarint()
    v += cur.svarint()
    timeNs[n] = t
    value[n] = v
    n++
  }
  return { count: n, timeNs: timeNs.subarray(0, n), value: value.subarray(0, n) }
}
