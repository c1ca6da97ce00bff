import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../main/engine/engine.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-engine-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

describe('engine analyses and search', () => {
  const f = fixtures().find((x) => x.name === 'blocking-go1.26')!
  const engine = createEngine({ tracePath: f.tracePath, cacheDir })

  it('profiles a time window as a part of the whole', async () => {
    const whole = await engine.profile('sched')
    const { durationNs } = await engine.open()
    const half = await engine.profile('sched', { toNs: durationNs / 2 })
    const rest = await engine.profile('sched', { fromNs: durationNs / 2 })
    expect(whole.totalCount).toBeGreaterThan(0)
    // Clipping at the edge splits intervals that cross it between both halves.
    expect(half.totalDelayNs + rest.totalDelayNs).toBe(whole.totalDelayNs)
  })

  it('exports a gzipped pprof profile and folded stacks', async () => {
    const pprof = await engine.exportProfile('sync', {}, 'pprof')
    expect(gunzipSync(pprof).length).toBeGreaterThan(0)
    const folded = new TextDecoder().decode(await engine.exportProfile('sync', {}, 'folded'))
    expect(folded).toMatch(/^\S.* \d+$/m)
  })

  it('finds goroutines by ID and by start function', async () => {
    const byName = await engine.search('main.main')
    expect(byName[0]?.kind).toBe('goroutine')
    const g = byName[0]!
    const byId = await engine.search(`G${g.id}`)
    expect(byId[0]).toEqual(g)
    expect(await engine.search('')).toEqual([])
  })

  it('gives a goroutine span’s details with its stacks', async () => {
    const { durationNs } = await engine.open()
    const res = await engine.viewport({
      startNs: 0,
      endNs: durationNs,
      nsPerPx: 1,
      spans: [{ kind: 'goroutine', id: 1 }],
      counters: [],
    })
    const b = res.spans[0]!
    const i = b.code.findIndex((c) => c === 4) // a wait of main.main
    expect(i).toBeGreaterThanOrEqual(0)
    const mid = (b.startNs[i]! + b.endNs[i]!) / 2
    const d = (await engine.goroutineSpan(1, mid))!
    expect(d.state).toBe(4)
    expect([d.startNs, d.endNs]).toEqual([b.startNs[i], b.endNs[i]])
    expect(d.reason).toBe(res.strings[b.id[i]!])
    // It blocked in its own code: the stack that entered the wait names main.main.
    expect(
      d.startStack?.some((f) => f.func === 'main.main' && f.line > 0 && f.file.endsWith('.go')),
    ).toBe(true)
    expect(await engine.goroutineSpan(1, durationNs + 1e9)).toBeUndefined()
  })
})
