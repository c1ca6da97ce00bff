import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { GoroutineSummary, Profile } from '../../common/analysis-api.ts'
import { runCli } from '../../main/cli/main.ts'
import { fixtures } from '../support/fixtures.ts'
import { pprofFileSamples, pprofSamples } from '../support/pprof-samples.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-analyze-cli-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))
const fixture = fixtures().find((f) => f.name === 'blocking-go1.26')!

function capture() {
  let out = ''
  let err = ''
  return {
    stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
    stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
    out: () => out,
    err: () => err,
  }
}

async function run(...args: string[]) {
  const io = capture()
  const code = await runCli([...args, '--cache-dir', cacheDir], io)
  return { code, out: io.out(), err: io.err() }
}

describe('gotrace profile', () => {
  it('writes the pprof file Go writes (same samples)', async () => {
    const file = join(cacheDir, 'sync.pb.gz')
    const r = await run('profile', fixture.tracePath, '--type', 'sync', '-o', file)
    expect(r).toEqual({ code: 0, out: '', err: '' })
    expect(pprofSamples(new Uint8Array(readFileSync(file)))).toEqual(
      pprofFileSamples(fixture.profilePath('sync')),
    )
  })

  it('prints JSON and folded stacks, scoped by the options', async () => {
    const whole = JSON.parse(
      (await run('profile', fixture.tracePath, '--type', 'sched', '--format', 'json')).out,
    ) as Profile
    const half = JSON.parse(
      (
        await run(
          'profile',
          fixture.tracePath,
          '--type',
          'sched',
          '--format',
          'json',
          '--to',
          '10ms',
        )
      ).out,
    ) as Profile
    expect(half.totalDelayNs).toBeGreaterThan(0)
    expect(half.totalDelayNs).toBeLessThan(whole.totalDelayNs)
    const folded = await run('profile', fixture.tracePath, '--type', 'sync', '--format', 'folded')
    expect(folded.out).toMatch(/^main\.main\.func4;sync\.\(\*Cond\)\.Wait 11230080$/m)
  })

  it('fails with one line on bad options or an unknown scope', async () => {
    expect(await run('profile', fixture.tracePath, '--type', 'cpu')).toMatchObject({
      code: 2,
      err: 'gotrace: --type: unknown profile "cpu" (net, sync, syscall, sched)\n',
    })
    expect(
      await run(
        'profile',
        fixture.tracePath,
        '--type',
        'sync',
        '--format',
        'json',
        '--name',
        'zzz',
      ),
    ).toMatchObject({ code: 1, err: 'gotrace: no goroutine whose start function contains "zzz"\n' })
    expect((await run('profile', fixture.tracePath, '--type', 'sync', '--from', 'soon')).code).toBe(
      2,
    )
  })
})

describe('gotrace goroutines', () => {
  it('prints groups, each goroutine as CSV, and JSON', async () => {
    const table = await run('goroutines', fixture.tracePath)
    expect(table.out.split('\n')[1]).toMatch(/^main\.main\s+1\s+8\.532\s/)
    const csv = await run('goroutines', fixture.tracePath, '--each', '--csv')
    expect(csv.out.split('\n')[1]).toBe(
      '1,main.main,35286593,8532289,255040,0,0,10733440,0,0,15765824,0',
    )
    const json = JSON.parse(
      (await run('goroutines', fixture.tracePath, '--json')).out,
    ) as GoroutineSummary
    expect(json.groups[0]).toMatchObject({ name: 'main.main', count: 1, execNs: 8532289 })
  })
})
