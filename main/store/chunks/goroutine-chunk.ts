import { SpanChunkEncoder } from './span-encoder.ts'
import { VarintCursor } from './varint-buffer.ts'

/** One goroutine state interval as the builder produces it (see goroutine_state_chunks). */
export interface StateInterval {
  state: number
  flags: number
  reasonId: number
  startNs: number
  /** null: still in the state when the trace ended. */
  endNs: number | null
  p: number
  m: number
  startStack: number | null
  endStack: number | null
  causeGid: number
  /** Syscalls: when the P was taken away; null if it was not. */
  blockedNs: number | null
}

/** Decoded intervals of one or more chunks, as columns. Times are ns since the trace start. */
export interface StateColumns {
  readonly count: number
  readonly startNs: Float64Array
  /** NaN for an interval still open at the end of the trace. */
  readonly endNs: Float64Array
  readonly state: Uint8Array
  readonly flags: Uint8Array
  readonly reasonId: Uint32Array
  /** -1 for none. */
  readonly startStack: Int32Array
  readonly endStack: Int32Array
  readonly p: Int32Array
  readonly m: Int32Array
  readonly causeGid: Int32Array
  /** NaN unless a syscall that blocked. */
  readonly blockedNs: Float64Array
}

const RUNNING = 3
const SYSCALL = 5

/** Encodes consecutive intervals of one goroutine into a chunk blob. */
export class StateChunkEncoder extends SpanChunkEncoder {
  add(iv: StateInterval): void {
    this.addFields(
      iv.state,
      iv.flags,
      iv.reasonId,
      iv.startNs,
      iv.endNs ?? NaN,
      iv.p,
      iv.m,
      iv.startStack ?? -1,
      iv.endStack ?? -1,
      iv.causeGid,
      iv.blockedNs ?? NaN,
    )
  }

  /**
   * add() without the object: the builder calls this once per interval of the whole trace.
   * Unknown times are NaN and missing stacks -1 (ChunkSink's conventions).
   */
  addFields(
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
  ): void {
    const w = this.w
    this.times(startNs, endNs)
    w.byte(state | (flags << 4))
    w.uvarint(reasonId)
    w.uvarint(startStack + 1)
    w.uvarint(endStack + 1)
    w.svarint(p)
    w.svarint(m)
    w.svarint(causeGid)
    if (state === SYSCALL) w.uvarint(Number.isNaN(blockedNs) ? 0 : blockedNs - startNs + 1)
    this.done(startNs, endNs, state === RUNNING)
  }
}
export function allocStateColumns(count: number): StateColumns {
  return {
    count,
    startNs: new Float64Array(count),
    endNs: new Float64Array(count),
    state: new Uint8Array(count),
    flags: new Uint8Array(count),
    reasonId: new Uint32Array(count),
    startStack: new Int32Array(count),
    endStack: new Int32Array(count),
    p: new Int32Array(count),
    m: new Int32Array(count),
    causeGid: new Int32Array(count),
    blockedNs: new Float64Array(count),
  }
}

/**
 * Decodes a chunk into `out` from index `at` on; returns the index after the last interval.
 * `startNs` is the chunk row's start_ns.
 */
export function decodeStateChunk(
  data: Uint8Array,
  startNs: number,
  out: StateColumns,
  at: number,
): number {
  const c = new VarintCursor(data)
  // Locals, not out.x: this loop runs once per interval of every analysis.
  const { startNs: starts, endNs: ends, state: states, flags, reasonId, startStack, endStack } = out
  const { p, m, causeGid, blockedNs } = out
  let prevEnd = startNs
  let i = at
  while (!c.done) {
    const start = prevEnd + c.svarint()
    const dur = c.uvarint()
    const sf = c.byte()
    const state = sf & 0x0f
    starts[i] = start
    ends[i] = dur === 0 ? NaN : start + dur - 1
    states[i] = state
    flags[i] = sf >> 4
    reasonId[i] = c.uvarint()
    startStack[i] = c.uvarint() - 1
    endStack[i] = c.uvarint() - 1
    p[i] = c.svarint()
    m[i] = c.svarint()
    causeGid[i] = c.svarint()
    if (state === SYSCALL) {
      const b = c.uvarint()
      blockedNs[i] = b === 0 ? NaN : start + b - 1
    } else {
      blockedNs[i] = NaN
    }
    prevEnd = dur === 0 ? start : start + dur - 1
    i++
  }
  return i
}

/** The columns a timeline draws of each interval (see StateColumns). */
export interface StateSpans {
  readonly count: number
  readonly startNs: Float64Array
  /** NaN for an interval still open at the end of the trace. */
  readonly endNs: Float64Array
  readonly state: Uint8Array
  readonly reasonId: Uint32Array
}

/**
 * decodeStateChunk() of the columns a timeline draws only, into arrays of their own (`count`:
 * the row's interval count): the timeline keeps these of every chunk of the goroutines it shows
 * (store/decoded-states.ts), and stepping over the other columns is cheaper than decoding them.
 */
export function decodeStateSpans(data: Uint8Array, startNs: number, count: number): StateSpans {
  const starts = new Float64Array(count)
  const ends = new Float64Array(count)
  const states = new Uint8Array(count)
  const reasonId = new Uint32Array(count)
  const c = new VarintCursor(data)
  let prevEnd = startNs
  let i = 0
  while (!c.done) {
    const start = prevEnd + c.svarint()
    const dur = c.uvarint()
    const state = c.byte() & 0x0f
    starts[i] = start
    ends[i] = dur === 0 ? NaN : start + dur - 1
    states[i] = state
    reasonId[i] = c.uvarint()
    // start_stack, end_stack, p, m, cause_gid, and a syscall's blocked_ns.
    c.skip()
    c.skip()
    c.skip()
    c.skip()
    c.skip()
    if (state === SYSCALL) c.skip()
    prevEnd = dur === 0 ? start : start + dur - 1
    i++
  }
  if (i !== count)
    throw new Error(`corrupt store: a state chunk holds ${i} intervals, not ${count}`)
  return { count, startNs: starts, endNs: ends, state: states, reasonId }
}
