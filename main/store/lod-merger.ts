import type { SpanBlock } from '../../common/timeline-api.ts'

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
 *
 * A merger may feed a coarser one (`down`), as the stored levels of detail are built: the coarser
 * level then merges this one's groups of spans exactly as it would merge the spans themselves
 * (it gets them unwidened, with their longest span), at a fraction of the calls.
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
    private readonly down?: LodMerger,
  ) {}

  /** A span (count 1) or a pre-summarised run of `count` spans (code 0; its longest unknown). */
  add(start: number, end: number, code: number, id: number, count: number, busyNs: number): void {
    if (count === 1) this.merge(start, end, 1, busyNs, end - start, code, id)
    else this.merge(start, end, count, busyNs, -1, 0, id)
  }

  /** `count` spans from `start` to `end`, of which the longest (-1: unknown) has `code` and `id`. */
  private merge(
    start: number,
    end: number,
    count: number,
    busyNs: number,
    longest: number,
    code: number,
    id: number,
  ): void {
    if (count === 1 && end - start >= this.res) {
      this.flush(start)
      this.out.push(start, end, code, id, 1, 1)
      this.down?.merge(start, end, 1, busyNs, longest, code, id)
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
    if (longest > this.longest) {
      this.longest = longest
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
    this.down?.merge(
      this.start,
      this.end,
      this.count,
      this.busyNs,
      this.longest,
      this.code,
      this.id,
    )
  }
}
