import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findMenuItem } from '../../../main/app/menu.ts'
import { startApp, type AppOptions, type AppPaths } from '../../../main/app/start-app.ts'
import { FakePlatform, RENDERER_URL, settle, type FakeWindow } from './fake-platform.ts'

const paths: AppPaths = {
  preload: '/app/out/preload/index.cjs',
  engineHost: '/app/out/main/engine-host.js',
  rendererHtml: '/app/out/renderer/index.html',
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A fresh userData folder and a cache folder per test (the real file system, in tmp). */
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gotrace-app-'))
  dirs.push(d)
  return d
}

interface Started {
  platform: FakePlatform
  win: FakeWindow
  app: NonNullable<Awaited<ReturnType<typeof startApp>>>
  cacheDir: string
}

/** Every path is a trace file unless `missing` says otherwise. */
async function started(
  configure: (p: FakePlatform) => void = () => {},
  options: AppOptions & { missing?: string[] } = {},
): Promise<Started> {
  const platform = new FakePlatform()
  platform.userDataPath = tempDir()
  const cacheDir = options.cacheDir ?? tempDir()
  configure(platform)
  const app = await startApp(platform, paths, {
    cacheDir,
    isFile: options.isFile ?? ((p) => !(options.missing ?? []).includes(p)),
  })
  if (app === undefined) throw new Error('the app did not start')
  return { platform, win: platform.windows[0]!, app, cacheDir }
}

const click = (p: FakePlatform, id: string, focused?: number) => {
  const item = findMenuItem(p.menu(), id)
  if (item?.click === undefined) throw new Error(`no menu item ${id}`)
  item.click(focused)
}

