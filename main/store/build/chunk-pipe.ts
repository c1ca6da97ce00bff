import type { ChunkSink } from './chunk-sink.ts'
import type { Series } from './counters.ts'

/**
 * ChunkSink calls as fixed-size records of doubles (an opcode, then the arguments), batched into
 * transferable buffers: the ingesting thread writes them (PipeChunkSink), a worker replays them
 * into an EncodingChunkSink (replayBatch). Doubles keep 64-bit-range IDs and times exact, as the
 * calls themselves do.
 */
const enum Op {
  State = 1,
  GoroutineEntered,
  GoroutineEnded,
  ProcRun,
  Counter,
  Range,
  FlushChunks,
  TraceEnded,
  Finish,
}

/** Doubles per batch: 1 MiB, a few thousand goroutine intervals. */
const BATCH_DOUBLES = 1 << 17
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

export class PipeChunkSink implements ChunkSink {
  private buf = new Float64Array(BATCH_DOUBLES)
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

  /** Room for a record of `size` doubles; returns where it starts. */
  private reserve(size: number): number {
    if (this.n + size > BATCH_DOUBLES) this.send()
    const at = this.n
    this.n += size
    return at
  }

  /** Sends the batch; blocks while the worker is MAX_IN_FLIGHT batches behind. */
  send(): void {
    if (this.n === 0) return
    const batch = this.buf.buffer
    this.port.postMessage({ batch, length: this.n }, [batch])
    this.sent++
    const reuse = this.spare.pop()
    this.buf = reuse === undefined ? new Float64Array(BATCH_DOUBLES) : new Float64Array(reuse)
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
    if (buffer.byteLength === BATCH_DOUBLES * 8) this.spare.push(buffer)
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
    const i = this.reserve(14)
    const b = this.buf
    b[i] = Op.State
    b[i + 1] = gid
    b[i + 2] = state
    b[i + 3] = flags
    b[i + 4] = reasonId
    b[i + 5] = startNs
    b[i + 6] = endNs
    b[i + 7] = p
    b[i + 8] = m
    b[i + 9] = startStack
    b[i + 10] = endStack
    b[i + 11] = causeGid
    b[i + 12] = blockedNs
    b[i + 13] = nextState
  }

  goroutineEntered(timeNs: number, state: number): void {
    const i = this.reserve(3)
    const b = this.buf
    b[i] = Op.GoroutineEntered
    b[i + 1] = timeNs
    b[i + 2] = state
  }

  goroutineEnded(gid: number): void {
    this.withArg(Op.GoroutineEnded, gid)
  }

  /** A record of an opcode and one argument. */
  private withArg(op: Op, x: number): void {
    const i = this.reserve(2)
    this.buf[i] = op
    this.buf[i + 1] = x
  }

  procRun(p: number, startNs: number, endNs: number, gid: number, state: number): void {
    const i = this.reserve(6)
    const b = this.buf
    b[i] = Op.ProcRun
    b[i + 1] = p
    b[i + 2] = startNs
    b[i + 3] = endNs
    b[i + 4] = gid
    b[i + 5] = state
  }

  counter(series: Series, timeNs: number, value: number): void {
    const i = this.reserve(4)
    const b = this.buf
    b[i] = Op.Counter
    b[i + 1] = series
    b[i + 2] = timeNs
    b[i + 3] = value
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
    const i = this.reserve(12)
    const b = this.buf
    b[i] = Op.Range
    b[i + 1] = kind
    b[i + 2] = nameId
    b[i + 3] = gid
    b[i + 4] = p
    b[i + 5] = flags
    b[i + 6] = startNs
    b[i + 7] = endNs
    b[i + 8] = startStack
    b[i + 9] = endStack
    b[i + 10] = sweptBytes
    b[i + 11] = reclaimedBytes
  }

  flushChunks(): void {
    this.buf[this.reserve(1)] = Op.FlushChunks
  }

  traceEnded(timeNs: number): void {
    this.withArg(Op.TraceEnded, timeNs)
  }

  /** Sends the last batch; the worker answers once it has written everything. */
  finish(): void {
    this.buf[this.reserve(1)] = Op.Finish
    this.send()
  }
}

/** Replays a batch into `sink`; true if it ended with finish(). */
export function replayBatch(b: Float64Array, sink: ChunkSink): boolean {
  let i = 0
  while (i < b.length) {
    switch (b[i] as Op) {
      case Op.State:
        sink.state(
          b[i + 1]!,
          b[i + 2]!,
          b[i + 3]!,
          b[i + 4]!,
          b[i + 5]!,
          b[i + 6]!,
          b[i + 7]!,
          b[i + 8]!,
          b[i + 9]!,
          b[i + 10]!,
          b[i + 11]!,
          b[i + 12]!,
          b[i + 13]!,
        )
        i += 14
        break
      case Op.GoroutineEntered:
        sink.goroutineEntered(b[i + 1]!, b[i + 2]!)
        i += 3
        break
      case Op.GoroutineEnded:
        sink.goroutineEnded(b[i + 1]!)
        i += 2
        break
      case Op.ProcRun:
        sink.procRun(b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!)
        i += 6
        break
      case Op.Counter:
        sink.counter(b[i + 1]!, b[i + 2]!, b[i + 3]!)
        i += 4
        break
      case Op.Range:
        sink.range(
          b[i + 1]!,
          b[i + 2]!,
          b[i + 3]!,
          b[i + 4]!,
          b[i + 5]!,
          b[i + 6]!,
          b[i + 7]!,
          b[i + 8]!,
          b[i + 9]!,
          b[i + 10]!,
          b[i + 11]!,
        )
        i += 12
        break
      case Op.FlushChunks:
        sink.flushChunks()
        i += 1
        break
      case Op.TraceEnded:
        sink.traceEnded(b[i + 1]!)
        i += 2
        break
      case Op.Finish:
        sink.finish()
        return true
      default:
        throw new Error(`corrupt chunk pipe record ${b[i]} at ${i}`)
    }
  }
  return false
}
