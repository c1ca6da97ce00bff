import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROFILE_TYPES, type Profile } from '../../common/analysis-api.ts'
import { formatFolded } from '../../main/analyze/folded.ts'
import { encodePprof } from '../../main/analyze/pprof-export.ts'
import { computeProfile } from '../../main/analyze/profile.ts'
import { ScopeError } from '../../main/analyze/profile-scope.ts'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'
import { pprofFileSamples, pprofSamples, profileSamples } from '../support/pprof-samples.ts'
import { syntheticStore } from '../support/synthetic-store.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-profile-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

async function openFixture(tracePath: string): Promise<Database.Database> {
  const info = await openStore(tracePath, { cacheDir })
  return new Database(info.path, { readonly: true })
}

describe('profiles equal go tool trace -pprof on every fixture', () => {
  for (const f of fixtures()) {
    it(f.name, async () => {
      const db = await openFixture(f.tracePath)
      try {
        for (const type of PROFILE_TYPES) {
          const want = pprofFileSamples(f.profilePath(type))
          const profile = computeProfile(db, type)
          expect(profileSamples(profile), type).toEqual(want)
          // The sums kept at ingest (state_totals) give what a scan of every interval gives.
          const scanned = computeProfile(db, type, { toNs: Number.MAX_SAFE_INTEGER })
          expect(scanned, `${type} scanned`).toEqual(profile)
          // The export carries the same samples.
          expect(pprofSamples(encodePprof(profile)), `${type} export`).toEqual(want)
        }
      } finally {
        db.close()
      }
    })
  }
})

const RUNNABLE = 2
const RUNNING = 3
const WAITING = 4

/**
 * G1 main.main blocks on a channel (100-300) and a mutex (500-900); G2 main.worker, created at 50
 * and first run at 120, blocks on the mutex (200-600) inside region "work" (task 7) and exits at
 * 800; G3 blocks on a mutex from 900 until the end. Stacks: 1 the mutex, 2 the channel, 3 a waker.
 */
function handMade(): Database.Database {
  return syntheticStore({
    durationNs: 1000,
    stacks: {
      1: ['sync.(*Mutex).Lock', 'main.worker'],
      2: ['runtime.chanrecv1', 'main.main'],
      3: ['main.waker'],
    },
    goroutines: [
      {
        gid: 1,
        name: 'main.main',
        firstRunNs: 0,
        states: [
          { state: RUNNING, startNs: 0, endNs: 100 },
          { state: WAITING, startNs: 100, endNs: 300, reason: 'chan receive', startStack: 2 },
          { state: RUNNABLE, startNs: 300, endNs: 350, startStack: 3 },
          { state: RUNNING, startNs: 350, endNs: 500 },
          { state: WAITING, startNs: 500, endNs: 900, reason: 'sync', startStack: 1 },
          { state: RUNNING, startNs: 900, endNs: null },
        ],
      },
      {
        gid: 2,
        name: 'main.worker',
        createdNs: 50,
        firstRunNs: 120,
        endNs: 800,
        states: [
          { state: RUNNABLE, startNs: 50, endNs: 120, startStack: 2 },
          { state: RUNNING, startNs: 120, endNs: 200 },
          { state: WAITING, startNs: 200, endNs: 600, reason: 'sync', startStack: 1 },
          { state: RUNNABLE, startNs: 600, endNs: 610, startStack: 3 },
          { state: RUNNING, startNs: 610, endNs: 800 },
        ],
      },
      {
        gid: 3,
        name: 'main.idle',
        firstRunNs: 0,
        states: [
          { state: RUNNING, startNs: 0, endNs: 900 },
          { state: WAITING, startNs: 900, endNs: null, reason: 'sync', startStack: 1 },
        ],
      },
    ],
    regions: [
      { gid: 2, type: 'work', taskId: 8, startNs: 150, endNs: 650 },
      { gid: 2, type: 'work', taskId: 8, startNs: 160, endNs: 170 },
      { gid: 1, type: 'setup', taskId: 7, startNs: null, endNs: 200 },
    ],
    tasks: [
      { id: 7, type: 'request', startNs: 0, endNs: 900 },
      { id: 8, parentId: 7, type: 'step', startNs: 140, endNs: 700 },
    ],
  })
}

/** (leaf function, count, delay) per sample, for readable expectations. */
function summary(p: Profile): [string, number, number][] {
  return p.samples.map((s) => [
    s.stack.length === 0 ? '' : p.frames[s.stack[0]!]!.func,
    s.count,
    s.delayNs,
  ])
}

