import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'

/**
 * A real full disk: a 256 KB tmpfs as the cache folder (mounting needs root, as on the project's
 * machines and CI; elsewhere the test is skipped and says why).
 */
const mountPoint = mkdtempSync(join(tmpdir(), 'gotrace-full-disk-'))
let mounted = false
try {
  if (process.getuid?.() !== 0) throw new Error('not root')
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'pipe' })
  mounted = true
} catch (err) {
  const why = (err as Error).message.split('\n')[0]!
  console.log(`disk-full test skipped: cannot mount a small tmpfs (${why})`)
}

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint])
  rmSync(mountPoint, { recursive: true, force: true })
})

describe.skipIf(!mounted)('a cache folder on a full disk', () => {
  const f = fixtures().find((x) => x.name === 'go-testdata-stress_1_11')!
  beforeAll(() => expect(f).toBeDefined())

  for (const [mode, pipelineBytes] of [
    ['one thread', Infinity],
    ['the worker thread', 0],
  ] as const) {
    it(`is reported as a full disk, with nothing left behind (${mode})`, async () => {
      const cacheDir = join(mountPoint, mode.replaceAll(' ', '-'))
      await expect(openStore(f.tracePath, { cacheDir, pipelineBytes })).rejects.toThrow(
        `disk full while writing the trace store in ${cacheDir}`,
      )
      expect(readdirSync(cacheDir)).toEqual([])
      rmSync(cacheDir, { recursive: true })
    }, 60_000)
  }
})
