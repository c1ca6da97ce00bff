import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EventKind, GoState, ResourceKind } from '../../main/decode/model.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { readGcWork, readGoroutineStates, readRuns } from '../../main/store/read-chunks.ts'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-store-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

/** What the decoder says, counted the simplest way, to hold the store against. */
function reference(path: string) {
  const reader = TraceReader.open(path)
  const goroutines = new Set<number>()
  const open = new Map<number, { state: GoState; start: number }>()
  const closedNs = new Map<GoState, number>()
  const closedCount = new Map<GoState, number>()
  let regionBegins = 0
  let unmatchedRegionEnds = 0
  const regionDepth = new Map<number, number>()
  let logs = 0
  let samples = 0
  const tasks = new Set<number>()
  // GC ranges as "kind key start end swept" (start "before" for one active when the trace began).
  const ranges: string[] = []
  const openRanges = new Map<string, { start: string; kind: number; key: number }>()
  for (let ev = reader.readEvent(); ev !== undefined; ev = reader.readEvent()) {
    switch (ev.kind()) {
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd: {
        const r = ev.range()
        const kind = rangeKinds[r.name] ?? 4
        const key = r.scope === ResourceKind.None ? -1 : r.scopeID
        const id = `${kind} ${key}`
        if (ev.kind() === EventKind.RangeEnd) {
          const start = openRanges.get(id)?.start ?? 'before'
          openRanges.delete(id)
          ranges.push(`${id} ${start} ${ev.time} ${ev.sweepAttributes()?.swept ?? null}`)
        } else if (!openRanges.has(id)) {
          const start = ev.kind() === EventKind.RangeBegin ? String(ev.time) : 'before'
          openRanges.set(id, { start, kind, key })
        }
        break
      }
      case EventKind.StateTransition: {
        if (ev.isProcTransition()) break
        const t = ev.stateTransition()
        if (t.from === t.to) break
        goroutines.add(t.id)
        const o = open.get(t.id)
        if (o !== undefined) {
          closedNs.set(o.state, (closedNs.get(o.state) ?? 0) + (ev.time - o.start))
          closedCount.set(o.state, (closedCount.get(o.state) ?? 0) + 1)
          open.delete(t.id)
        }
        if (t.to >= GoState.Runnable) open.set(t.id, { state: t.to as GoState, start: ev.time })
        break
      }
      case EventKind.RegionBegin:
        regionBegins++
        regionDepth.set(ev.g, (regionDepth.get(ev.g) ?? 0) + 1)
        break
      case EventKind.RegionEnd: {
        const d = regionDepth.get(ev.g) ?? 0
        if (d === 0) unmatchedRegionEnds++
        else regionDepth.set(ev.g, d - 1)
        break
      }
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        tasks.add(ev.task().id)
        break
      case EventKind.Log:
        logs++
        break
      case EventKind.StackSample:
        samples++
        break
    }
  }
  reader.close()
  for (const [id, o] of openRanges) ranges.push(`${id} ${o.start} open null`)
  return {
    ranges,
    goroutines,
    open,
    closedNs,
    closedCount,
    regions: regionBegins + unmatchedRegionEnds,
    logs,
    samples,
    tasks,
  }
}

const all = fixtures().filter((f) => f.deterministic)

const rangeKinds: Record<string, number> = {
  'GC concurrent mark phase': 1,
  'GC incremental sweep': 2,
  'GC mark assist': 3,
}

/** The store's GC ranges, as reference() writes them. */
function storedRanges(db: Database.Database): string[] {
  const out: string[] = []
  const rows = db.prepare('SELECT kind, gid, start_ns, end_ns, swept_bytes FROM ranges').all() as {
    kind: number
    gid: number
    start_ns: number | null
    end_ns: number | null
    swept_bytes: number | null
  }[]
  for (const r of rows) {
    out.push(`${r.kind} ${r.gid} ${r.start_ns ?? 'before'} ${r.end_ns ?? 'open'} ${r.swept_bytes}`)
  }
  const keys = db.prepare('SELECT DISTINCT kind, key FROM gc_work_chunks').all() as {
    kind: 2 | 3
    key: number
  }[]
  for (const { kind, key } of keys) {
    const w = readGcWork(db, kind, key)
    for (let i = 0; i < w.count; i++) {
      const start = (w.flags[i]! & 1) !== 0 ? 'before' : w.startNs[i]
      const end = Number.isNaN(w.endNs[i]) ? 'open' : w.endNs[i]
      const swept = Number.isNaN(w.sweptBytes[i]) ? null : w.sweptBytes[i]
      out.push(`${kind} ${key} ${start} ${end} ${swept}`)
    }
  }
  return out
}

