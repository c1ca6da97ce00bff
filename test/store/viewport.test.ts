import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SpanBlock } from '../../common/timeline-api.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { readGoroutineStates } from '../../main/store/read-chunks.ts'
import { LodMerger, SpanBuilder } from '../../main/store/viewport.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-viewport-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

function merged(spans: [number, number, number][], res: number): SpanBlock {
  const out = new SpanBuilder()
  const m = new LodMerger(out, res)
  for (const [start, end, code] of spans)
    m.add(start, end, code, code * 10, 1, code === 3 ? end - start : 0)
  m.flush()
  return out.finish()
}

describe('level of detail', () => {
  it('keeps spans at least a pixel wide as they are', () => {
    const b = merged(
      [
        [0, 10, 3],
        [10, 30, 4],
        [40, 41, 2],
      ],
      1,
    )
    expect([...b.startNs]).toEqual([0, 10, 40])
    expect([...b.endNs]).toEqual([10, 30, 41])
    expect([...b.count]).toEqual([1, 1, 1])
    expect([...b.code]).toEqual([3, 4, 2])
  })

  it('merges runs of narrow spans into one summary with the longest span as its face', () => {
    // res 100: the five spans are all narrower than a pixel and closer than a pixel apart.
    const b = merged(
      [
        [0, 10, 3],
        [10, 50, 4],
        [60, 70, 3],
        [150, 160, 2],
        [1000, 1500, 3],
      ],
      100,
    )
    expect(b.startNs.length).toBe(2)
    expect([b.startNs[0], b.endNs[0], b.count[0], b.code[0], b.id[0]]).toEqual([0, 160, 4, 0, 40])
    expect(b.busy[0]).toBeCloseTo(20 / 160)
    // The wide span stays whole.
    expect([b.startNs[1], b.endNs[1], b.count[1], b.code[1]]).toEqual([1000, 1500, 1, 3])
  })

  it('gives a lone narrow span a pixel of width and keeps its own code', () => {
    const b = merged(
      [
        [0, 1, 4],
        [500, 501, 3],
      ],
      100,
    )
    expect([...b.startNs]).toEqual([0, 500])
    expect([...b.endNs]).toEqual([100, 600])
    expect([...b.code]).toEqual([4, 3])
    expect([...b.count]).toEqual([1, 1])
  })
})

describe('engine viewport queries on a real trace', () => {
  const f = fixtures().find((x) => x.name === 'gc-go1.26')!
  const engine = createEngine({ tracePath: f.tracePath, cacheDir })

  it('lists the tracks the store holds', async () => {
    const opened = await engine.open()
    const tracks = await engine.tracks()
    expect(tracks.durationNs).toBe(opened.durationNs)
    expect(tracks.procs.length).toBeGreaterThanOrEqual(2)
    expect(tracks.goroutines.length).toBeGreaterThan(5)
    expect(tracks.goroutines.some((g) => g.name === 'main.main')).toBe(true)
    expect(tracks.counters.map((c) => c.name)).toContain('Heap live')
  })

  it('returns every span exactly at 1 ns per pixel, and the same spans merged when zoomed out', async () => {
    const tracks = await engine.tracks()
    const busiest = tracks.goroutines.reduce((a, b) => (b.spans > a.spans ? b : a))
    const all = {
      startNs: 0,
      endNs: tracks.durationNs,
      spans: [{ kind: 'goroutine' as const, id: busiest.id }],
      counters: [],
    }
    const fine = (await engine.viewport({ ...all, nsPerPx: 1 })).spans[0]!
    expect(fine.startNs.length).toBe(busiest.spans)
    expect([...fine.count].every((c) => c === 1)).toBe(true)
    const db = new Database((await engine.open()).storePath, { readonly: true })
    const stored = readGoroutineStates(db, busiest.id)
    db.close()
    expect([...fine.startNs]).toEqual([...stored.startNs])
    expect([...fine.code]).toEqual([...stored.state])

    const coarse = await engine.viewport({ ...all, nsPerPx: tracks.durationNs / 50 })
    const block = coarse.spans[0]!
    expect(coarse.nsPerPx).toBeLessThanOrEqual(tracks.durationNs / 50)
    expect(block.startNs.length).toBeLessThan(fine.startNs.length)
    // Merging loses no span: the counts add up to the spans in the window.
    expect(block.count.reduce((a, b) => a + b, 0)).toBe(busiest.spans)
    for (let i = 1; i < block.startNs.length; i++) {
      expect(block.startNs[i]!).toBeGreaterThanOrEqual(block.startNs[i - 1]!)
    }
  })
})

describe('proc tracks zoomed out use the stored levels of detail', () => {
  it('loses no run at any level', async () => {
    const f = fixtures().find((x) => x.name === 'gc-go1.26')!
    const engine = createEngine({ tracePath: f.tracePath, cacheDir })
    const tracks = await engine.tracks()
    const spans = tracks.procs.map((p) => ({ kind: 'proc' as const, id: p.id }))
    // 8 µs to 34 ms per pixel cover every stored level; 1 ns reads the runs themselves.
    for (const nsPerPx of [1, 2 ** 13, 2 ** 16, 2 ** 19, 2 ** 22, 2 ** 25]) {
      const res = await engine.viewport({
        startNs: 0,
        endNs: tracks.durationNs,
        nsPerPx,
        spans,
        counters: [],
      })
      res.spans.forEach((block, i) => {
        const total = block.count.reduce((a, b) => a + b, 0)
        expect(total, `P${tracks.procs[i]!.id} at ${nsPerPx} ns/px`).toBe(tracks.procs[i]!.spans)
        for (let k = 1; k < block.startNs.length; k++) {
          expect(block.startNs[k]!).toBeGreaterThanOrEqual(block.endNs[k - 1]! - 1)
        }
      })
    }
  })
})

