import { TraceError } from '../errors.ts'
import { mulTicks } from '../event.ts'
import { specs } from '../spec.ts'
import { VarintReader } from '../varint.ts'
import type { Batch } from './batch.ts'
import { BaseEvent } from './order.ts'

/** Arguments after dt of each timed event type; -1 for types that cannot appear in an M batch. */
const timedArgCount = new Int8Array(256).fill(-1)
specs.forEach((spec, typ) => {
  if (spec !== undefined && spec.isTimedEvent && spec.args.length > 0) {
    timedArgCount[typ] = spec.args.length - 1
  }
})

/**
 * Reads one M's events across its batches in file order (Go's batchCursor). Times are converted
 * per delta, truncating each (Go's `freq.mul(dt) + last`), and kept relative to the reader's epoch
 * so they stay exact JS numbers.
 */
export class BatchCursor {
  readonly ev = new BaseEvent()
  /** The ordering's state of this M, cached here to spare a map lookup per event. */
  mState: { g: number; p: number } | undefined
  private idx = 0
  private readonly r = new VarintReader(new Uint8Array(0))
  private lastTs = 0
  /** Set on entering a batch: the next event's time is based on the batch's header time. */
  private rebase = true
  /** The relative time that is absolute 0: Go also re-bases whenever its last time is 0. */
  private readonly zeroRel: number

  constructor(
    readonly m: number,
    private readonly batches: readonly Batch[],
    private readonly nsPerTick: number,
    private readonly epochNs: bigint,
  ) {
    const first = batches[0]
    if (first !== undefined) this.r = new VarintReader(first.data)
    this.zeroRel = -Number(epochNs)
  }

  /** Decodes the next event into `ev`; false when the M has no more events in this generation. */
  next(): boolean {
    const r = this.r
    while (this.idx < this.batches.length && r.pos === r.end) {
      this.idx++
      this.rebase = true
      const b = this.batches[this.idx]
      if (b !== undefined) {
        r.buf = b.data
        r.pos = 0
        r.end = b.data.length
      }
    }
    if (this.idx === this.batches.length) return false
    const batch = this.batches[this.idx]!
    if (this.rebase || this.lastTs === this.zeroRel) {
      this.lastTs = Number(mulTicks(batch.time, this.nsPerTick) - this.epochNs)
      this.rebase = false
    }
    const ev = this.ev
    const typ = r.buf[r.pos]!
    const n = timedArgCount[typ]!
    if (n < 0) {
      throw new TraceError(
        specs[typ] === undefined
          ? `found invalid event type: ${typ}`
          : `found event without a timestamp: type=${typ}`,
        batch.offset + r.pos,
      )
    }
    const start = r.pos
    r.pos++
    const dt = r.uvarint()
    ev.a0 = n > 0 ? r.uvarint() : 0
    ev.a1 = n > 1 ? r.uvarint() : 0
    ev.a2 = n > 2 ? r.uvarint() : 0
    ev.a3 = n > 3 ? r.uvarint() : 0
    if (r.bad) throw new TraceError('found invalid uvarint', batch.offset + start)
    ev.type = typ
    const time = Math.trunc(dt * this.nsPerTick) + this.lastTs
    ev.time = time
    this.lastTs = time
    return true
  }
}

// The frontier heap, exactly as Go's (tie-breaking between equal times decides output order).

export function heapInsert(heap: BatchCursor[], bc: BatchCursor): void {
  heap.push(bc)
  heapSiftUp(heap, heap.length - 1)
}

export function heapUpdate(heap: BatchCursor[], i: number): void {
  if (heapSiftUp(heap, i) !== i) return
  heapSiftDown(heap, i)
}

export function heapRemove(heap: BatchCursor[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1
    swap(heap, p, i)
    i = p
  }
  swap(heap, 0, heap.length - 1)
  heap.pop()
  heapSiftDown(heap, 0)
}

function swap(heap: BatchCursor[], i: number, j: number): void {
  const t = heap[i]!
  heap[i] = heap[j]!
  heap[j] = t
}

function heapSiftUp(heap: BatchCursor[], i: number): number {
  while (i > 0 && heap[(i - 1) >> 1]!.ev.time > heap[i]!.ev.time) {
    const p = (i - 1) >> 1
    swap(heap, p, i)
    i = p
  }
  return i
}

function heapSiftDown(heap: BatchCursor[], i: number): number {
  for (;;) {
    const m = min3(heap, i, 2 * i + 1, 2 * i + 2)
    if (m === i) return i
    swap(heap, i, m)
    i = m
  }
}

function min3(b: BatchCursor[], i0: number, i1: number, i2: number): number {
  let minIdx = i0
  let minT = Infinity
  if (i0 < b.length) minT = b[i0]!.ev.time
  if (i1 < b.length && b[i1]!.ev.time < minT) {
    minT = b[i1]!.ev.time
    minIdx = i1
  }
  if (i2 < b.length && b[i2]!.ev.time < minT) {
    minIdx = i2
  }
  return minIdx
}
