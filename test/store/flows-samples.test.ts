import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FLOW_KIND, SAMPLE_FRAMES, type FlowBlock } from '../../common/timeline-api.ts'
import { EventKind, GoState } from '../../main/decode/model.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { queryFlows } from '../../main/store/flows.ts'
import { readGoroutineStates } from '../../main/store/read-chunks.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-flows-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

interface Wake {
  gid: number
  startNs: number
  /** Infinity while still runnable at the end of the trace. */
  endNs: number
  cause: number
  create: boolean
}

/**
 * Every runnable interval another goroutine caused, straight from the decoder's events: a
 * transition to Runnable made by an event of goroutine `cause` (not a status report of a
 * goroutine already runnable when the trace began), until the goroutine's next transition.
 */
function wakesFromEvents(path: string): Wake[] {
  const reader = TraceReader.open(path)
  const wakes: Wake[] = []
  const open = new Map<number, Wake>()
  for (let ev = reader.readEvent(); ev !== undefined; ev = reader.readEvent()) {
    if (ev.kind() !== EventKind.StateTransition || ev.isProcTransition()) continue
    const t = ev.stateTransition()
    if (t.from === t.to) continue
    const o = open.get(t.id)
    if (o !== undefined) {
      o.endNs = ev.time
      open.delete(t.id)
    }
    if (t.to !== GoState.Runnable || t.from === GoState.Undetermined) continue
    if (ev.g < 0 || ev.g === t.id) continue
    const w = {
      gid: t.id,
      startNs: ev.time,
      endNs: Infinity,
      cause: ev.g,
      create: t.from === GoState.NotExist,
    }
    wakes.push(w)
    open.set(t.id, w)
  }
  return wakes
}

type Row = [timeNs: number, from: number, to: number, kind: number]

function rows(b: FlowBlock): Row[] {
  return [...b.timeNs].map((t, i) => [t, b.fromGid[i]!, b.toGid[i]!, b.kind[i]!])
}

/** What flows(gid, from, to) must return, by its definition, from the decoder's wakes. */
function expectedFlows(wakes: Wake[], gid: number, fromNs: number, toNs: number): Row[] {
  const row = (w: Wake): Row => [
    w.startNs,
    w.cause,
    w.gid,
    w.create ? FLOW_KIND.create : FLOW_KIND.unblock,
  ]
  const into = wakes.filter((w) => w.gid === gid && w.startNs <= toNs && w.endNs >= fromNs)
  const out = wakes.filter(
    (w) => w.cause === gid && w.gid !== gid && w.startNs >= fromNs && w.startNs <= toNs,
  )
  return [...into, ...out].map(row).sort((a, b) => a[0] - b[0] || a[2] - b[2])
}

describe('engine.flows on real traces', () => {
  for (const name of ['blocking-go1.26', 'blocking-go1.19', 'gc-go1.26', 'netblock-go1.22']) {
    it(`${name}: flows into and out of goroutines are the decoder's wake-ups and creations`, async () => {
      const f = fixtures().find((x) => x.name === name)!
      const wakes = wakesFromEvents(f.tracePath)
      expect(wakes.length).toBeGreaterThan(10)
      expect(wakes.some((w) => w.create)).toBe(true)
      const engine = createEngine({ tracePath: f.tracePath, cacheDir })
      const { durationNs, storePath } = await engine.open()

      // The goroutine that woke or created the most others, over the whole trace.
      const byCause = new Map<number, number>()
      for (const w of wakes) byCause.set(w.cause, (byCause.get(w.cause) ?? 0) + 1)
      const [waker] = [...byCause].sort((a, b) => b[1] - a[1])[0]!
      const whole = await engine.flows(waker, 0, durationNs)
      expect(whole.truncated).toBe(false)
      expect(rows(whole)).toEqual(expectedFlows(wakes, waker, 0, durationNs))
      expect(whole.fromGid.filter((g) => g === waker).length).toBe(byCause.get(waker))

      // Each of its running intervals (up to 40): whom it woke then, and who woke it before.
      const db = new Database(storePath, { readonly: true })
      const states = readGoroutineStates(db, waker)
      db.close()
      let checked = 0
      let withOut = 0
      let withIn = 0
      for (let i = 0; i < states.count && checked < 40; i++) {
        if (states.state[i] !== 3) continue
        const s = states.startNs[i]!
        const e = Number.isNaN(states.endNs[i]) ? durationNs : states.endNs[i]!
        const got = rows(await engine.flows(waker, s, e))
        expect(got).toEqual(expectedFlows(wakes, waker, s, e))
        if (got.some((r) => r[1] === waker)) withOut++
        if (got.some((r) => r[2] === waker)) withIn++
        checked++
      }
      expect(checked).toBeGreaterThan(0)
      expect(withOut).toBeGreaterThan(0)

      // A goroutine woken by another: its runnable interval's flow, and the running one after.
      const woken = wakes.find((w) => !w.create && Number.isFinite(w.endNs))!
      const got = rows(await engine.flows(woken.gid, woken.startNs, woken.endNs))
      expect(got).toContainEqual([woken.startNs, woken.cause, woken.gid, FLOW_KIND.unblock])
      const after = rows(await engine.flows(woken.gid, woken.endNs, woken.endNs + 1))
      expect(after).toContainEqual([woken.startNs, woken.cause, woken.gid, FLOW_KIND.unblock])
      expect(withIn + got.length).toBeGreaterThan(0)
    })
  }

  it('says when it stopped looking through goroutines early', async () => {
    const f = fixtures().find((x) => x.name === 'gc-go1.26')!
    const engine = createEngine({ tracePath: f.tracePath, cacheDir })
    const { durationNs, storePath } = await engine.open()
    const db = new Database(storePath, { readonly: true })
    const full = queryFlows(db, 1, 0, durationNs)
    const cut = queryFlows(db, 1, 0, durationNs, 100)
    db.close()
    expect(full.truncated).toBe(false)
    expect(cut.truncated).toBe(true)
    expect(cut.timeNs.length).toBeLessThanOrEqual(full.timeNs.length)
  })
})

