import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROFILE_TYPES } from '../../common/analysis-api.ts'
import { summarizeGoroutines } from '../../main/analyze/goroutine-summary.ts'
import { computeMmu } from '../../main/analyze/mmu.ts'
import { computeProfile } from '../../main/analyze/profile.ts'
import { summarizeRegions } from '../../main/analyze/regions.ts'
import { summarizeTasks } from '../../main/analyze/tasks.ts'
import { runCli } from '../../main/cli/main.ts'
import { openStore } from '../../main/store/ingest.ts'
import { summarizeTrace } from '../../main/store/summarize.ts'
import { fixtures } from '../support/fixtures.ts'
import { pprofFileSamples, profileSamples } from '../support/pprof-samples.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-summarize-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

/** Every whole-trace analysis, as the CLI runs it. */
function analyses(db: Database.Database) {
  return {
    profiles: PROFILE_TYPES.map((type) => computeProfile(db, type)),
    goroutines: summarizeGoroutines(db),
    regions: summarizeRegions(db),
    tasks: summarizeTasks(db),
    mmu: computeMmu(db, { stw: true, background: true, assist: true, sweep: true }, 1_000_000),
  }
}

describe('a one-pass summary answers as the store does', () => {
  for (const f of fixtures()) {
    it(f.name, async () => {
      const summary = await summarizeTrace(f.tracePath, { mmu: true })
      const store = new Database((await openStore(f.tracePath, { cacheDir })).path, {
        readonly: true,
      })
      try {
        const got = analyses(summary.db)
        expect(got).toEqual(analyses(store))
        PROFILE_TYPES.forEach((type, i) => {
          expect(profileSamples(got.profiles[i]!), type).toEqual(
            pprofFileSamples(f.profilePath(type)),
          )
        })
        expect(summary.meta.events).toBeGreaterThan(0)
      } finally {
        summary.db.close()
        store.close()
      }
    })
  }
})

describe('gotrace analyses on a trace with no cached store', () => {
  it('answer in one pass and leave the cache folder empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotrace-summarize-cli-'))
    try {
      const f = fixtures().find((x) => x.name === 'blocking-go1.26')!
      let out = ''
      const io = {
        stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
        stderr: { write: () => true },
      }
      const run = (...args: string[]) => runCli([...args, '--cache-dir', dir], io)
      expect(await run('profile', f.tracePath, '--type', 'sync', '--format', 'json')).toBe(0)
      expect(await run('goroutines', f.tracePath, '--json')).toBe(0)
      expect(readdirSync(dir)).toEqual([])
      // Nor does it create a cache folder (which might not be writable).
      const absent = join(dir, 'absent')
      expect(
        await runCli(['profile', f.tracePath, '--type', 'net', '--cache-dir', absent], io),
      ).toBe(0)
      expect(existsSync(absent)).toBe(false)
      // A scoped profile needs the timeline's chunks: that builds the store.
      expect(await run('profile', f.tracePath, '--type', 'sync', '--from', '1ms')).toBe(0)
      expect(readdirSync(dir)).toHaveLength(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
