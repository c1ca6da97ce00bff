// Readiness rules for merging per-P v1 batches: Go 1.26's
// src/internal/trace/internal/tracev1/order.go, function for function.
//
// Goroutine IDs and sequence numbers are uint64 in Go and kept as non-negative bigints here, so the
// sentinels (which Go takes from the top of the uint64 range) collide with real values exactly as
// they do in Go.
import type { Event, Proc } from './parser.ts'
import {
  EvGCStart,
  EvGoBlock,
  EvGoBlockCond,
  EvGoBlockGC,
  EvGoBlockNet,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSend,
  EvGoBlockSync,
  EvGoCreate,
  EvGoInSyscall,
  EvGoPreempt,
  EvGoSched,
  EvGoSleep,
  EvGoStart,
  EvGoStartLabel,
  EvGoStartLocal,
  EvGoSysBlock,
  EvGoSysExit,
  EvGoSysExitLocal,
  EvGoUnblock,
  EvGoUnblockLocal,
  EvGoWaiting,
} from './spec.ts'
import { TraceError } from '../errors.ts'

export interface OrderEvent {
  ev: Event
  proc: Proc
}

export const gDead = 0
export const gRunnable = 1
export const gRunning = 2
export const gWaiting = 3

export interface GState {
  seq: bigint
  status: number
}

const maxUint64 = (1n << 64n) - 1n
export const unordered = maxUint64
export const garbage = maxUint64 - 1n
export const noseq = maxUint64
export const seqinc = maxUint64 - 1n

export const zeroGState: GState = { seq: 0n, status: gDead }

export interface Transition {
  g: bigint
  init: GState
  next: GState
}

function inc(seq: bigint): bigint {
  return BigInt.asUintN(64, seq + 1n)
}

/**
 * The goroutine state (sequence and status) at which the event becomes ready for merging (init),
 * and the goroutine state after the event (next).
 */
export function stateTransition(ev: Event): Transition {
  switch (ev.type) {
    case EvGoCreate:
      return {
        g: ev.args[0]!,
        init: { seq: 0n, status: gDead },
        next: { seq: 1n, status: gRunnable },
      }
    case EvGoWaiting:
    case EvGoInSyscall:
      return { g: ev.g, init: { seq: 1n, status: gRunnable }, next: { seq: 2n, status: gWaiting } }
    case EvGoStart:
    case EvGoStartLabel: {
      const seq = ev.args[1]!
      return {
        g: ev.g,
        init: { seq, status: gRunnable },
        next: { seq: inc(seq), status: gRunning },
      }
    }
    case EvGoStartLocal:
      // noseq: the event is ready as soon as the frontier reaches it (it is emitted on the same P as
      // the GoCreate/GoUnblock it follows). seqinc: it increments the sequence, whatever it is.
      return {
        g: ev.g,
        init: { seq: noseq, status: gRunnable },
        next: { seq: seqinc, status: gRunning },
      }
    case EvGoBlock:
    case EvGoBlockSend:
    case EvGoBlockRecv:
    case EvGoBlockSelect:
    case EvGoBlockSync:
    case EvGoBlockCond:
    case EvGoBlockNet:
    case EvGoSleep:
    case EvGoSysBlock:
    case EvGoBlockGC:
      return {
        g: ev.g,
        init: { seq: noseq, status: gRunning },
        next: { seq: noseq, status: gWaiting },
      }
    case EvGoSched:
    case EvGoPreempt:
      return {
        g: ev.g,
        init: { seq: noseq, status: gRunning },
        next: { seq: noseq, status: gRunnable },
      }
    case EvGoUnblock:
    case EvGoSysExit: {
      const seq = ev.args[1]!
      return {
        g: ev.args[0]!,
        init: { seq, status: gWaiting },
        next: { seq: inc(seq), status: gRunnable },
      }
    }
    case EvGoUnblockLocal:
    case EvGoSysExitLocal:
      return {
        g: ev.args[0]!,
        init: { seq: noseq, status: gWaiting },
        next: { seq: seqinc, status: gRunnable },
      }
    case EvGCStart: {
      const seq = ev.args[0]!
      return { g: garbage, init: { seq, status: gDead }, next: { seq: inc(seq), status: gDead } }
    }
    default:
      // No ordering requirements.
      return { g: unordered, init: zeroGState, next: zeroGState }
  }
}

export function transitionReady(g: bigint, curr: GState, init: GState): boolean {
  return (
    g === unordered ||
    ((init.seq === noseq || init.seq === curr.seq) && init.status === curr.status)
  )
}

export function transition(gs: Map<bigint, GState>, g: bigint, init: GState, next: GState): void {
  if (g === unordered) return
  const curr = gs.get(g) ?? zeroGState
  if (!transitionReady(g, curr, init)) {
    throw new TraceError('encountered impossible goroutine state transition')
  }
  let seq = next.seq
  if (seq === noseq) seq = curr.seq
  else if (seq === seqinc) seq = inc(curr.seq)
  gs.set(g, { seq, status: next.status })
}

/** Go's orderEventList: a binary min-heap by time, with Go's exact sift steps (they decide ties). */
export class OrderEventList {
  readonly h: OrderEvent[] = []

  get length(): number {
    return this.h.length
  }

  private less(i: number, j: number): boolean {
    return this.h[i]!.ev.ts < this.h[j]!.ev.ts
  }

  private swap(i: number, j: number): void {
    const h = this.h
    const t = h[i]!
    h[i] = h[j]!
    h[j] = t
  }

  push(x: OrderEvent): void {
    this.h.push(x)
    this.heapUp(this.h.length - 1)
  }

  pop(): OrderEvent {
    const n = this.h.length - 1
    this.swap(0, n)
    this.heapDown(0, n)
    return this.h.pop()!
  }

  private heapUp(j: number): void {
    for (;;) {
      const i = ((j - 1) / 2) | 0 // parent (Go's division truncates toward zero)
      if (i === j || !this.less(j, i)) break
      this.swap(i, j)
      j = i
    }
  }

  private heapDown(i0: number, n: number): boolean {
    let i = i0
    for (;;) {
      const j1 = 2 * i + 1
      if (j1 >= n) break
      let j = j1 // left child
      const j2 = j1 + 1
      if (j2 < n && this.less(j2, j1)) j = j2 // right child
      if (!this.less(j, i)) break
      this.swap(i, j)
      i = j
    }
    return i > i0
  }
}