describe('startApp: engine and window wiring', () => {
  it('starts one engine process with the trace from argv and the Electron native binding', async () => {
    const { platform } = await started()
    expect(platform.engines).toHaveLength(1)
    const engine = platform.engines[0]!
    expect(engine.spec.modulePath).toBe(paths.engineHost)
    expect(engine.spec.args).toEqual([
      '--trace=/home/dev/project/traces/app.trace',
      '--native-binding=/home/dev/project/.cache/electron-native/better_sqlite3.node',
    ])
  })

  it('opens an empty window (engine without a trace) when none is given', async () => {
    const { platform, win } = await started((p) => (p.argv = ['/usr/lib/electron', '.', '--x']))
    expect(platform.windows).toHaveLength(1)
    expect(win.spec.title).toBe('gotrace')
    expect(platform.engines[0]!.trace).toBeUndefined()
  })

  it('reads a packaged app argv and points at the unpacked native module', async () => {
    const { platform } = await started((p) => {
      p.isPackaged = true
      p.argv = ['/opt/gotrace/gotrace', '/tmp/x.trace']
      p.appPath = '/opt/gotrace/resources/app.asar'
    })
    expect(platform.engines[0]!.spec.args).toEqual([
      '--trace=/tmp/x.trace',
      '--native-binding=/opt/gotrace/resources/app.asar.unpacked/native/better_sqlite3.node',
    ])
  })

  it('opens one window per trace given on the command line, titled by the trace', async () => {
    const { platform } = await started(
      (p) => (p.argv = ['/usr/lib/electron', '.', 'a.out', '--inspect', '/abs/b.trace']),
    )
    expect(platform.windows.map((w) => w.spec.title)).toEqual([
      'a.out — gotrace',
      'b.trace — gotrace',
    ])
    expect(platform.engines.map((e) => e.trace)).toEqual([
      '/home/dev/project/a.out',
      '/abs/b.trace',
    ])
  })

  it('opens windows with the security settings locked down', async () => {
    const { win } = await started()
    expect(win.spec.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('loads the built renderer, or the dev server under electron-vite dev', async () => {
    const built = await started()
    expect(built.win.loaded).toEqual([{ kind: 'file', path: paths.rendererHtml }])
    const dev = await started((p) => (p.devRendererUrl = 'http://localhost:5173'))
    expect(dev.win.loaded).toEqual([{ kind: 'url', url: 'http://localhost:5173' }])
  })

  it('only lets the window navigate within the app', async () => {
    const { win } = await started()
    expect(win.spec.isTrustedUrl('file:///app/out/renderer/index.html')).toBe(true)
    expect(win.spec.isTrustedUrl('file:///app/out/renderer/index.html#/goroutines')).toBe(true)
    expect(win.spec.isTrustedUrl('https://example.com/')).toBe(false)
    expect(win.spec.isTrustedUrl('file:///etc/passwd')).toBe(false)
    expect(win.spec.isTrustedUrl('not a url')).toBe(false)
    const dev = await started((p) => (p.devRendererUrl = 'http://localhost:5173/'))
    expect(dev.win.spec.isTrustedUrl('http://localhost:5173/index.html')).toBe(true)
    expect(dev.win.spec.isTrustedUrl('http://localhost:5174/')).toBe(false)
  })

  it('wires a fresh MessageChannel between a window and its own engine on each request', async () => {
    const { platform, app } = await started()
    app.openTrace('/t/second.out')
    const [a, b] = platform.windows as [FakeWindow, FakeWindow]
    platform.requestPort(a)
    platform.requestPort(b)
    platform.requestPort(a) // after a reload
    expect(platform.engineOf(a).ports).toEqual(['channel0.port1', 'channel2.port1'])
    expect(a.ports).toEqual(['channel0.port2', 'channel2.port2'])
    expect(platform.engineOf(b).ports).toEqual(['channel1.port1'])
    expect(b.ports).toEqual(['channel1.port2'])
  })

  it('ignores port requests and messages from other web contents or untrusted pages', async () => {
    const { platform, win } = await started()
    platform.portRequestHandler?.({ webContentsId: 999, senderUrl: RENDERER_URL })
    platform.requestPort(win, 'https://evil.example/')
    platform.messageHandler?.(
      { webContentsId: 999, senderUrl: RENDERER_URL },
      { type: 'open-dialog' },
    )
    platform.sendFrom(win, { type: 'open-dialog' }, 'file:///tmp/evil.html')
    platform.sendFrom(win, { type: 'progress', fraction: 'lots' })
    platform.sendFrom(win, { type: 'exec', command: 'rm -rf /' })
    await settle()
    expect(platform.engineOf(win).ports).toEqual([])
    expect(win.ports).toEqual([])
    expect(win.progress).toEqual([])
    expect(platform.openDialogs).toEqual([])
    expect(platform.logs).toHaveLength(6)
  })

  it('kills a window’s engine when it closes, and quits when the last one closes', async () => {
    const { platform, app } = await started()
    app.openTrace('/t/second.out')
    const [a, b] = platform.windows as [FakeWindow, FakeWindow]
    a.close()
    expect(platform.engineOf(a).killed).toBe(true)
    expect(platform.engineOf(b).killed).toBe(false)
    expect(platform.quits).toEqual([])
    b.close()
    expect(platform.quits).toEqual([0])
    platform.engineOf(b).exitHandler?.(0) // the kill's own exit is no crash
    expect(b.sent).toEqual([])
  })

  it('keeps the app up when an engine dies on its own: that window shows an error', async () => {
    const { platform, win } = await started()
    platform.engineOf(win).exitHandler?.(134)
    expect(platform.quits).toEqual([])
    expect(win.sent).toEqual([
      { type: 'error', message: expect.stringContaining('exit code 134') as unknown },
    ])
    expect(platform.logs.join('\n')).toContain('engine process exited unexpectedly (code 134)')
  })
})

describe('startApp: opening traces', () => {
  it('focuses the window already showing a trace instead of opening it twice', async () => {
    const { platform, app, win } = await started()
    app.openTrace('traces/app.trace')
    expect(platform.windows).toHaveLength(1)
    expect(win.focused).toBe(1)
  })

  it('replaces the empty startup window with the first trace opened', async () => {
    const { platform, app, win } = await started((p) => (p.argv = ['/usr/lib/electron', '.']))
    app.openTrace('/t/a.out')
    expect(win.closed).toBe(true)
    expect(platform.engineOf(win).killed).toBe(true)
    expect(platform.openWindows().map((w) => w.spec.title)).toEqual(['a.out — gotrace'])
    expect(platform.quits).toEqual([])
  })

  it('says so in a dialog when a file does not exist, and keeps a window open', async () => {
    const { platform } = await started(() => {}, {
      missing: ['/home/dev/project/traces/app.trace'],
    })
    expect(platform.openWindows()).toHaveLength(1)
    expect(platform.engines[0]!.trace).toBeUndefined()
    expect(platform.messages).toEqual([
      {
        kind: 'error',
        title: 'Cannot open the trace',
        message: '/home/dev/project/traces/app.trace does not exist or is not a file.',
      },
    ])
  })

  it('File > Open… shows a dialog filtered to traces (any file allowed) and opens each choice', async () => {
    const { platform, win } = await started()
    platform.openAnswers.push(['/t/x.out', '/t/y.trace'])
    click(platform, 'open', win.webContentsId)
    await settle()
    expect(platform.openDialogs[0]!.filters).toEqual([
      { name: 'Go execution traces', extensions: ['out', 'trace'] },
      { name: 'All files', extensions: ['*'] },
    ])
    expect(platform.engines.map((e) => e.trace)).toEqual([
      '/home/dev/project/traces/app.trace',
      '/t/x.out',
      '/t/y.trace',
    ])
  })

  it('a cancelled Open dialog opens nothing', async () => {
    const { platform } = await started()
    click(platform, 'open')
    await settle()
    expect(platform.windows).toHaveLength(1)
  })

  it('the renderer can ask for the Open dialog and open dropped files', async () => {
    const { platform, win } = await started((p) => (p.argv = ['/usr/lib/electron', '.']))
    platform.openAnswers.push(['/t/picked.out'])
    platform.sendFrom(win, { type: 'open-dialog' })
    await settle()
    platform.sendFrom(platform.windows[1]!, { type: 'open-files', paths: ['/t/d1.out', '/t/d2'] })
    expect(platform.openWindows().map((w) => w.spec.title)).toEqual([
      'picked.out — gotrace',
      'd1.out — gotrace',
      'd2 — gotrace',
    ])
  })

  it('macOS open-file: queued before ready, then each file opens', async () => {
    const platform = new FakePlatform()
    platform.userDataPath = tempDir()
    platform.argv = ['/Applications/gotrace.app/Contents/MacOS/gotrace']
    platform.isPackaged = true
    const origWhenReady = platform.whenReady.bind(platform)
    platform.whenReady = () => {
      platform.openFileHandler?.('/Users/me/early.out') // Finder launched us with a file
      return origWhenReady()
    }
    await startApp(platform, paths, { cacheDir: tempDir(), isFile: () => true })
    expect(platform.openWindows().map((w) => w.spec.title)).toEqual(['early.out — gotrace'])
    platform.openFileHandler?.('/Users/me/late.out')
    expect(platform.openWindows()).toHaveLength(2)
  })
})

describe('startApp: single instance', () => {
  it('hands its files to the running instance and quits', async () => {
    const platform = new FakePlatform()
    platform.userDataPath = tempDir()
    platform.lockAvailable = false
    platform.argv = ['/usr/lib/electron', '.', 'rel.out']
    const app = await startApp(platform, paths, { isFile: () => true })
    expect(app).toBeUndefined()
    expect(platform.lockData).toEqual([{ files: ['/home/dev/project/rel.out'] }])
    expect(platform.quits).toEqual([0])
    expect(platform.windows).toEqual([])
    expect(platform.ready).toBe(false)
  })

  it('the running instance opens what a second launch passes (data, else its argv)', async () => {
    const { platform, win } = await started()
    platform.secondInstanceHandler?.(['/usr/lib/electron', '.', 'ignored'], '/elsewhere', {
      files: ['/t/from-data.out'],
    })
    platform.secondInstanceHandler?.(
      ['/usr/lib/electron', '.', '--allow-file-access-from-files', 'rel.out'],
      '/elsewhere',
      undefined,
    )
    expect(platform.engines.map((e) => e.trace)).toEqual([
      '/home/dev/project/traces/app.trace',
      '/t/from-data.out',
      '/elsewhere/rel.out',
    ])
    platform.secondInstanceHandler?.(['/usr/lib/electron', '.'], '/elsewhere', { files: [] })
    expect(win.focused).toBe(1) // a bare second launch brings the app forward
  })
})

describe('startApp: Open Recent', () => {
  it('remembers opened traces, most recent first, in userData, and lists them in the menu', async () => {
    const { platform, app } = await started()
    app.openTrace('/t/b.out')
    const saved = JSON.parse(
      readFileSync(join(platform.userDataPath, 'recent-traces.json'), 'utf8'),
    ) as { files: string[] }
    expect(saved.files).toEqual(['/t/b.out', '/home/dev/project/traces/app.trace'])
    const recent = findMenuItem(platform.menu(), 'open-recent')!.submenu!
    expect(recent.slice(0, 2).map((i) => i.label)).toEqual([
      '/t/b.out',
      '/home/dev/project/traces/app.trace',
    ])
    expect(platform.osRecent).toEqual(['/home/dev/project/traces/app.trace', '/t/b.out'])
  })

  it('opens a recent trace from the menu, and Clear Menu empties the list', async () => {
    const { platform } = await started()
    const first = findMenuItem(platform.menu(), 'open-recent')!.submenu![0]!
    platform.windows[0]!.close()
    first.click?.(undefined)
    expect(platform.openWindows().map((w) => w.spec.title)).toEqual(['app.trace — gotrace'])
    click(platform, 'clear-recent')
    expect(findMenuItem(platform.menu(), 'open-recent')!.submenu![0]!.label).toBe(
      'No Recent Traces',
    )
    expect(platform.osRecent).toEqual([])
  })

  it('drops a recent trace that has gone missing when it is opened', async () => {
    const missing: string[] = []
    const { platform, app } = await started(() => {}, { isFile: (p) => !missing.includes(p) })
    app.openTrace('/t/gone.out')
    missing.push('/t/gone.out')
    platform.openWindows()[1]!.close()
    app.openTrace('/t/gone.out')
    expect(platform.messages.map((m) => m.title)).toEqual(['Cannot open the trace'])
    const labels = findMenuItem(platform.menu(), 'open-recent')!.submenu!.map((i) => i.label)
    expect(labels).not.toContain('/t/gone.out')
  })
})

describe('startApp: loading', () => {
  it('feeds the taskbar progress from the renderer and clears it when the trace is open', async () => {
    const { platform, win, cacheDir } = await started()
    platform.sendFrom(win, { type: 'progress', fraction: 0.25 })
    platform.sendFrom(win, { type: 'progress', fraction: 7 }) // clamped
    platform.sendFrom(win, { type: 'opened', storePath: join(cacheDir, 'abc-v3.sqlite') })
    expect(win.progress).toEqual([0.25, 1, null])
  })

  it('Cancel closes the window and its engine, leaving an empty window if it was the last', async () => {
    const { platform, win } = await started()
    platform.sendFrom(win, { type: 'cancel-open' })
    expect(win.closed).toBe(true)
    expect(platform.engineOf(win).killed).toBe(true)
    expect(platform.quits).toEqual([])
    expect(platform.openWindows().map((w) => w.spec.title)).toEqual(['gotrace'])
  })
})

describe('startApp: menus', () => {
  it('sends the timeline actions to the focused window', async () => {
    const { platform, app } = await started()
    app.openTrace('/t/b.out')
    const [a, b] = platform.windows as [FakeWindow, FakeWindow]
    platform.focusedId = b.webContentsId
    for (const id of ['zoom-in', 'zoom-out', 'fit', 'shortcuts', 'export-profile'])
      click(platform, id)
    expect(b.sent.map((m) => (m.type === 'action' ? m.action : m.type))).toEqual([
      'zoom-in',
      'zoom-out',
      'fit',
      'help',
      'export-profile',
    ])
    expect(a.sent).toEqual([])
    click(platform, 'fit', a.webContentsId) // the window the click came from wins
    expect(a.sent).toEqual([{ type: 'action', action: 'fit' }])
  })

  it('View > Theme persists the choice, sets the native theme and tells every window', async () => {
    const { platform, win } = await started()
    expect(platform.themes).toEqual(['system'])
    click(platform, 'theme-light')
    expect(platform.themes).toEqual(['system', 'light'])
    expect(win.sent).toEqual([{ type: 'theme', theme: 'light' }])
    expect(findMenuItem(platform.menu(), 'theme-light')!.checked).toBe(true)
    const settings = JSON.parse(
      readFileSync(join(platform.userDataPath, 'settings.json'), 'utf8'),
    ) as { theme: string }
    expect(settings.theme).toBe('light')

    // The next run starts with it.
    const again = await started((p) => (p.userDataPath = platform.userDataPath))
    expect(again.platform.themes).toEqual(['light'])
    expect(findMenuItem(again.platform.menu(), 'theme-light')!.checked).toBe(true)
  })

  it('Help > About shows the version', async () => {
    const { platform } = await started()
    click(platform, 'about')
    expect(platform.messages[0]).toMatchObject({ kind: 'info', message: 'gotrace 0.1.0' })
    expect(platform.messages[0]!.detail).toContain('Electron 45.4.1')
  })
})

describe('startApp: Export SQLite store', () => {
  it('copies the store the renderer reported to the path chosen in a Save dialog', async () => {
    const { platform, win, cacheDir } = await started()
    const store = join(cacheDir, '0123-v3.sqlite')
    writeFileSync(store, 'SQLite format 3\0…')
    platform.sendFrom(win, { type: 'opened', storePath: store })
    const dest = join(tempDir(), 'copy.sqlite')
    platform.saveAnswers.push(dest)
    click(platform, 'export-store', win.webContentsId)
    await settle()
    expect(platform.saveDialogs[0]!.defaultPath).toBe('app.sqlite')
    expect(readFileSync(dest, 'utf8')).toBe('SQLite format 3\0…')
    expect(platform.messages).toEqual([])
  })

  it('refuses store paths outside the cache folder', async () => {
    const { platform, win } = await started()
    platform.sendFrom(win, { type: 'opened', storePath: '/home/me/.ssh/id_rsa' })
    click(platform, 'export-store', win.webContentsId)
    await settle()
    expect(platform.saveDialogs).toEqual([])
    expect(platform.messages[0]!.message).toContain('not ready')
    expect(platform.logs.join('\n')).toContain('ignored a store path')
  })

  it('reports a failed copy in an error dialog', async () => {
    const { platform, win, cacheDir } = await started()
    const store = join(cacheDir, 'abcd-v3.sqlite')
    writeFileSync(store, 'x')
    platform.sendFrom(win, { type: 'opened', storePath: store })
    platform.saveAnswers.push('/nonexistent-dir/out.sqlite')
    click(platform, 'export-store', win.webContentsId)
    await settle()
    expect(platform.messages[0]).toMatchObject({ kind: 'error', title: 'Export failed' })
  })
})

describe('startApp: window state', () => {
  it('remembers the last closed window’s bounds in userData and reuses them', async () => {
    const { platform, win } = await started()
    expect(win.spec).toMatchObject({ width: 1280, height: 800, x: undefined, y: undefined })
    win.state = { x: 100, y: 50, width: 1000, height: 700, maximized: false }
    win.close()
    const again = await started((p) => (p.userDataPath = platform.userDataPath))
    expect(again.win.spec).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 })
    again.app.openTrace('/t/next.out')
    expect(again.platform.windows[1]!.spec).toMatchObject({ x: 128, y: 78 }) // cascaded
  })

  it('uses a light window background when the effective theme is light', async () => {
    const { win } = await started((p) => (p.dark = false))
    expect(win.spec.backgroundColor).toBe('#ffffff')
  })
})
