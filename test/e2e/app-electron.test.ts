import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'

/**
 * The real desktop app, where an Electron binary is installed (a developer's machine after
 * `npm install` with network access). CI and machines with ELECTRON_SKIP_BINARY_DOWNLOAD have
 * none: the test is skipped with the reason printed. Never resolves `electron` through its
 * index.js, which would try to download the binary.
 *
 * Needs `npm run build` (out/) and the Electron-ABI better-sqlite3 (`npm start` builds both).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TRACE = join(ROOT, 'test/fixtures/traces/annotations-go1.23.trace')

function electronBinary(): { path: string } | { missing: string } {
  const dir = join(ROOT, 'node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile))
    return { missing: 'no Electron binary (node_modules/electron/path.txt)' }
  const path = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(path)) return { missing: `no Electron binary at ${path}` }
  if (!existsSync(join(ROOT, 'out/main/index.js')))
    return { missing: 'no build in out/ (npm run build)' }
  if (!existsSync(join(ROOT, '.cache/electron-native/better_sqlite3.node')))
    return { missing: 'no Electron-ABI better-sqlite3 (run npm start once)' }
  return { path }
}

const binary = electronBinary()
if ('missing' in binary) console.log(`app-electron: skipped: ${binary.missing}`)

describe.skipIf('missing' in binary)('the desktop app in Electron', () => {
  it('opens a trace from the command line into the timeline, with a minimal bridge', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'gotrace-electron-'))
    const app = await electron.launch({
      executablePath: 'path' in binary ? binary.path : '',
      args: [ROOT, `--user-data-dir=${userData}`, TRACE],
      env: { ...process.env, GOTRACE_CACHE_DIR: join(userData, 'cache') },
    })
    try {
      const page = await app.firstWindow()
      await page.locator('[data-testid="timeline"][data-open="true"]').waitFor({ timeout: 30_000 })
      expect(await page.getByTestId('trace-name').textContent()).toBe('annotations-go1.23.trace')
      // The preload exposes only the typed bridge: no ipcRenderer, no Node.
      const surface = await page.evaluate(`({
        bridge: Object.keys(window.gotraceHost ?? {}).sort(),
        require: typeof window.require,
        process: typeof window.process,
      })`)
      expect(surface).toEqual({
        bridge: [
          'cancelOpen',
          'kind',
          'onHostMessage',
          'openFiles',
          'reportOpened',
          'reportProgress',
          'requestEnginePort',
          'showOpenDialog',
        ],
        require: 'undefined',
        process: 'undefined',
      })
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const wc = BrowserWindow.getAllWindows()[0]!.webContents
        return { title: BrowserWindow.getAllWindows()[0]!.getTitle(), url: wc.getURL() }
      })
      expect(prefs.title).toBe('annotations-go1.23.trace — gotrace')
      expect(prefs.url).toMatch(/^file:.*\/out\/renderer\/index\.html$/)
    } finally {
      await app.close()
      await rm(userData, { recursive: true, force: true })
    }
  })
})
