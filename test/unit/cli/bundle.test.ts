import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../main/cli/main.ts'
import { fixtures } from '../../support/fixtures.ts'

const GOTRACE = fileURLToPath(new URL('../../../bin/gotrace.js', import.meta.url))
const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-bundle-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

describe('the gotrace command (bundled CLI)', () => {
  it('answers as the sources do', async () => {
    const f = fixtures().find((x) => x.name === 'blocking-go1.26')!
    const args = ['profile', f.tracePath, '--type', 'sync', '--format', 'folded']
    let want = ''
    const io = { stdout: { write: (s: string) => (want += s) }, stderr: { write: () => true } }
    expect(await runCli([...args, '--cache-dir', cacheDir], io)).toBe(0)
    const got = execFileSync(process.execPath, [GOTRACE, ...args, '--cache-dir', cacheDir], {
      encoding: 'utf8',
    })
    expect(got).toBe(want)
    expect(want).toMatch(/^\S.* \d+$/m)
  })
})