describe('scoped profiles (hand-computed)', () => {
  const db = handMade()
  afterAll(() => db.close())

  it('whole trace: open intervals are not recorded', () => {
    const p = computeProfile(db, 'sync')
    expect(summary(p)).toEqual([
      ['sync.(*Mutex).Lock', 2, 800],
      ['runtime.chanrecv1', 1, 200],
    ])
    expect([p.totalCount, p.totalDelayNs]).toEqual([3, 1000])
  })

  it('a window clips the intervals crossing its edges', () => {
    expect(summary(computeProfile(db, 'sync', { fromNs: 250, toNs: 550 }))).toEqual([
      ['sync.(*Mutex).Lock', 2, 350],
      ['runtime.chanrecv1', 1, 50],
    ])
    expect(summary(computeProfile(db, 'sync', { fromNs: 300, toNs: 500 }))).toEqual([
      ['sync.(*Mutex).Lock', 1, 200],
    ])
  })

  it('goroutine ids and start-function text', () => {
    const want = [['sync.(*Mutex).Lock', 1, 400]]
    expect(summary(computeProfile(db, 'sync', { gids: [2] }))).toEqual(want)
    expect(summary(computeProfile(db, 'sync', { nameContains: 'work' }))).toEqual(want)
    expect(() => computeProfile(db, 'sync', { nameContains: 'nope' })).toThrow(ScopeError)
  })

  it("sched: Go's span drops the wait before the first run; lifetime keeps it", () => {
    expect(summary(computeProfile(db, 'sched'))).toEqual([['main.waker', 2, 60]])
    expect(summary(computeProfile(db, 'sched', { goroutineSpan: 'lifetime' }))).toEqual([
      ['runtime.chanrecv1', 1, 70],
      ['main.waker', 2, 60],
    ])
  })

  it('a region type counts outermost regions only, clipped by the window', () => {
    expect(summary(computeProfile(db, 'sync', { regionType: 'work' }))).toEqual([
      ['sync.(*Mutex).Lock', 1, 400],
    ])
    expect(summary(computeProfile(db, 'sched', { regionType: 'work' }))).toEqual([
      ['main.waker', 1, 10],
    ])
    expect(summary(computeProfile(db, 'sync', { regionType: 'work', toNs: 300 }))).toEqual([
      ['sync.(*Mutex).Lock', 1, 100],
    ])
    expect(() => computeProfile(db, 'sync', { regionType: 'none' })).toThrow(ScopeError)
  })

  it("a task counts its regions and its subtasks' (a missing start is the trace start)", () => {
    expect(summary(computeProfile(db, 'sync', { taskId: 7 }))).toEqual([
      ['sync.(*Mutex).Lock', 1, 400],
      ['runtime.chanrecv1', 1, 100],
    ])
    expect(summary(computeProfile(db, 'sync', { taskId: 8 }))).toEqual([
      ['sync.(*Mutex).Lock', 1, 400],
    ])
    expect(() => computeProfile(db, 'sync', { taskId: 99 })).toThrow(ScopeError)
  })

  it('folded stacks are root first and merge equal names', () => {
    expect(formatFolded(computeProfile(db, 'sync'))).toBe(
      'main.worker;sync.(*Mutex).Lock 800\nmain.main;runtime.chanrecv1 200\n',
    )
    expect(formatFolded(computeProfile(db, 'sync'), 'count')).toBe(
      'main.worker;sync.(*Mutex).Lock 2\nmain.main;runtime.chanrecv1 1\n',
    )
  })
})

/** `go` on PATH, or under GOROOT; undefined when there is no toolchain (CI). */
function findGo(): string | undefined {
  for (const go of [process.env['GOROOT'] ? join(process.env['GOROOT'], 'bin', 'go') : '', 'go']) {
    if (go !== '' && spawnSync(go, ['version']).status === 0) return go
  }
  return undefined
}

describe('go tool pprof reads the exports', () => {
  const go = findGo()
  if (go === undefined) {
    console.log('skipping the go tool pprof check: no Go toolchain (go on PATH or in GOROOT)')
  }
  it.skipIf(go === undefined)('blocking-go1.26, every type', async () => {
    const f = fixtures().find((x) => x.name === 'blocking-go1.26')!
    const db = await openFixture(f.tracePath)
    try {
      for (const type of PROFILE_TYPES) {
        const file = join(cacheDir, `${type}.pb.gz`)
        const profile = computeProfile(db, type)
        writeFileSync(file, encodePprof(profile))
        const run = spawnSync(go!, ['tool', 'pprof', '-raw', file], {
          encoding: 'utf8',
          env: { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off' },
        })
        expect(run.status, run.stderr).toBe(0)
        expect(run.stdout).toContain('contentions/count delay/nanoseconds')
        const samples = run.stdout.split('Samples:')[1]!.split('Locations')[0]!
        expect(samples.trim().split('\n').length - 1).toBe(profile.samples.length)
      }
    } finally {
      db.close()
    }
  })
})
