import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../main/engine/engine.ts'
import { decodeCounterChunk } from '../../main/store/chunks/counter-chunk.ts'
import { readGoroutineStates } from '../../main/store/read-chunks.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-counters-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

const BUCKET_NS = 1024
/** counter_series id of each goroutine state's count (native-schema/store.sql). */
const SERIES_OF_STATE: [state: number, series: number][] = [
  [3, 4],
  [2, 5],
  [4, 6],
  [5, 7],
]

const lowerBound = (xs: Float64Array, x: number, strict: boolean): number => {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (strict ? xs[mid]! < x : xs[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** A state's goroutine count at any time, from the stored intervals. */
function countOf(states: ReturnType<typeof readGoroutineStates>, state: number) {
  const starts: number[] = []
  const ends: number[] = []
  for (let i = 0; i < states.count; i++) {
    if (states.state[i] !== state) continue
    starts.push(states.startNs[i]!)
    if (!Number.isNaN(states.endNs[i])) ends.push(states.endNs[i]!)
  }
  const s = Float64Array.from(starts).sort()
  const e = Float64Array.from(ends).sort()
  return {
    /** Intervals in progress at `t` (one that ends at t no longer is). */
    at: (t: number) => lowerBound(s, t, false) - lowerBound(e, t, false),
    /** Times the count changes, in order. */
    changes: Float64Array.from([...s, ...e]).sort(),
  }
}

function series(db: Database.Database, id: number): { timeNs: number[]; value: number[] } {
  const rows = db
    .prepare('SELECT start_ns, data FROM counter_chunks WHERE series = ? ORDER BY seq')
    .all(id) as { start_ns: number; data: Uint8Array }[]
  const out = { timeNs: [] as number[], value: [] as number[] }
  for (const r of rows) {
    const c = decodeCounterChunk(r.data, r.start_ns)
    out.timeNs.push(...c.timeNs)
    out.value.push(...c.value)
  }
  return out
}

describe('goroutine count series', () => {
  const names = [
    'gc-go1.26',
    'syscalls-go1.22',
    'blocking-go1.21',
    'generations-go1.27',
    'go-testdata-stress_1_11',
  ]
  for (const name of names) {
    it(`equal the stored intervals at the end of every microsecond that changed them: ${name}`, async () => {
      const f = fixtures().find((x) => x.name === name)!
      const opened = await createEngine({ tracePath: f.tracePath, cacheDir }).open()
      const db = new Database(opened.storePath, { readonly: true })
      const states = readGoroutineStates(db)
      for (const [state, id] of SERIES_OF_STATE) {
        const count = countOf(states, state)
        const points = series(db, id)
        const times = Float64Array.from(points.timeNs)
        let checked = 0
        for (let k = 0; k < count.changes.length; k++) {
          const bucketEnd = (Math.floor(count.changes[k]! / BUCKET_NS) + 1) * BUCKET_NS
          // The series' last point up to the bucket's end holds the count after its last change.
          const p = lowerBound(times, bucketEnd - 1, false) - 1
          const want = count.at(bucketEnd - 1)
          if (p < 0) {
            expect(want, `${name} state ${state}: no point by ${bucketEnd}`).toBe(0)
            continue
          }
          expect(points.value[p], `${name} state ${state} at ${bucketEnd - 1}`).toBe(want)
          // ... timed at the bucket's first change.
          const first = count.changes[lowerBound(count.changes, bucketEnd - BUCKET_NS, true)]!
          if (points.timeNs[p]! >= bucketEnd - BUCKET_NS) expect(points.timeNs[p]).toBe(first)
          checked++
        }
        expect(checked).toBeGreaterThan(0)
      }
      db.close()
    })
  }
})
