import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { MmuFlags } from '../../common/analysis-api.ts'
import { computeMmu, MMUCurve } from '../../main/analyze/mmu.ts'
import { runCli } from '../../main/cli/main.ts'
import {
  decodeMmuInputs,
  MmuInputKind,
  MmuInputWriter,
  type MmuInput,
} from '../../main/store/build/mmu.ts'
import { openStore } from '../../main/store/ingest.ts'
import { FIXTURE_DIR } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-mmu-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

interface GoMmu {
  xMin: number
  xMax: number
  curve: [number, number][]
  /** Go's worst windows for 1 ms: [time on the trace clock, utilization] */
  worst: [number, number][]
}
const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, 'go-pages', 'mmu.json'), 'utf8'),
) as Record<string, Record<string, GoMmu>>

function goFlags(text: string, goCompat: boolean): MmuFlags {
  const on = new Set(text.split('|'))
  return {
    stw: on.has('stw'),
    background: on.has('background'),
    assist: on.has('assist'),
    sweep: on.has('sweep'),
    perProc: on.has('perProc'),
    goCompat,
  }
}

async function open(name: string): Promise<Database.Database> {
  const info = await openStore(join(FIXTURE_DIR, `${name}.trace`), { cacheDir })
  return new Database(info.path, { readonly: true })
}

describe("MMU with --go-compat equals go tool trace's /mmu", () => {
  for (const [name, byFlags] of Object.entries(expected)) {
    it(name, async () => {
      const db = await open(name)
      try {
        const epoch = Number(
          db.prepare(`SELECT value FROM meta WHERE key = 'epoch_ns'`).pluck().get(),
        )
        // Go 1.21 and older traces: Go's times count from the first event, as ours.
        const offset = name.endsWith('go1.19') ? 0 : epoch
        for (const [flags, want] of Object.entries(byFlags)) {
          const r = computeMmu(db, goFlags(flags, true), 1e6)
          expect([r.curve.xMinNs, r.curve.xMaxNs], flags).toEqual([want.xMin, want.xMax])
          expect(
            r.curve.points.map((p) => p[0]),
            flags,
          ).toEqual(want.curve.map((p) => p[0]))
          r.curve.points.forEach(([, u], i) => expect(u, flags).toBeCloseTo(want.curve[i]![1], 9))
          expect(
            r.window!.worst.map((w) => w.timeNs),
            flags,
          ).toEqual(want.worst.map((w) => w[0] - offset))
          r.window!.worst.forEach((w, i) => expect(w.util).toBeCloseTo(want.worst[i]![1], 9))
        }
      } finally {
        db.close()
      }
    })
  }

  it('corrects the background double count by default', async () => {
    const db = await open('gc-go1.26')
    try {
      const system = { stw: true, background: true, assist: true }
      const go = computeMmu(db, { ...system, goCompat: true }).curve.points
      const fixed = computeMmu(db, system).curve.points
      // Go's leak keeps Ps "busy" after their worker stopped: its utilization is never higher.
      fixed.forEach(([, u], i) => expect(u).toBeGreaterThanOrEqual(go[i]![1] - 1e-12))
      expect(fixed[99]![1]).toBeGreaterThan(go[99]![1] + 0.1)
      // Without background workers there is nothing to correct.
      expect(computeMmu(db, { stw: true, assist: true }).curve).toEqual(
        computeMmu(db, { stw: true, assist: true, goCompat: true }).curve,
      )
    } finally {
      db.close()
    }
  })
})

describe('MMUCurve', () => {
  // Utilization 1, then 0 for [100, 110), then 1 until the end at 200.
  const curve = new MMUCurve([{ times: [0, 100, 110, 200], utils: [1, 0, 1, 0] }])

  it('computes minimum mean utilization over windows', () => {
    expect(curve.mmu(5)).toBe(0)
    expect(curve.mmu(10)).toBe(0)
    expect(curve.mmu(20)).toBeCloseTo(0.5, 12)
    expect(curve.mmu(100)).toBeCloseTo(0.9, 12)
    // Windows longer than the series are capped to it.
    expect(curve.mmu(1000)).toBeCloseTo(0.95, 12)
    expect(curve.mmu(0)).toBe(0)
  })

  it('finds the worst disjoint windows', () => {
    const worst = curve.examples(20, 3)
    expect(worst[0]).toEqual({ timeNs: 90, util: 0.5 })
    expect(worst).toHaveLength(3)
    for (let i = 1; i < worst.length; i++) {
      expect(worst[i]!.util).toBeGreaterThanOrEqual(worst[i - 1]!.util)
    }
  })

  it('stores its inputs compactly and exactly', () => {
    const inputs: MmuInput[] = [
      { kind: MmuInputKind.Gomaxprocs, time: -1, p: -1, g: -1, arg: 8, exec: false },
      { kind: MmuInputKind.RangeActive, time: 5, p: 0, g: 7, arg: 3, exec: true },
      { kind: MmuInputKind.RangeBegin, time: 5, p: 2, g: -1, arg: 1, exec: false },
      { kind: MmuInputKind.Transition, time: 5000, p: 1, g: 2 ** 40, arg: 1, exec: false },
      { kind: MmuInputKind.Label, time: 4999, p: 3, g: 9, arg: 2, exec: false },
      { kind: MmuInputKind.Tick, time: 6000, p: -1, g: -1, arg: 0, exec: false },
      { kind: MmuInputKind.End, time: 2 ** 40, p: -1, g: -1, arg: 0, exec: false },
    ]
    const w = new MmuInputWriter()
    for (const x of inputs) w.put(x.kind, x.time, x.p, x.g, x.arg, x.exec)
    const row = w.take()
    expect([row.startNs, row.endNs, row.count]).toEqual([-1, 2 ** 40, 7])
    // kind byte, time delta, then p + 1 and g + 1, or the GOMAXPROCS value.
    expect(row.data.length).toBe(3 + 4 + 4 + (1 + 2 + 1 + 6) + 4 + 3 + 7)
    expect(Array.from(decodeMmuInputs(row.data, row.startNs), (x) => ({ ...x }))).toEqual(inputs)
  })
})

describe('gotrace mmu', () => {
  it('prints the curve, a window and JSON', async () => {
    let out = ''
    let err = ''
    const io = {
      stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
      stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
    }
    const trace = join(FIXTURE_DIR, 'gc-go1.26.trace')
    const run = (...args: string[]) => {
      out = ''
      err = ''
      return runCli(['mmu', trace, ...args, '--cache-dir', cacheDir], io)
    }
    expect(await run()).toBe(0)
    expect(out.split('\n')).toHaveLength(102)
    expect(await run('--window', '1ms', '--flags', 'stw,assist')).toBe(0)
    expect(out).toMatch(/^window 1ms: MMU 0\.000000$/m)
    expect(
      await run('--json', '--flags', 'perproc,stw,background,assist,sweep', '--go-compat'),
    ).toBe(0)
    const json = JSON.parse(out) as { curve: { xMaxNs: number } }
    expect(json.curve.xMaxNs).toBe(
      expected['gc-go1.26']!['perProc|stw|background|assist|sweep']!.xMax,
    )
    expect(await run('--flags', 'stw,gc')).toBe(2)
    expect(err).toBe(
      'gotrace: --flags: unknown flag "gc" (stw, background, assist, sweep, perproc)\n',
    )
  })
})
