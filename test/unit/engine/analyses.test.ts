import Database from 'better-sqlite3'
import * as Comlink from 'comlink'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { GO_DEFAULT_MMU_FLAGS } from '../../../common/analysis-api.ts'
import type {
  EngineApi,
  MmuResult,
  RegionSummary,
  TaskSummary,
} from '../../../common/engine-api.ts'
import { socketEndpoint } from '../../../common/socket-endpoint.ts'
import { decode, encode } from '../../../common/wire.ts'
import { computeMmu, MMUCurve, readUtilization } from '../../../main/analyze/mmu.ts'
import { summarizeRegions } from '../../../main/analyze/regions.ts'
import { summarizeTasks } from '../../../main/analyze/tasks.ts'
import { createEngine } from '../../../main/engine/engine.ts'
import { JobCancelledError, JobSlot } from '../../../main/engine/job-slot.ts'
import { FIXTURE_DIR } from '../../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-engine-analyses-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

const goPage = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../analyze/go-pages', `${name}.json`), 'utf8'),
  ) as Record<string, Record<string, unknown>>

/** An engine on a fixture, and the store it opened (to compare with the analyses run directly). */
async function openFixture(name: string): Promise<{ engine: EngineApi; db: Database.Database }> {
  const engine = createEngine({ tracePath: join(FIXTURE_DIR, `${name}.trace`), cacheDir })
  const { storePath } = await engine.open()
  return { engine, db: new Database(storePath, { readonly: true }) }
}

/** Through the web mode's codec, as the renderer would receive it. */
const overWire = <T>(value: T): T => decode(encode(value)) as T

const counts = (s: RegionSummary | TaskSummary) =>
  Object.fromEntries(s.groups.map((g) => [g.type, g.count]))

describe('engine: regionSummary and taskSummary (annotations-go1.26)', () => {
  let engine: EngineApi
  let db: Database.Database
  beforeAll(async () => ({ engine, db } = await openFixture('annotations-go1.26')))
  afterAll(() => db?.close())

  it('returns what the regions analysis computes, unchanged by the wire codec', async () => {
    const summary = await engine.regionSummary()
    expect(summary).toEqual(summarizeRegions(db))
    expect(overWire(summary)).toEqual(summary)
    expect(counts(summary)).toEqual({
      crossing: 2,
      'handoff.work': 1,
      'item.lock': 3,
      'item.process': 3,
      'never-ended.region': 1,
      'open-at-start': 1,
      'quote "me"\ttab ü': 1,
      setup: 1,
      'setup.inner': 1,
      'setup.inner.deepest': 1,
    })
    const lock = summary.groups.find((g) => g.type === 'item.lock')!
    expect(lock.completeCount).toBe(3)
    expect(lock.durations).toMatchObject({ minNs: 114496, p50Ns: 186496, maxNs: 193088 })
    expect(lock.instances.map((r) => [r.gid, r.taskId])).toEqual([
      [24, 5],
      [23, 6],
      [22, 7],
    ])
  })

  it('names each instance by its row, as search and the timeline do; synthetic ones by none', async () => {
    const hits = (await engine.search('item.lock')).filter((h) => h.kind === 'region')
    const lock = (await engine.regionSummary({ type: 'item.lock' })).groups[0]!
    expect(lock.instances.map((r) => [r.id, r.gid, r.startNs])).toEqual(
      hits.map((h) => [h.id, h.gid, h.startNs]),
    )
    const synthetic = (await engine.regionSummary({ goCompat: true })).groups
      .flatMap((g) => g.instances)
      .filter((r) => r.synthetic)
    expect(synthetic.length).toBeGreaterThan(0)
    expect(synthetic.every((r) => r.id === null)).toBe(true)
  })

  it("gives Go's /userregions with goCompat", async () => {
    const want = goPage('annotations')['annotations-go1.26'] as {
      regions: { type: string; count: number; line: number }[]
    }
    const summary = await engine.regionSummary({ goCompat: true })
    expect(summary.groups.map((g) => [g.type, g.site?.line, g.count])).toEqual(
      want.regions.map((r) => [r.type, r.line, r.count]),
    )
  })

  it('keeps the instances a time range or goroutines cover, whole', async () => {
    const inRange = await engine.regionSummary({ fromNs: 1_600_000, toNs: 1_700_000 })
    expect(counts(inRange)).toEqual({ crossing: 1, 'item.lock': 2, 'item.process': 2 })
    // Not clipped: the instances keep their whole durations.
    expect(inRange.groups[1]!.durations).toMatchObject({ minNs: 114496, maxNs: 186496 })
    expect(inRange).toEqual(summarizeRegions(db, { fromNs: 1_600_000, toNs: 1_700_000 }))
    const g1 = await engine.regionSummary({ gids: [1] })
    expect(g1.groups.flatMap((g) => g.instances.map((r) => r.gid))).toEqual([1, 1, 1, 1, 1, 1])
    expect(counts(g1)).toEqual({
      crossing: 1,
      'open-at-start': 1,
      'quote "me"\ttab ü': 1,
      setup: 1,
      'setup.inner': 1,
      'setup.inner.deepest': 1,
    })
    expect((await engine.regionSummary({ type: 'setup', gids: [22] })).groups).toEqual([])
  })

  it('returns the tasks analysis: goroutines, regions and logs of each task', async () => {
    const summary = await engine.taskSummary()
    expect(summary).toEqual(summarizeTasks(db))
    expect(overWire(summary)).toEqual(summary)
    expect(counts(summary)).toEqual({
      '': 1,
      batch: 1,
      handoff: 1,
      item: 3,
      main: 1,
      'never-ended': 1,
    })
    const main = summary.groups.find((g) => g.type === 'main')!.instances[0]!
    expect([main.id, main.gids, main.regions.length, main.logs.length]).toEqual([
      2,
      [1, 25, 26],
      7,
      3,
    ])
    const items = summary.groups.find((g) => g.type === 'item')!
    expect(items.instances.map((t) => [t.id, t.parentId, t.gids])).toEqual([
      [7, 4, [22]],
      [6, 4, [23]],
      [5, 4, [24]],
    ])
    const want = goPage('annotations')['annotations-go1.26'] as {
      tasks: { type: string; count: number }[]
    }
    expect(counts(await engine.taskSummary({ goCompat: true }))).toEqual(
      Object.fromEntries(want.tasks.map((t) => [t.type, t.count])),
    )
  })

  it('scopes tasks by time range and goroutines', async () => {
    expect(counts(await engine.taskSummary({ fromNs: 1_600_000, toNs: 1_700_000 }))).toEqual({
      batch: 1,
      item: 3,
      main: 1,
    })
    expect(counts(await engine.taskSummary({ gids: [22] }))).toEqual({ item: 1 })
  })
})

