import { describe, expect, it } from 'vitest'
import {
  type StateInterval,
  StateChunkEncoder,
  allocStateColumns,
  decodeStateChunk,
  decodeStateSpans,
} from '../../../main/store/chunks/goroutine-chunk.ts'
import { mulberry32 } from '../../support/prng.ts'

const RUNNABLE = 2
const SYSCALL = 5

/**
 * One goroutine's intervals as the builder makes them (each starts where the last ended, with
 * its end stack, mostly on the same P and M), with every exception the encoding has to keep:
 * gaps, other start stacks, P/M changes, no stacks, open intervals, times past 2^32 and 2^53's
 * neighbourhood of ns, syscalls that blocked or not, intervals begun before the trace.
 */
function intervals(seed: number, n: number): StateInterval[] {
  const rnd = mulberry32(seed)
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const out: StateInterval[] = []
  let t = pick([0, 5e9, 2 ** 40])
  let stack: number | null = null
  let p = 0
  let m = 3
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.05) t += Math.floor(rnd() * 1e6) // a gap (NotExist between two lives)
    const state = pick([2, 3, 4, 5])
    const start = t
    const open = i === n - 1 && rnd() < 0.5
    t += pick([1, 100, 5000, 3e6, 2 ** 33])
    if (rnd() < 0.05) [p, m] = [pick([-1, 0, 7]), pick([-1, 2, 40])]
    const startStack = rnd() < 0.05 ? pick([null, 0, 1234567]) : stack
    stack = pick([null, 0, 1, 17, 300000])
    out.push({
      state,
      flags: i === 0 && rnd() < 0.5 ? 1 : 0,
      reasonId: state === 3 && rnd() < 0.9 ? 0 : pick([0, 1, 200]),
      startNs: start,
      endNs: open ? null : t,
      p,
      m,
      startStack,
      endStack: stack,
      causeGid: state === RUNNABLE ? pick([-1, 1, 99999]) : -1,
      blockedNs: state === SYSCALL && rnd() < 0.5 ? start + Math.floor((t - start) / 2) : null,
    })
  }
  return out
}

function decodeAll(data: Uint8Array, startNs: number, count: number): StateInterval[] {
  const cols = allocStateColumns(count)
  expect(decodeStateChunk(data, startNs, cols, 0)).toBe(count)
  return Array.from({ length: count }, (_, i) => ({
    state: cols.state[i]!,
    flags: cols.flags[i]!,
    reasonId: cols.reasonId[i]!,
    startNs: cols.startNs[i]!,
    endNs: Number.isNaN(cols.endNs[i]) ? null : cols.endNs[i]!,
    p: cols.p[i]!,
    m: cols.m[i]!,
    startStack: cols.startStack[i] === -1 ? null : cols.startStack[i]!,
    endStack: cols.endStack[i] === -1 ? null : cols.endStack[i]!,
    causeGid: cols.causeGid[i]!,
    blockedNs: Number.isNaN(cols.blockedNs[i]) ? null : cols.blockedNs[i]!,
  }))
}

describe('goroutine state chunks', () => {
  it('decode to the intervals encoded, chunk by chunk', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const all = intervals(seed, 300)
      const enc = new StateChunkEncoder()
      // Chunks of varied sizes: each row starts from its own defaults.
      for (let at = 0; at < all.length;) {
        const size = 1 + ((seed * 37 + at) % 97)
        const chunk = all.slice(at, at + size)
        for (const iv of chunk) enc.add(iv)
        const startNs = enc.firstStartNs
        expect(startNs).toBe(chunk[0]!.startNs)
        const data = enc.take()
        expect(decodeAll(data, startNs, chunk.length)).toEqual(chunk)
        const spans = decodeStateSpans(data, startNs, chunk.length)
        expect(Array.from(spans.startNs)).toEqual(chunk.map((iv) => iv.startNs))
        expect(Array.from(spans.endNs)).toEqual(chunk.map((iv) => iv.endNs ?? NaN))
        expect(Array.from(spans.state)).toEqual(chunk.map((iv) => iv.state))
        expect(Array.from(spans.reasonId)).toEqual(chunk.map((iv) => iv.reasonId))
        at += size
      }
    }
  })

  it('store a repeated stack, P and M once', () => {
    const enc = new StateChunkEncoder()
    let t = 1000
    for (let i = 0; i < 100; i++, t += 50) {
      enc.addFields(3 + (i % 2), 0, i % 2, t, t + 50, 2, 5, i === 0 ? 9 : 9, 9, -1, NaN)
    }
    // head, duration, end stack; a waiting interval's reason; the first one's stack, P and M.
    expect(enc.take().length).toBe(100 * 3 + 50 + 3)
  })

  it('rejects a chunk whose intervals do not add up to its count', () => {
    const enc = new StateChunkEncoder()
    for (const iv of intervals(7, 10)) enc.add(iv)
    const data = enc.take()
    expect(() => decodeStateSpans(data, 0, 11)).toThrow(/holds 10 intervals, not 11/)
  })
})
