import { VarintCursor, VarintWriter } from './varint-buffer.ts'

/**
 * What the span chunk encoders share: each span starts with its times (svarint start - previous
 * end; uvarint end - start + 1, or 0 for a span still open when the trace ended), and the chunk
 * keeps the summary its row stores (first start, last end, count, busy time).
 */
export abstract class SpanChunkEncoder {
  protected readonly w = new VarintWriter()
  protected prevEnd = 0
  count = 0
  firstStartNs = 0
  lastEndNs = 0
  busyNs = 0

  /**
   * Writes a span's times (`endNs` NaN: still open when the trace ended); the caller then writes
   * its other fields and calls `done`.
   */
  protected times(startNs: number, endNs: number): void {
    if (this.count === 0) {
      this.firstStartNs = startNs
      this.prevEnd = startNs
    }
    this.w.svarint(startNs - this.prevEnd)
    this.w.uvarint(Number.isNaN(endNs) ? 0 : endNs - startNs + 1)
  }

  protected done(startNs: number, endNs: number, busy: boolean): void {
    const end = Number.isNaN(endNs) ? startNs : endNs
    this.prevEnd = end
    if (end > this.lastEndNs) this.lastEndNs = end
    if (busy) this.busyNs += end - startNs
    this.count++
  }

  /** The chunk's bytes; the encoder is empty again afterwards, and reuses them with its next span. */
  take(): Uint8Array {
    this.count = 0
    this.lastEndNs = 0
    this.busyNs = 0
    return this.w.takeView()
  }
}

/** Reads back what SpanChunkEncoder wrote: `times()` for each span, then the span's own fields. */
export class SpanCursor extends VarintCursor {
  startNs = 0
  /** NaN: still open when the trace ended. */
  endNs = 0
  private prevEnd: number

  constructor(data: Uint8Array, chunkStartNs: number) {
    super(data)
    this.prevEnd = chunkStartNs
  }

  times(): void {
    const start = this.prevEnd + this.svarint()
    const dur = this.uvarint()
    this.startNs = start
    this.endNs = dur === 0 ? NaN : start + dur - 1
    this.prevEnd = dur === 0 ? start : start + dur - 1
  }
}
