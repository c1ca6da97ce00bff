import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { DurationStats, RegionSummary, TaskSummary } from '../../common/analysis-api.ts'
import { bucketMinNs, durationStats, histogramBucket } from '../../main/analyze/durations.ts'
import { summarizeRegions } from '../../main/analyze/regions.ts'
import { summarizeTasks } from '../../main/analyze/tasks.ts'
import { runCli } from '../../main/cli/main.ts'
import { openStore } from '../../main/store/ingest.ts'
import { FIXTURE_DIR } from '../support/fixtures.ts'
import { syntheticStore } from '../support/synthetic-store.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-regions-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

interface GoHistogramRow {
  minNs: number
  count: number
}
interface GoAnnotations {
  tasks: { type: string; count: number; histogram: GoHistogramRow[] }[]
  regions: {
    type: string
    func: string
    pc: number
    file: string
    line: number
    count: number
    histogram: GoHistogramRow[]
  }[]
}
const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, 'go-pages', 'annotations.json'), 'utf8'),
) as Record<string, GoAnnotations>

/** Go renders every bucket from the first to the last; ours lists the non-empty ones. */
const goBuckets = (rows: GoHistogramRow[]) =>
  rows.filter((r) => r.count > 0).map((r) => [r.minNs, r.count])
const ourBuckets = (d: DurationStats) => d.histogram.map((b) => [b.minNs, b.count])

describe("regions and tasks equal go tool trace's /userregions and /usertasks", () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, async () => {
      const info = await openStore(join(FIXTURE_DIR, `${name}.trace`), { cacheDir })
      const db = new Database(info.path, { readonly: true })
      try {
        const regions = summarizeRegions(db, { goCompat: true })
        expect(
          regions.groups.map((g) => ({
            type: g.type,
            func: g.site!.func,
            pc: g.site!.pc,
            file: g.site!.file,
            line: g.site!.line,
            count: g.count,
            histogram: ourBuckets(g.durations),
          })),
        ).toEqual(want.regions.map((r) => ({ ...r, histogram: goBuckets(r.histogram) })))
        const tasks = summarizeTasks(db, { goCompat: true })
        expect(
          tasks.groups.map((g) => ({
            type: g.type,
            count: g.count,
            histogram: ourBuckets(g.durations),
          })),
        ).toEqual(want.tasks.map((t) => ({ ...t, histogram: goBuckets(t.histogram) })))
      } finally {
        db.close()
      }
    })
  }
})

describe('duration distributions', () => {
  it("buckets durations as Go's TimeHistogram", () => {
    expect(histogramBucket(0)).toBe(0)
    expect(histogramBucket(-5)).toBe(0)
    expect(histogramBucket(1)).toBe(0)
    expect(histogramBucket(1000)).toBe(14) // ln(1000)/logDiv is 14.999…, in Go too
    expect(histogramBucket(1001)).toBe(15)
    expect(histogramBucket(1584)).toBe(15)
    expect(histogramBucket(1585)).toBe(16)
    expect(bucketMinNs(15)).toBe(1000)
    expect(bucketMinNs(16)).toBe(1584)
    expect(bucketMinNs(31)).toBe(1584893)
  })

  it('gives nearest-rank percentiles', () => {
    const d = durationStats(Array.from({ length: 100 }, (_, i) => (100 - i) * 1000))
    expect(d).toMatchObject({
      count: 100,
      minNs: 1000,
      p50Ns: 50000,
      p90Ns: 90000,
      p99Ns: 99000,
      maxNs: 100000,
    })
    expect(d.histogram.reduce((n, b) => n + b.count, 0)).toBe(100)
    expect(durationStats([])).toMatchObject({ count: 0, minNs: 0, maxNs: 0, histogram: [] })
    expect(durationStats([7])).toMatchObject({ p50Ns: 7, p99Ns: 7 })
  })
})

/**
 * g1 runs regions "a" (task 7, 10-100, nested "b" 20-30) and "a" again, open at the end (400);
 * it creates g2 at 50 (inside "a"), which creates g3 at 60; g4 (a runtime goroutine) at 70
 * and g5 at 150 (outside any region). g2 ends at 300 with a region "c" still active.
 */
function annotatedStore(): Database.Database {
  const db = syntheticStore({
    durationNs: 1000,
    goroutines: [
      { gid: 1, name: 'main.main', states: [] },
      { gid: 2, name: 'main.worker', createdNs: 50, endNs: 300, states: [] },
      { gid: 3, name: 'main.sub', createdNs: 60, states: [] },
      { gid: 4, name: 'runtime.bgsweep', createdNs: 70, endNs: 80, states: [] },
      { gid: 5, name: 'main.later', createdNs: 150, states: [] },
    ],
    regions: [
      { gid: 1, type: 'a', taskId: 7, startNs: 10, endNs: 100 },
      { gid: 1, type: 'b', taskId: 7, startNs: 20, endNs: 30 },
      { gid: 1, type: 'a', taskId: 0, startNs: 400, endNs: null },
      { gid: 2, type: 'c', taskId: 9, startNs: 200, endNs: null },
      { gid: 4, type: 'gc', taskId: 0, startNs: 75, endNs: null },
      { gid: 5, type: 'early', taskId: 0, startNs: null, endNs: 160 },
    ],
    tasks: [
      { id: 7, type: 'req', startNs: 5, endNs: 105 },
      { id: 8, type: 'req', startNs: 0, endNs: null },
      { id: 10, parentId: 7, type: 'req', startNs: 10, endNs: 1010 },
    ],
  })
  db.exec(`UPDATE regions SET depth = 1 WHERE type_id = (SELECT id FROM strings WHERE value = 'b');
    UPDATE goroutines SET parent_gid = 1 WHERE gid IN (2, 4, 5);
    UPDATE goroutines SET parent_gid = 2 WHERE gid = 3;
    UPDATE goroutines SET is_system = 1 WHERE gid = 4;
    INSERT INTO strings VALUES (1000, 'cat'), (1001, 'hello');
    INSERT INTO logs (time_ns, gid, task_id, category_id, message_id) VALUES (40, 3, 7, 1000, 1001);`)
  return db
}