describe('engine: mmu (gc-go1.26)', () => {
  let engine: EngineApi
  let db: Database.Database
  beforeAll(async () => ({ engine, db } = await openFixture('gc-go1.26')))
  afterAll(() => db?.close())

  it("gives Go's /mmu curve with goCompat, for all Ps and per P", async () => {
    const pages = goPage('mmu')['gc-go1.26'] as Record<
      string,
      { xMin: number; xMax: number; curve: [number, number][] }
    >
    for (const [key, perProc] of [
      ['stw|background|assist', false],
      ['perProc|stw|assist', true],
    ] as const) {
      const want = pages[key]!
      const flags = perProc ? { stw: true, assist: true, perProc } : { ...GO_DEFAULT_MMU_FLAGS }
      const r = await engine.mmu({ ...flags, goCompat: true })
      expect([r.curve.xMinNs, r.curve.xMaxNs], key).toEqual([want.xMin, want.xMax])
      expect(r.curve.points.map((p) => p[0])).toEqual(want.curve.map((p) => p[0]))
      r.curve.points.forEach(([, u], i) => expect(u, key).toBeCloseTo(want.curve[i]![1], 9))
    }
  })

  it('adds the MMU at round windows and the worst windows of one, as the analysis does', async () => {
    const r = await engine.mmu({ ...GO_DEFAULT_MMU_FLAGS, windowNs: 1e6 })
    expect(overWire(r)).toEqual(r)
    const direct = computeMmu(db, GO_DEFAULT_MMU_FLAGS, 1e6)
    expect(r.curve).toEqual(direct.curve)
    expect(r.window).toEqual(direct.window)
    // The trace lasts 243 ms: 1 s is left out.
    const curve = new MMUCurve(readUtilization(db, GO_DEFAULT_MMU_FLAGS))
    expect(r.atWindows).toEqual(
      [1e5, 1e6, 1e7, 1e8].map((w) => ({ windowNs: w, mmu: curve.mmu(w) })),
    )
    expect(r.atWindows![0]!.mmu).toBe(0)
    expect(r.atWindows![3]!.mmu).toBeGreaterThan(0.7)
    // Sweeping counts too: never a higher utilization.
    const sweep = await engine.mmu({ ...GO_DEFAULT_MMU_FLAGS, sweep: true })
    sweep.atWindows!.forEach((m, i) => expect(m.mmu).toBeLessThanOrEqual(r.atWindows![i]!.mmu))
  })

  it('reports progress while it runs, and none after', async () => {
    const seen: (number | undefined)[] = []
    let done = false
    const run = engine.mmu({ ...GO_DEFAULT_MMU_FLAGS }).then(() => (done = true))
    while (!done) {
      seen.push(await engine.mmuProgress())
      await nextTurn()
    }
    await run
    expect(seen.some((p) => p !== undefined && p > 0 && p < 1)).toBe(true)
    const defined = seen.filter((p) => p !== undefined)
    expect(defined).toEqual([...defined].sort((a, b) => a - b))
    expect(await engine.mmuProgress()).toBeUndefined()
  })

  it('a newer call supersedes the one under way, and cancelMmu stops it', async () => {
    const first = engine.mmu({ ...GO_DEFAULT_MMU_FLAGS })
    const second = engine.mmu({ stw: true, perProc: true })
    await expect(first).rejects.toThrow(/MMU cancelled/)
    await expect(first).rejects.toBeInstanceOf(JobCancelledError)
    expect((await second).curve).toEqual(computeMmu(db, { stw: true, perProc: true }).curve)
    const third = engine.mmu({ ...GO_DEFAULT_MMU_FLAGS })
    await nextTurn()
    await engine.cancelMmu()
    await expect(third).rejects.toThrow(/MMU cancelled/)
    expect(await engine.mmuProgress()).toBeUndefined()
  })
})

