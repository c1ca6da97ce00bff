import type { ChunkSink } from './chunk-sink.ts'
import type { Series } from './counters.ts'

/**
 * ChunkSink calls as fixed-size records (an opcode, then the arguments) in 8-byte slots, batched
 * into transferable buffers: the ingesting thread writes them (PipeChunkSink), a worker replays
 * them into an EncodingChunkSink (replayBatch). Times, goroutine and thread IDs and byte counts
 * are doubles, exact over the 64-bit range as in the calls themselves; the opcode, states, flags
 * and the IDs that are small by construction (P IDs, and the store's stack and string IDs) share
 * slots as 32-bit ints. A goroutine interval, most of the traffic, takes 9 slots instead of 14.
 */
const enum Op {
  State = 1,
  GoroutineEntered,
  GoroutineEnded,
  ProcRun,
  Counter,
  Range,
  FlushChunks,
  TraceStarted,
  TraceEnded,
  Finish,
}

/** Slots per batch: 1 MiB, a few thousand goroutine intervals. */
const BATCH_SLOTS = 1 << 17
/** Batches sent but not yet replayed before the writer waits: bounds the memory between them. */
const MAX_IN_FLIGHT = 16

/** Slots of the Int32Array (over a SharedArrayBuffer) both threads see. */
export const PipeSlot = {
  /** Batches the worker has replayed. */
  Replayed: 0,
  /** Set by the worker when it failed: the writer stops waiting and reports it. */
  Failed: 1,
} as const
export const PIPE_SLOTS = 2

export interface BatchPort {
  postMessage(message: { batch: ArrayBuffer; length: number }, transfer: ArrayBuffer[]): void
}

/** A batch's two views: slot k is f[k], or the ints i[2k] (the opcode's) and i[2k + 1]. */
class Batch {
  readonly f: Float64Array
  readonly i: Int32Array
  constructor(readonly buffer: ArrayBuffer) {
    this.f = new Float64Array(buffer)
    this.i = new Int32Array(buffer)
  }
}

export class PipeChunkSink implements ChunkSink {
  private b = new Batch(new ArrayBuffer(BATCH_SLOTS * 8))
  private n = 0
  private sent = 0
  /**
   * Buffers the worker sent back once replayed. Reusing them spares the page faults of fresh
   * memory (a new 1 MiB buffer is a new mapping, faulted in page by page as it is written).
   */
  private readonly spare: ArrayBuffer[] = []

  constructor(
    private readonly port: BatchPort,
    private readonly shared: Int32Array,
    /** Called while waiting for the worker, to tell a dead one from a slow one. */
    private readonly stalled: (waitedMs: number) => void,
  ) {}

  /** Room for a record of `size` slots; returns where it starts. */
  private reserve(size: number): number {
    if (this.n + size > BATCH_SLOTS) this.send()
    const at = this.n
    this.n += size
    return at
  }

  /** Sends the batch; blocks while the worker is MAX_IN_FLIGHT batches behind. */
  send(): void {
    if (this.n === 0) return
    const batch = this.b.buffer
    this.port.postMessage({ batch, length: this.n }, [batch])
    this.sent++
    this.b = new Batch(this.spare.pop() ?? new ArrayBuffer(BATCH_SLOTS * 8))
    this.n = 0
    let waitedMs = 0
    for (;;) {
      const replayed = Atomics.load(this.shared, PipeSlot.Replayed)
      if (this.sent - replayed <= MAX_IN_FLIGHT) return
      if (Atomics.load(this.shared, PipeSlot.Failed) !== 0) {
        throw new Error('the ingest worker failed')
      }
      // Node lets the main thread block; the timeout re-checks the failure flag.
      if (Atomics.wait(this.shared, PipeSlot.Replayed, replayed, 250) === 'timed-out') {
        waitedMs += 250
        this.stalled(waitedMs)
      }
    }
  }