describe('CPU samples in viewport queries', () => {
  for (const name of ['cpuprofile-go1.26', 'cpuprofile-go1.21', 'cpuprofile-go1.19']) {
    it(`${name}: ticks count every sample of a track in the window, at any zoom`, async () => {
      const f = fixtures().find((x) => x.name === name)!
      let decoded = 0
      const reader = TraceReader.open(f.tracePath)
      for (let ev = reader.readEvent(); ev !== undefined; ev = reader.readEvent()) {
        if (ev.kind() === EventKind.StackSample) decoded++
      }
      const engine = createEngine({ tracePath: f.tracePath, cacheDir })
      const { storePath } = await engine.open()
      const tracks = await engine.tracks()
      expect(decoded).toBeGreaterThan(0)
      expect(tracks.cpuSamples).toBe(decoded)

      const db = new Database(storePath, { readonly: true })
      const all = db
        .prepare('SELECT time_ns, gid, p, stack FROM cpu_samples ORDER BY time_ns')
        .all() as {
        time_ns: number
        gid: number
        p: number
        stack: number | null
      }[]
      const funcsOf = (stack: number | null) =>
        stack === null
          ? []
          : (db
              .prepare(
                `SELECT s.value FROM stack_frames sf JOIN frames f ON f.id = sf.frame_id
                 JOIN strings s ON s.id = f.func_id WHERE sf.stack_id = ? ORDER BY sf.pos`,
              )
              .pluck()
              .all(stack) as string[])
      const first = all[0]!
      const last = all[all.length - 1]!
      // A window holding all but the first and last samples.
      const win = { startNs: first.time_ns + 1, endNs: last.time_ns - 1 }
      const inWin = all.filter((s) => s.time_ns >= win.startNs && s.time_ns <= win.endNs)
      const gids = [...new Set(all.map((s) => s.gid))]
      const procs = [...new Set(all.map((s) => s.p))]
      const queries = [
        ...gids.map((id) => ({ kind: 'goroutine' as const, id })),
        ...procs.map((id) => ({ kind: 'proc' as const, id })),
        { kind: 'goroutine' as const, id: 999_999 },
      ]
      const samplesOf = (kind: string, id: number) =>
        inWin.filter((s) => (kind === 'goroutine' ? s.gid : s.p) === id)

      for (const nsPerPx of [1, (win.endNs - win.startNs) / 8, win.endNs - win.startNs]) {
        const r = await engine.viewport({
          ...win,
          nsPerPx,
          spans: [],
          counters: [],
          samples: queries,
        })
        expect(r.samples.length).toBe(queries.length)
        queries.forEach((q, i) => {
          const b = r.samples[i]!
          const want = samplesOf(q.kind, q.id)
          expect(b.count.reduce((a, c) => a + c, 0)).toBe(want.length)
          expect(b.frames.length).toBe(b.startNs.length * SAMPLE_FRAMES)
          for (let j = 0; j < b.startNs.length; j++) {
            expect(b.startNs[j]!).toBeGreaterThanOrEqual(win.startNs)
            expect(b.endNs[j]!).toBeLessThanOrEqual(win.endNs)
            expect(b.endNs[j]!).toBeGreaterThanOrEqual(b.startNs[j]!)
            // Ticks are at least a pixel apart; closer samples were merged.
            if (j > 0) expect(b.startNs[j]! - b.endNs[j - 1]!).toBeGreaterThanOrEqual(r.nsPerPx)
          }
          if (want.length === 0) return
          // The first tick starts at the track's first sample and names its stack's top frames.
          expect(b.startNs[0]).toBe(want[0]!.time_ns)
          const names = [...b.frames.slice(0, SAMPLE_FRAMES)]
            .filter((id) => id > 0)
            .map((id) => r.strings[id])
          expect(names).toEqual(funcsOf(want[0]!.stack).slice(0, SAMPLE_FRAMES))
          expect(names.length).toBeGreaterThan(0)
          if (nsPerPx === 1) expect([...b.startNs]).toEqual(want.map((s) => s.time_ns))
        })
        if (nsPerPx === win.endNs - win.startNs) {
          // The window is at most two pixels wide: at most two ticks a track.
          for (const b of r.samples) expect(b.startNs.length).toBeLessThanOrEqual(2)
        }
      }
      db.close()
      // No samples asked for, none returned.
      const none = await engine.viewport({ ...win, nsPerPx: 1, spans: [], counters: [] })
      expect(none.samples).toEqual([])
    })
  }

  it('a trace without a CPU profile has no samples', async () => {
    const f = fixtures().find((x) => x.name === 'blocking-go1.26')!
    expect((await createEngine({ tracePath: f.tracePath, cacheDir }).tracks()).cpuSamples).toBe(0)
  })
})
