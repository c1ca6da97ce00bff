import { describe, expect, it } from 'vitest'
import {
  COUNTER_LOD_LEVELS,
  CounterLodWriter,
  decodeCounterLodChunk,
} from '../../../main/store/chunks/counter-lod.ts'
import type { TableWriter } from '../../../main/store/table-writer.ts'
import { mulberry32 } from '../../support/prng.ts'

interface Bucket {
  timeNs: number
  min: number
  max: number
  last: number
}

/** Changes of two interleaved series: bursts within a bucket, and gaps across many. */
function points(seed: number, n: number): { series: number; timeNs: number; value: number }[] {
  const rnd = mulberry32(seed)
  const out = []
  let t = rnd() < 0.5 ? 0 : 2 ** 40
  const value = [0, 0]
  for (let i = 0; i < n; i++) {
    const r = rnd()
    t += r < 0.7 ? Math.floor(rnd() * 2000) : r < 0.95 ? Math.floor(rnd() * 2e6) : 2 ** 26
    const series = rnd() < 0.5 ? 4 : 7
    const s = series === 4 ? 0 : 1
    value[s] = Math.max(0, value[s]! + Math.floor(rnd() * 21) - 10)
    out.push({ series, timeNs: t, value: value[s] })
  }
  return out
}

/** Each level's buckets, the plain way: group every change by its bucket. */
function expected(pts: ReturnType<typeof points>, series: number, level: number): Bucket[] {
  const out: Bucket[] = []
  let key = NaN
  for (const p of pts) {
    if (p.series !== series) continue
    const k = Math.floor(p.timeNs / 2 ** level)
    const b = out[out.length - 1]
    if (k === key && b !== undefined) {
      b.min = Math.min(b.min, p.value)
      b.max = Math.max(b.max, p.value)
      b.last = p.value
    } else {
      out.push({ timeNs: p.timeNs, min: p.value, max: p.value, last: p.value })
      key = k
    }
  }
  return out
}

describe('counter levels of detail', () => {
  for (let seed = 1; seed <= 12; seed++) {
    it(`hold min, max and last of every bucket at every level (seed ${seed})`, () => {
      const rows: unknown[][] = []
      // Written at once, as a TableWriter with batchRows 1 does: the bytes are a reused buffer's.
      const sink = {
        add: (...r: unknown[]) =>
          rows.push(r.map((x) => (x instanceof Uint8Array ? x.slice() : x))),
      }
      const w = new CounterLodWriter(sink as unknown as TableWriter)
      const pts = points(seed, 20000)
      for (const p of pts) w.add(p.series, p.timeNs, p.value)
      w.finish()
      for (const series of [4, 7]) {
        for (const level of COUNTER_LOD_LEVELS) {
          const got: Bucket[] = []
          // Rows: series, level, seq, start_ns, end_ns, count, data.
          const chunks = rows.filter((r) => r[0] === series && r[1] === level)
          chunks.forEach((r, i) => expect(r[2], 'seq').toBe(i))
          for (const r of chunks) {
            const c = decodeCounterLodChunk(r[6] as Uint8Array, r[3] as number)
            expect(c.count).toBe(r[5])
            for (let i = 0; i < c.count; i++) {
              got.push({ timeNs: c.timeNs[i]!, min: c.min[i]!, max: c.max[i]!, last: c.last[i]! })
            }
          }
          expect(got, `series ${series} level ${level}`).toEqual(expected(pts, series, level))
        }
      }
    })
  }
})
