import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-crash-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))
const root = join(import.meta.dirname, '..', '..')

describe('an ingestion killed mid-way', () => {
  const f = fixtures().find((x) => x.name === 'gc-go1.26')!

  it('never leaves a store that a later open trusts (one thread, and with the worker)', async () => {
    for (const [killAfter, mode] of [
      [1, 'one'],
      [500, 'one'],
      [2000, 'one'],
      [500, 'pipelined'],
      [2000, 'pipelined'],
    ] as const) {
      const child = spawnSync(
        process.execPath,
        [
          join(root, 'bin', 'run-ts.js'),
          join(import.meta.dirname, 'support', 'ingest-then-die.ts'),
          f.tracePath,
          cacheDir,
          String(killAfter),
          mode,
        ],
        { encoding: 'utf8' },
      )
      expect(child.signal, child.stderr).toBe('SIGKILL')
      // Only the dead process's temporary file is there, never a store under its final name.
      const files = readdirSync(cacheDir)
      expect(files.filter((n) => n.endsWith('.sqlite'))).toEqual([])
      expect(files.some((n) => n.includes('.tmp-'))).toBe(true)

      const info = await openStore(f.tracePath, { cacheDir })
      expect(info.cached).toBe(false)
      // The new open built a whole store and swept the dead one's leftovers (its side file too).
      expect(readdirSync(cacheDir)).toEqual([info.path.split('/').pop()])
      rmSync(info.path)
    }
  }, 90_000)

  it('rebuilds a store file that is corrupt', async () => {
    const first = await openStore(f.tracePath, { cacheDir })
    writeFileSync(first.path, 'not a database')
    const again = await openStore(f.tracePath, { cacheDir })
    expect(again.cached).toBe(false)
    expect(again.path).toBe(first.path)
    expect((await openStore(f.tracePath, { cacheDir })).cached).toBe(true)
  })

  it('says so when the cache folder is not writable', async () => {
    const file = join(cacheDir, 'a-file')
    writeFileSync(file, '')
    await expect(openStore(f.tracePath, { cacheDir: join(file, 'sub') })).rejects.toThrow(
      /cache folder .* is not writable/,
    )
  })
})