describe('the store holds what the decoder read', () => {
  for (const f of all) {
    it(f.name, async () => {
      const info = await openStore(f.tracePath, { cacheDir })
      expect(info.cached).toBe(false)
      const ref = reference(f.tracePath)
      const db = new Database(info.path, { readonly: true })
      try {
        const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n
        expect(one('SELECT count(*) AS n FROM goroutines')).toBe(ref.goroutines.size)
        expect(one('SELECT count(*) AS n FROM regions')).toBe(ref.regions)
        expect(one('SELECT count(*) AS n FROM logs')).toBe(ref.logs)
        expect(one('SELECT count(*) AS n FROM cpu_samples')).toBe(ref.samples)
        expect(one('SELECT count(*) AS n FROM tasks')).toBe(ref.tasks.size)
        expect(storedRanges(db).sort()).toEqual(ref.ranges.sort())

        // Every interval, decoded back from the chunks: totals per state, and the open ones.
        const s = readGoroutineStates(db)
        const ns = new Map<number, number>()
        const count = new Map<number, number>()
        let openAtEnd = 0
        for (let i = 0; i < s.count; i++) {
          if (Number.isNaN(s.endNs[i])) {
            openAtEnd++
            continue
          }
          expect(s.endNs[i]).toBeGreaterThanOrEqual(s.startNs[i]!)
          ns.set(s.state[i]!, (ns.get(s.state[i]!) ?? 0) + s.endNs[i]! - s.startNs[i]!)
          count.set(s.state[i]!, (count.get(s.state[i]!) ?? 0) + 1)
        }
        expect(openAtEnd).toBe(ref.open.size)
        for (const state of [GoState.Runnable, GoState.Running, GoState.Waiting, GoState.Syscall]) {
          expect(ns.get(state) ?? 0, `ns in state ${state}`).toBe(ref.closedNs.get(state) ?? 0)
          expect(count.get(state) ?? 0, `intervals in state ${state}`).toBe(
            ref.closedCount.get(state) ?? 0,
          )
        }

        // Runs on each P never overlap and are in time order.
        const procs = db.prepare('SELECT DISTINCT p FROM proc_run_chunks').all() as { p: number }[]
        for (const { p } of procs) {
          const runs = readRuns(db, 'proc_run_chunks', p)
          for (let i = 1; i < runs.count; i++) {
            expect(runs.startNs[i]!, `P${p} run ${i}`).toBeGreaterThanOrEqual(runs.endNs[i - 1]!)
          }
        }

        // Every running or syscall interval is a run of its M, and of its P until it lost it.
        const execs = { proc: [] as string[], thread: [] as string[] }
        for (let i = 0; i < s.count; i++) {
          if (s.state[i] !== GoState.Running && s.state[i] !== GoState.Syscall) continue
          const run = `${s.gid[i]} ${s.state[i]} ${s.startNs[i]}`
          if (s.p[i]! >= 0) execs.proc.push(`P${s.p[i]} ${run}`)
          if (s.m[i]! >= 0) execs.thread.push(`M${s.m[i]} ${run} ${s.endNs[i]}`)
        }
        const stored = { proc: [] as string[], thread: [] as string[] }
        for (const [kind, table, key] of [
          ['proc', 'proc_run_chunks', 'p'],
          ['thread', 'thread_run_chunks', 'm'],
        ] as const) {
          const keys = db.prepare(`SELECT DISTINCT ${key} AS k FROM ${table}`).all() as {
            k: number
          }[]
          for (const { k } of keys) {
            const r = readRuns(db, table, k)
            for (let i = 0; i < r.count; i++) {
              const run = `${kind === 'proc' ? 'P' : 'M'}${k} ${r.gid[i]} ${r.state[i]} ${r.startNs[i]}`
              stored[kind].push(kind === 'proc' ? run : `${run} ${r.endNs[i]}`)
            }
          }
        }
        expect(stored.proc.sort()).toEqual(execs.proc.sort())
        expect(stored.thread.sort()).toEqual(execs.thread.sort())
      } finally {
        db.close()
      }
      // Opening again reuses the store.
      const again = await openStore(f.tracePath, { cacheDir })
      expect(again.cached).toBe(true)
      expect(again.path).toBe(info.path)
    })
  }

  it('leaves no temporary files behind', () => {
    expect(readdirSync(cacheDir).filter((n) => n.includes('.tmp-'))).toEqual([])
  })
})
