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

const RUNNABLE = 2
const RUNNING = 3
const SYSCALL = 5

/** The head byte of an interval (see goroutine_state_chunks in native-schema/store.sql). */
const STATE_MASK = 0x07
const BEFORE_TRACE = 1 << 3
const GAP = 1 << 4
const START_STACK = 1 << 5
const PM = 1 << 6
const REASON = 1 << 7

/** Encodes consecutive intervals of one goroutine into a chunk blob. */
export class StateChunkEncoder extends SpanChunkEncoder {
  // What the next interval is compared with (the previous one's, or a row's defaults).
  private prevEndStack = -1
  private prevP = -1
  private prevM = -1

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
   * Unknown times are NaN and missing stacks -1 (ChunkSink's conventions). `flags` bit 0: the
   * interval began before the trace did; `causeGid` counts for runnable intervals only.
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
    if (this.count === 0) {
      this.firstStartNs = startNs
      this.prevEnd = startNs
      this.prevEndStack = -1
      this.prevP = -1
      this.prevM = -1
    }
    let head = state
    if ((flags & 1) !== 0) head |= BEFORE_TRACE
    if (startNs !== this.prevEnd) head |= GAP
    if (startStack !== this.prevEndStack) head |= START_STACK
    if (p !== this.prevP || m !== this.prevM) head |= PM
    if (reasonId !== 0) head |= REASON
    const w = this.w
    w.byte(head)
    if ((head & GAP) !== 0) w.svarint(startNs - this.prevEnd)
    w.uvarint(Number.isNaN(endNs) ? 0 : endNs - startNs + 1)
    if ((head & REASON) !== 0) w.uvarint(reasonId)
    if ((head & START_STACK) !== 0) w.uvarint(startStack + 1)
    w.uvarint(endStack + 1)
    if ((head & PM) !== 0) {
      w.svarint(p)
      w.svarint(m)
      this.prevP = p
      this.prevM = m
    }
    if (state === RUNNABLE) w.svarint(causeGid)
    else if (state === SYSCALL) w.uvarint(Number.isNaN(blockedNs) ? 0 : blockedNs - startNs + 1)
    this.prevEndStack = endStack
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
  let prevEndStack = -1
  let prevP = -1
  let prevM = -1
  let i = at
  while (!c.done) {
    const head = c.byte()
    const state = head & STATE_MASK
    const start = (head & GAP) !== 0 ? prevEnd + c.svarint() : prevEnd
    const dur = c.uvarint()
    starts[i] = start
    ends[i] = dur === 0 ? NaN : start + dur - 1
    states[i] = state
    flags[i] = (head & BEFORE_TRACE) !== 0 ? 1 : 0
    reasonId[i] = (head & REASON) !== 0 ? c.uvarint() : 0
    startStack[i] = (head & START_STACK) !== 0 ? c.uvarint() - 1 : prevEndStack
    prevEndStack = endStack[i] = c.uvarint() - 1
    if ((head & PM) !== 0) {
      prevP = c.svarint()
      prevM = c.svarint()
    }
    p[i] = prevP
    m[i] = prevM
    causeGid[i] = state === RUNNABLE ? c.svarint() : -1
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
    const head = c.byte()
    const state = head & STATE_MASK
    const start = (head & GAP) !== 0 ? prevEnd + c.svarint() : prevEnd
    const dur = c.uvarint()
    starts[i] = start
    ends[i] = dur === 0 ? NaN : start + dur - 1
    states[i] = state
    reasonId[i] = (head & REASON) !== 0 ? c.uvarint() : 0
    // start_stack, end_stack, p and m, cause_gid, and a syscall's blocked_ns.
    if ((head & START_STACK) !== 0) c.skip()
    c.skip()
    if ((head & PM) !== 0) {
      c.skip()
      c.skip()
    }
    if (state === RUNNABLE || state === SYSCALL) c.skip()
    prevEnd = dur === 0 ? start : start + dur - 1
    i++
  }
  if (i !== count)
    throw new Error(`corrupt store: a state chunk holds ${i} intervals, not ${count}`)
  return { count, startNs: starts, endNs: ends, state: states, reasonId }
}
