import { describe, expect, it } from 'vitest'
import { LOD_LEVELS, LOD_PROC, LodBuilder } from '../../../main/store/build/lod.ts'
import { decodeLodChunk } from '../../../main/store/chunks/lod-chunk.ts'
import { LodMerger, SpanBuilder } from '../../../main/store/lod-merger.ts'
import type { TableWriter } from '../../../main/store/table-writer.ts'
import { mulberry32 } from '../../support/prng.ts'

interface Span {
  key: number
  start: number
  end: number
  code: number
  id: number
}

/**
 * Runs of three procs, interleaved in time: mostly bursts of short runs close together, some
 * runs and gaps as wide as each level's pixel, or wider than all of them.
 */
function runs(seed: number, n: number): Span[] {
  const rnd = mulberry32(seed)
  const width = () => {
    const r = rnd()
    if (r < 0.75) return Math.floor(rnd() * 6000)
    if (r < 0.97) return Math.floor(2 ** (13 + rnd() * 13))
    return 2 ** 27
  }
  const end = [0, 0, 0]
  const out: Span[] = []
  for (let i = 0; i < n; i++) {
    const key = Math.floor(rnd() * 3)
    const start = end[key]! + width()
    end[key] = start + width()
    out.push({ key, start, end: end[key], code: rnd() < 0.8 ? 3 : 5, id: Math.floor(rnd() * 50) })
  }
  return out.sort((a, b) => a.start - b.start)
}

describe('proc and thread levels of detail', () => {
  for (let seed = 1; seed <= 10; seed++) {
    it(`are each level's plain merge of the runs, though built level from level (seed ${seed})`, () => {
      const rows: unknown[][] = []
      // Written at once, as a TableWriter with batchRows 1 does: the bytes are a reused buffer's.
      const sink = {
        add: (...r: unknown[]) =>
          rows.push(r.map((x) => (x instanceof Uint8Array ? x.slice() : x))),
      }
      const lod = new LodBuilder(sink as unknown as TableWriter, LOD_PROC)
      const spans = runs(seed, 20000)
      spans.forEach((s, i) => {
        lod.add(s.key, s.start, s.end, s.code, s.id)
        if (i % 5000 === 4999) lod.flushChunks()
      })
      lod.finish()
      for (const key of [0, 1, 2]) {
        for (const level of LOD_LEVELS) {
          const want = new SpanBuilder()
          const merge = new LodMerger(want, 2 ** level)
          for (const s of spans) {
            if (s.key === key) merge.add(s.start, s.end, s.code, s.id, 1, s.end - s.start)
          }
          merge.flush()
          const w = want.finish()
          // Rows: kind, level, key, seq, start_ns, end_ns, count, busy_ns, data.
          const chunks = rows.filter((r) => r[0] === LOD_PROC && r[1] === level && r[2] === key)
          chunks.forEach((r, i) => expect(r[3], 'seq').toBe(i))
          const got: string[] = []
          const busy: number[] = []
          for (const r of chunks) {
            const c = decodeLodChunk(r[8] as Uint8Array, r[4] as number)
            expect(c.count).toBe(r[6])
            for (let i = 0; i < c.count; i++) {
              got.push(`${c.startNs[i]} ${c.endNs[i]} ${c.code[i]} ${c.id[i]} ${c.spans[i]}`)
              busy.push(c.busy[i]!)
            }
          }
          const expected = [...w.startNs].map(
            (start, i) => `${start} ${w.endNs[i]} ${w.code[i]} ${w.id[i]} ${w.count[i]}`,
          )
          expect(got.length, `P${key} at level ${level}`).toBeGreaterThan(0)
          expect(got, `P${key} at level ${level}`).toEqual(expected)
          // Stored as a byte (the expected column is a float32: it may round the other way).
          busy.forEach((b, i) => expect(Math.abs(b - w.busy[i]!)).toBeLessThanOrEqual(1.01 / 255))
        }
      }
    })
  }
})