describe('busy goroutines zoomed out', () => {
  it('merge their spans through a level of detail made on first use, losing none', async () => {
    const f = fixtures().find((x) => x.name === 'gc-go1.26')!
    const engine = createEngine({ tracePath: f.tracePath, cacheDir })
    const tracks = await engine.tracks()
    const busiest = tracks.goroutines.reduce((a, b) => (b.spans > a.spans ? b : a))
    expect(busiest.spans).toBeGreaterThan(4 * 1024) // enough chunks for the level of detail
    const q = {
      startNs: 0,
      endNs: tracks.durationNs,
      spans: [{ kind: 'goroutine' as const, id: busiest.id }],
      counters: [],
    }
    for (const nsPerPx of [2 ** 13, 2 ** 16, 2 ** 19, 2 ** 22]) {
      for (const pass of ['made', 'cached']) {
        const block = (await engine.viewport({ ...q, nsPerPx })).spans[0]!
        expect(
          block.count.reduce((a, b) => a + b, 0),
          `${nsPerPx} ns/px, ${pass}`,
        ).toBe(busiest.spans)
        expect(block.startNs.length).toBeLessThan(busiest.spans)
      }
    }
    // A window inside the trace counts only what overlaps it.
    const mid = tracks.durationNs / 2
    const part = (
      await engine.viewport({
        ...q,
        startNs: mid,
        endNs: mid + tracks.durationNs / 10,
        nsPerPx: 2 ** 16,
      })
    ).spans[0]!
    expect(part.startNs.length).toBeGreaterThan(0)
    expect(part.startNs[0]!).toBeLessThanOrEqual(mid + tracks.durationNs / 10)
  })
})

describe('counters at every zoom', () => {
  it('keep the series extremes, from raw changes and from stored levels alike', async () => {
    const f = fixtures().find((x) => x.name === 'gc-go1.26')!
    const engine = createEngine({ tracePath: f.tracePath, cacheDir })
    const tracks = await engine.tracks()
    const counters = tracks.counters.map((c) => c.series)
    for (const nsPerPx of [1, 2 ** 16, 2 ** 20, 2 ** 24]) {
      const res = await engine.viewport({
        startNs: 0,
        endNs: tracks.durationNs,
        nsPerPx,
        spans: [],
        counters,
      })
      res.counters.forEach((block, i) => {
        const info = tracks.counters[i]!
        expect(Math.min(...block.min), `${info.name} at ${nsPerPx}`).toBe(info.min)
        expect(Math.max(...block.max), `${info.name} at ${nsPerPx}`).toBe(info.max)
        for (let k = 1; k < block.timeNs.length; k++) {
          expect(block.timeNs[k]!).toBeGreaterThan(block.timeNs[k - 1]!)
        }
      })
    }
  })
})

describe('range tracks', () => {
  it('returns a goroutine’s regions with their depth, the tasks, and the GC track', async () => {
    const f = fixtures().find((x) => x.name === 'annotations-go1.26')!
    const engine = createEngine({ tracePath: f.tracePath, cacheDir })
    const opened = await engine.open()
    const db = new Database(opened.storePath, { readonly: true })
    const byGid = db
      .prepare(
        'SELECT gid, count(*) AS n, max(depth) AS deepest FROM regions GROUP BY gid ORDER BY n DESC',
      )
      .all() as { gid: number; n: number; deepest: number }[]
    const tasks = (db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n
    db.close()
    const g = byGid[0]!
    const res = await engine.viewport({
      startNs: 0,
      endNs: opened.durationNs,
      nsPerPx: 1,
      spans: [],
      counters: [],
      ranges: [{ kind: 'regions', gid: g.gid }, { kind: 'tasks' }, { kind: 'gc' }],
    })
    const [regions, taskBand] = res.ranges
    expect(regions!.startNs.length).toBe(g.n)
    expect(Math.max(...regions!.depth)).toBe(g.deepest)
    // Regions come by depth, then time; every name resolves.
    for (let i = 1; i < regions!.depth.length; i++) {
      expect(
        regions!.depth[i]! > regions!.depth[i - 1]! ||
          regions!.startNs[i]! >= regions!.startNs[i - 1]!,
      ).toBe(true)
    }
    for (const id of regions!.nameId) expect(res.strings[id]).toBeTypeOf('string')
    expect(taskBand!.startNs.length).toBe(tasks)

    // Zoomed out to a handful of pixels, regions merge but keep their count.
    const coarse = await engine.viewport({
      startNs: 0,
      endNs: opened.durationNs,
      nsPerPx: opened.durationNs / 4,
      spans: [],
      counters: [],
      ranges: [{ kind: 'regions', gid: g.gid }],
    })
    expect(coarse.ranges[0]!.count.reduce((a, b) => a + b, 0)).toBe(g.n)
  })
})