  /** A replayed batch's buffer, back from the worker. */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === BATCH_SLOTS * 8) this.spare.push(buffer)
  }

  state(
    gid: number,
    state: number,
    flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    p: number,
    m: number,
    startStack: number,
    endStack: number,
    causeGid: number,
    blockedNs: number,
    nextState: number,
  ): void {
    const k = this.reserve(9)
    const { f, i } = this.b
    i[2 * k] = Op.State | (state << 8) | (flags << 16) | (nextState << 24)
    i[2 * k + 1] = reasonId
    i[2 * k + 2] = p
    i[2 * k + 3] = startStack
    i[2 * k + 4] = endStack
    f[k + 3] = m
    f[k + 4] = gid
    f[k + 5] = startNs
    f[k + 6] = endNs
    f[k + 7] = causeGid
    f[k + 8] = blockedNs
  }

  goroutineEntered(timeNs: number, state: number): void {
    this.withArg(Op.GoroutineEntered | (state << 8), timeNs)
  }

  goroutineEnded(gid: number): void {
    this.withArg(Op.GoroutineEnded, gid)
  }

  /** A record of an opcode (with small fields) and one double. */
  private withArg(head: number, x: number): void {
    const k = this.reserve(2)
    this.b.i[2 * k] = head
    this.b.f[k + 1] = x
  }

  procRun(p: number, startNs: number, endNs: number, gid: number, state: number): void {
    const k = this.reserve(4)
    const { f, i } = this.b
    i[2 * k] = Op.ProcRun | (state << 8)
    i[2 * k + 1] = p
    f[k + 1] = startNs
    f[k + 2] = endNs
    f[k + 3] = gid
  }

  counter(series: Series, timeNs: number, value: number): void {
    const k = this.reserve(3)
    const { f, i } = this.b
    i[2 * k] = Op.Counter
    i[2 * k + 1] = series
    f[k + 1] = timeNs
    f[k + 2] = value
  }

  range(
    kind: number,
    nameId: number,
    gid: number,
    p: number,
    flags: number,
    startNs: number,
    endNs: number,
    startStack: number,
    endStack: number,
    sweptBytes: number,
    reclaimedBytes: number,
  ): void {
    const k = this.reserve(8)
    const { f, i } = this.b
    i[2 * k] = Op.Range | (kind << 8) | (flags << 16)
    i[2 * k + 1] = nameId
    i[2 * k + 2] = p
    i[2 * k + 3] = startStack
    i[2 * k + 4] = endStack
    f[k + 3] = gid
    f[k + 4] = startNs
    f[k + 5] = endNs
    f[k + 6] = sweptBytes
    f[k + 7] = reclaimedBytes
  }

  flushChunks(): void {
    this.b.i[2 * this.reserve(1)] = Op.FlushChunks
  }

  traceStarted(timeNs: number): void {
    this.withArg(Op.TraceStarted, timeNs)
  }

  traceEnded(timeNs: number): void {
    this.withArg(Op.TraceEnded, timeNs)
  }

  /** Sends the last batch; the worker answers once it has written everything. */
  finish(): void {
    this.b.i[2 * this.reserve(1)] = Op.Finish
    this.send()
  }
}

/** Replays the first `length` slots of a batch into `sink`; true if it ended with finish(). */
export function replayBatch(buffer: ArrayBuffer, length: number, sink: ChunkSink): boolean {
  const { f, i } = new Batch(buffer)
  let k = 0
  while (k < length) {
    const head = i[2 * k]!
    const byte1 = (head >> 8) & 0xff
    switch ((head & 0xff) as Op) {
      case Op.State:
        sink.state(
          f[k + 4]!,
          byte1,
          (head >> 16) & 0xff,
          i[2 * k + 1]!,
          f[k + 5]!,
          f[k + 6]!,
          i[2 * k + 2]!,
          f[k + 3]!,
          i[2 * k + 3]!,
          i[2 * k + 4]!,
          f[k + 7]!,
          f[k + 8]!,
          head >>> 24,
        )
        k += 9
        break
      case Op.GoroutineEntered:
        sink.goroutineEntered(f[k + 1]!, byte1)
        k += 2
        break
      case Op.GoroutineEnded:
        sink.goroutineEnded(f[k + 1]!)
        k += 2
        break
      case Op.ProcRun:
        sink.procRun(i[2 * k + 1]!, f[k + 1]!, f[k + 2]!, f[k + 3]!, byte1)
        k += 4
        break
      case Op.Counter:
        sink.counter(i[2 * k + 1]!, f[k + 1]!, f[k + 2]!)
        k += 3
        break
      case Op.Range:
        sink.range(
          byte1,
          i[2 * k + 1]!,
          f[k + 3]!,
          i[2 * k + 2]!,
          (head >> 16) & 0xff,
          f[k + 4]!,
          f[k + 5]!,
          i[2 * k + 3]!,
          i[2 * k + 4]!,
          f[k + 6]!,
          f[k + 7]!,
        )
        k += 8
        break
      case Op.FlushChunks:
        sink.flushChunks()
        k += 1
        break
      case Op.TraceStarted:
        sink.traceStarted(f[k + 1]!)
        k += 2
        break
      case Op.TraceEnded:
        sink.traceEnded(f[k + 1]!)
        k += 2
        break
      case Op.Finish:
        sink.finish()
        return true
      default:
        throw new Error(`corrupt chunk pipe record ${head} at slot ${k}`)
    }
  }
  return false
}