const brief = (s: RegionSummary) =>
  s.groups.map((g) => ({
    type: g.type,
    count: g.count,
    completeCount: g.completeCount,
    instances: g.instances.map((r) => [r.gid, r.taskId, r.startNs, r.endNs, r.durationNs]),
  }))

describe('summarizeRegions', () => {
  it('ends regions with their goroutine or the trace, and drops runtime ones left open', () => {
    const db = annotatedStore()
    expect(brief(summarizeRegions(db))).toEqual([
      {
        type: 'a',
        count: 2,
        completeCount: 1,
        instances: [
          [1, 7, 10, 100, 90],
          [1, 0, 400, null, 600],
        ],
      },
      { type: 'b', count: 1, completeCount: 1, instances: [[1, 7, 20, 30, 10]] },
      // Active when g2 ended: it ends there, as in Go.
      { type: 'c', count: 1, completeCount: 1, instances: [[2, 9, 200, 300, 100]] },
      { type: 'early', count: 1, completeCount: 0, instances: [[5, 0, null, 160, 160]] },
    ])
    expect(summarizeRegions(db, { type: 'b' }).groups.map((g) => g.type)).toEqual(['b'])
  })

  it('adds Go\'s inherited "" regions with goCompat', () => {
    const db = annotatedStore()
    const s = summarizeRegions(db, { goCompat: true })
    const synthetic = s.groups.filter((g) => g.type === '')
    // g2 (created in g1's "a", task 7) until its end; g3 (created by g2 inside its inherited
    // region) until the trace ends; not g4 (a runtime goroutine) nor g5 (created outside).
    expect(synthetic).toHaveLength(1)
    expect(synthetic[0]!.site).toEqual({ pc: 0, func: '', file: '', line: 0 })
    expect(synthetic[0]!.instances.map((r) => [r.gid, r.taskId, r.startNs, r.endNs])).toEqual([
      [2, 7, 50, 300],
      [3, 7, 60, null],
    ])
    expect(synthetic[0]!.instances.every((r) => r.synthetic)).toBe(true)
    expect(synthetic[0]!.durations.maxNs).toBe(940)
  })
})

describe('summarizeTasks', () => {
  it('counts every task mentioned, and complete ones in the distribution', () => {
    const db = annotatedStore()
    const s: TaskSummary = summarizeTasks(db)
    expect(s.groups.map((g) => [g.type, g.count, g.completeCount])).toEqual([
      ['', 1, 0],
      ['req', 3, 2],
    ])
    const req = s.groups[1]!
    expect(req.durations).toMatchObject({ count: 2, minNs: 100, maxNs: 1000 })
    expect(req.instances.map((t) => [t.id, t.durationNs, t.complete])).toEqual([
      [8, 1000, false],
      [10, 1000, true],
      [7, 100, true],
    ])
    const t7 = req.instances[2]!
    expect(t7.gids).toEqual([1, 3])
    expect(t7.regions.map((r) => r.type)).toEqual(['a', 'b'])
    expect(t7.logs).toEqual([{ timeNs: 40, gid: 3, category: 'cat', message: 'hello' }])
    // Task 9 is only known from g2's region in it.
    expect(s.groups[0]!.instances[0]).toMatchObject({ id: 9, type: '', startNs: null, gids: [2] })
    expect(summarizeTasks(db, { goCompat: true }).groups[0]!.count).toBe(2)
    expect(summarizeTasks(db, { type: 'req' }).groups).toHaveLength(1)
  })
})

describe('gotrace regions and tasks', () => {
  const trace = join(FIXTURE_DIR, 'annotations-go1.26.trace')
  async function run(...args: string[]) {
    let out = ''
    let err = ''
    const code = await runCli([...args, '--cache-dir', cacheDir], {
      stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
      stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
    })
    return { code, out, err }
  }

  it('prints tables, CSV and JSON', async () => {
    const table = await run('regions', trace)
    expect(table.code).toBe(0)
    expect(table.out).toMatch(
      /^"item\.lock"\s+3\s+3\s+0\.114\s+0\.186\s+0\.193\s+0\.193\s+0\.193$/m,
    )
    const compat = await run('regions', trace, '--go-compat', '--csv', '--type', '')
    expect(compat.out.split('\n').slice(1, 3)).toEqual([
      ',main.main:88,1,1,1344,1344,1344,1344,1344',
      ',main.main:104,1,0,153857,153857,153857,153857,153857',
    ])
    const tasks = await run('tasks', trace, '--csv')
    expect(tasks.out).toMatch(/^item,3,3,120256,216448,236096,236096,236096$/m)
    const json = JSON.parse(
      (await run('tasks', trace, '--json', '--type', 'handoff')).out,
    ) as TaskSummary
    expect(json.groups[0]!.instances[0]).toMatchObject({ id: 3, gids: [1, 21] })
    expect((await run('tasks', trace, '--json', '--csv')).code).toBe(2)
  })
})
