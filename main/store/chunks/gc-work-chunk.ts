import { SpanChunkEncoder, SpanCursor } from './span-encoder.ts'

/**
 * Sweeps (per P) and mark assists (per goroutine): gc_work_chunks. A busy program sweeps or
 * assists about once per microsecond, too often for a table row each.
 */
export interface GcWorkColumns {
  readonly count: number
  readonly startNs: Float64Array
  /** NaN for a range still going at the end of the trace. */
  readonly endNs: Float64Array
  /** Bit 0: began before the trace did (startNs is when the trace first saw it). */
  readonly flags: Uint8Array
  /** An assist's P (of its begin event); -1 for a sweep. */
  readonly p: Int32Array
  /** -1 for none. */
  readonly startStack: Int32Array
  readonly endStack: Int32Array
  /** NaN if unknown (always, for assists). */
  readonly sweptBytes: Float64Array
  readonly reclaimedBytes: Float64Array
}

/** Byte counts as stored: `x` + 1, or 0 for NaN (unknown). */
const plusOne = (x: number) => (Number.isNaN(x) ? 0 : x + 1)
const minusOne = (u: number) => (u === 0 ? NaN : u - 1)

export class GcWorkChunkEncoder extends SpanChunkEncoder {
  /** `endNs` NaN: still going when the trace ended; stacks -1 and byte counts NaN: none. */
  add(
    startNs: number,
    endNs: number,
    flags: number,
    p: number,
    startStack: number,
    endStack: number,
    sweptBytes: number,
    reclaimedBytes: number,
  ): void {
    this.times(startNs, endNs)
    this.w.byte(flags)
    this.w.svarint(p)
    this.w.uvarint(startStack + 1)
    this.w.uvarint(endStack + 1)
    this.w.uvarint(plusOne(sweptBytes))
    this.w.uvarint(plusOne(reclaimedBytes))
    this.done(startNs, endNs, true)
  }
}

export function allocGcWorkColumns(count: number): GcWorkColumns {
  return {
    count,
    startNs: new Float64Array(count),
    endNs: new Float64Array(count),
    flags: new Uint8Array(count),
    p: new Int32Array(count),
    startStack: new Int32Array(count),
    endStack: new Int32Array(count),
    sweptBytes: new Float64Array(count),
    reclaimedBytes: new Float64Array(count),
  }
}

/** Decodes a chunk into `out` from index `at`; returns the index after its last range. */
export function decodeGcWorkChunk(
  data: Uint8Array,
  startNs: number,
  out: GcWorkColumns,
  at: number,
): number {
  const c = new SpanCursor(data, startNs)
  let i = at
  while (!c.done) {
    c.times()
    out.startNs[i] = c.startNs
    out.endNs[i] = c.endNs
    out.flags[i] = c.byte()
    out.p[i] = c.svarint()
    out.startStack[i] = c.uvarint() - 1
    out.endStack[i] = c.uvarint() - 1
    out.sweptBytes[i] = minusOne(c.uvarint())
    out.reclaimedBytes[i] = minusOne(c.uvarint())
    i++
  }
  return i
}