describe('engine analyses over Comlink and the WebSocket codec (web mode)', () => {
  let server: WebSocketServer
  let client: WebSocket
  let remote: Comlink.Remote<EngineApi>
  beforeAll(async () => {
    const engine = createEngine({ tracePath: join(FIXTURE_DIR, 'gc-go1.26.trace'), cacheDir })
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    server.on('connection', (socket) => Comlink.expose(engine, socketEndpoint(socket)))
    await new Promise((resolve) => server.once('listening', resolve))
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
    remote = Comlink.wrap<EngineApi>(socketEndpoint(client))
  })
  afterAll(async () => {
    client?.close()
    for (const c of server?.clients ?? []) c.terminate()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('supersedes an mmu call with a later one, and the rejection names the cancellation', async () => {
    const first = remote.mmu({ ...GO_DEFAULT_MMU_FLAGS })
    const second = remote.mmu({ ...GO_DEFAULT_MMU_FLAGS, sweep: true })
    const error = (await first.then(
      () => undefined,
      (e: unknown) => e,
    )) as Error | undefined
    expect(error?.name).toBe('JobCancelledError')
    const r: MmuResult = await second
    expect(r.flags).toEqual({ ...GO_DEFAULT_MMU_FLAGS, sweep: true })
    expect(r.curve.points).toHaveLength(100)
    expect((await remote.regionSummary()).groups).toEqual([])
  })
})

describe('JobSlot', () => {
  function* count(n: number, log: number[]): Generator<number, string, void> {
    for (let i = 0; i < n; i++) {
      log.push(i)
      yield i / n
    }
    return `done ${n}`
  }

  it('runs a job step by step and cancels it between steps', async () => {
    const slot = new JobSlot('Counting')
    const log: number[] = []
    expect(await slot.run(Promise.resolve(3), (n) => count(n, log))).toBe('done 3')
    expect(log).toEqual([0, 1, 2])
    const stopped: number[] = []
    const job = slot.run(Promise.resolve(1000), (n) => count(n, stopped))
    await nextTurn()
    slot.cancel()
    await expect(job).rejects.toThrow('Counting cancelled')
    expect(stopped.length).toBeLessThan(10)
    expect(slot.progress()).toBeUndefined()
  })

  it('stops a job superseded while it waits for its input', async () => {
    const slot = new JobSlot('Counting')
    let open!: (n: number) => void
    const log: number[] = []
    const first = slot.run(new Promise<number>((r) => (open = r)), (n) => count(n, log))
    const second = slot.run(Promise.resolve(2), (n) => count(n, []))
    open(5)
    await expect(first).rejects.toBeInstanceOf(JobCancelledError)
    expect(log).toEqual([])
    expect(await second).toBe('done 2')
  })
})
