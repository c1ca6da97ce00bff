import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRendererMessage } from '../../../common/host-bridge.ts'
import { secondInstanceFiles, traceArgsFromArgv } from '../../../main/app/argv.ts'
import {
  describeFsError,
  exportStore,
  isStorePath,
  storeExportName,
} from '../../../main/app/export-store.ts'
import { buildMenu, findMenuItem, type MenuActions } from '../../../main/app/menu.ts'
import type { MenuItemSpec } from '../../../main/app/platform.ts'
import { MAX_RECENT, RECENT_FILE, RecentFiles } from '../../../main/app/recent-files.ts'
import { loadSettings, saveSettings, SETTINGS_FILE } from '../../../main/app/settings.ts'
import { CASCADE_STEP, DEFAULT_SIZE, placeWindow } from '../../../main/app/window-state.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'gotrace-app-'))
  dirs.push(d)
  return d
}

describe('RecentFiles', () => {
  it('keeps the most recent first, without duplicates, at most 10', () => {
    const dir = tempDir()
    const recent = new RecentFiles(dir, () => true)
    for (let i = 0; i < 12; i++) recent.add(`/t/${i}.out`)
    recent.add('/t/5.out')
    const list = recent.list()
    expect(list).toHaveLength(MAX_RECENT)
    expect(list.slice(0, 3)).toEqual(['/t/5.out', '/t/11.out', '/t/10.out'])
    expect(new Set(list).size).toBe(list.length)
    // Persisted: a new instance (the next run) reads the same list.
    expect(new RecentFiles(dir, () => true).list()).toEqual(list)
  })

  it('prunes files that no longer exist, and saves the pruned list', () => {
    const dir = tempDir()
    const alive = new Set(['/t/a.out', '/t/c.out'])
    const recent = new RecentFiles(dir, (p) => alive.has(p))
    for (const f of ['/t/a.out', '/t/b.out', '/t/c.out']) recent.add(f)
    expect(recent.list()).toEqual(['/t/c.out', '/t/a.out'])
    const saved = JSON.parse(readFileSync(join(dir, RECENT_FILE), 'utf8')) as { files: string[] }
    expect(saved.files).toEqual(['/t/c.out', '/t/a.out'])
  })

  it('survives a corrupt or hand-edited file', () => {
    const dir = tempDir()
    writeFileSync(join(dir, RECENT_FILE), '{"files": [1, "/t/x.out", null, "/t/x.out"')
    expect(new RecentFiles(dir, () => true).list()).toEqual([])
    writeFileSync(join(dir, RECENT_FILE), '{"files": [1, "/t/x.out", null, "/t/x.out"]}')
    expect(new RecentFiles(dir, () => true).list()).toEqual(['/t/x.out'])
  })

  it('logs instead of throwing when userData is not writable', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'file'), '')
    const logs: string[] = []
    const recent = new RecentFiles(
      join(dir, 'file', 'sub'),
      () => true,
      (m) => logs.push(m),
    )
    recent.add('/t/a.out')
    expect(recent.list()).toEqual(['/t/a.out'])
    expect(logs[0]).toContain('could not save the recent traces')
  })
})

describe('settings', () => {
  it('round-trips the theme and window state', () => {
    const dir = tempDir()
    const window = { x: 10, y: 20, width: 900, height: 600, maximized: true }
    expect(saveSettings(dir, { theme: 'dark', window })).toBeUndefined()
    expect(loadSettings(dir)).toEqual({ theme: 'dark', window })
  })

  it('falls back to defaults for anything malformed', () => {
    const dir = tempDir()
    expect(loadSettings(dir)).toEqual({ theme: 'system', window: undefined })
    writeFileSync(join(dir, SETTINGS_FILE), '{"theme": "purple", "window": {"x": "1"}}')
    expect(loadSettings(dir)).toEqual({ theme: 'system', window: undefined })
    writeFileSync(join(dir, SETTINGS_FILE), 'not json')
    expect(loadSettings(dir)).toEqual({ theme: 'system', window: undefined })
  })
})

describe('placeWindow', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }]

  it('lets the OS place the first window of a first run', () => {
    expect(placeWindow(undefined, screen, 0)).toEqual({
      x: undefined,
      y: undefined,
      ...DEFAULT_SIZE,
      maximized: false,
    })
  })

  it('reuses the remembered bounds and cascades further windows', () => {
    const saved = { x: 100, y: 80, width: 1000, height: 700, maximized: false }
    expect(placeWindow(saved, screen, 0)).toEqual({ ...saved })
    expect(placeWindow(saved, screen, 2)).toMatchObject({
      x: 100 + 2 * CASCADE_STEP,
      y: 80 + 2 * CASCADE_STEP,
    })
  })

  it('maximizes only the first window', () => {
    const saved = { x: 0, y: 0, width: 1000, height: 700, maximized: true }
    expect(placeWindow(saved, screen, 0).maximized).toBe(true)
    expect(placeWindow(saved, screen, 1).maximized).toBe(false)
  })

  it('forgets a position on a display that is gone, and fits the size to the screen', () => {
    const saved = { x: 3000, y: 100, width: 2500, height: 1400, maximized: false }
    expect(placeWindow(saved, screen, 0)).toEqual({
      x: undefined,
      y: undefined,
      width: 1920,
      height: 1080,
      maximized: false,
    })
  })

  it('keeps a position on a second display', () => {
    const two = [...screen, { x: 1920, y: 0, width: 2560, height: 1440 }]
    const saved = { x: 2000, y: 100, width: 1200, height: 800, maximized: false }
    expect(placeWindow(saved, two, 0)).toMatchObject({ x: 2000, y: 100 })
  })
})

describe('buildMenu', () => {
  const calls: string[] = []
  const actions: MenuActions = {
    open: () => calls.push('open'),
    openRecent: (p) => calls.push(`recent ${p}`),
    clearRecent: () => calls.push('clear'),
    exportStore: () => calls.push('export-store'),
    send: (_w, a) => calls.push(`send ${a}`),
    setTheme: (t) => calls.push(`theme ${t}`),
    about: () => calls.push('about'),
  }
  const state = {
    os: 'linux' as NodeJS.Platform,
    appName: 'gotrace',
    recent: ['/t/a.out'],
    theme: 'dark' as const,
    isPackaged: true,
  }
  const labels = (menu: MenuItemSpec[]) => menu.map((m) => m.label ?? m.role)
  const roles = (menu: MenuItemSpec[]): string[] =>
    menu.flatMap((m) => [...(m.role ? [m.role] : []), ...roles(m.submenu ?? [])])

  it('has File, Edit, View, Help on Linux and Windows, with Quit and About inside', () => {
    const menu = buildMenu(state, actions)
    expect(labels(menu)).toEqual(['&File', '&Edit', '&View', '&Help'])
    expect(roles(menu)).toContain('quit')
    expect(findMenuItem(menu, 'about')).toBeDefined()
    expect(roles(menu)).not.toContain('toggleDevTools')
  })

  it('has the app menu and the Window menu on macOS, Quit in the app menu', () => {
    const menu = buildMenu({ ...state, os: 'darwin' }, actions)
    expect(labels(menu)).toEqual(['gotrace', '&File', '&Edit', '&View', 'windowMenu', '&Help'])
    expect(roles(menu[0]!.submenu!)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit'])
    expect(roles(menu[1]!.submenu!)).not.toContain('quit')
  })

  it('adds Reload and the developer tools in development only', () => {
    expect(roles(buildMenu({ ...state, isPackaged: false }, actions))).toContain('toggleDevTools')
  })

  it('wires every item to its action', () => {
    calls.length = 0
    const menu = buildMenu(state, actions)
    const ids = ['open', 'export-profile', 'export-store', 'zoom-in', 'zoom-out', 'fit']
    for (const id of [...ids, 'theme-system', 'shortcuts', 'about', 'clear-recent'])
      findMenuItem(menu, id)!.click!(undefined)
    findMenuItem(menu, 'open-recent')!.submenu![0]!.click!(undefined)
    expect(calls).toEqual([
      'open',
      'send export-profile',
      'export-store',
      'send zoom-in',
      'send zoom-out',
      'send fit',
      'theme system',
      'send help',
      'about',
      'clear',
      'recent /t/a.out',
    ])
  })

  it('shows the theme as radio items and the standard shortcuts', () => {
    const menu = buildMenu(state, actions)
    const theme = findMenuItem(menu, 'theme')!.submenu!
    expect(theme.map((t) => [t.label, t.type, t.checked])).toEqual([
      ['Follow the System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ])
    expect(findMenuItem(menu, 'open')!.accelerator).toBe('CmdOrCtrl+O')
    // No plain-letter accelerators: they would swallow the timeline's own W/S/A/D keys.
    const accels = (m: MenuItemSpec[]): string[] =>
      m.flatMap((i) => [...(i.accelerator ? [i.accelerator] : []), ...accels(i.submenu ?? [])])
    for (const a of accels(menu)) expect(a).toMatch(/^CmdOrCtrl\+/)
  })

  it('disables Clear Menu and says so when there are no recent traces', () => {
    const menu = buildMenu({ ...state, recent: [] }, actions)
    const recent = findMenuItem(menu, 'open-recent')!.submenu!
    expect(recent[0]).toEqual({ label: 'No Recent Traces', enabled: false })
    expect(findMenuItem(menu, 'clear-recent')!.enabled).toBe(false)
  })
})

describe('parseRendererMessage (IPC from a renderer)', () => {
  it('accepts exactly the documented messages', () => {
    expect(parseRendererMessage({ type: 'progress', fraction: 0.5 })).toEqual({
      type: 'progress',
      fraction: 0.5,
    })
    expect(parseRendererMessage({ type: 'progress', fraction: null })).toEqual({
      type: 'progress',
      fraction: null,
    })
    expect(parseRendererMessage({ type: 'cancel-open', extra: 1 })).toEqual({ type: 'cancel-open' })
    expect(parseRendererMessage({ type: 'open-files', paths: ['/a', '/b'] })).toEqual({
      type: 'open-files',
      paths: ['/a', '/b'],
    })
  })

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'progress',
      [],
      { type: 'progress', fraction: Number.NaN },
      { type: 'progress' },
      { type: 'opened', storePath: 42 },
      { type: 'opened', storePath: '/a\0b' },
      { type: 'open-files', paths: '/a' },
      { type: 'open-files', paths: [''] },
      { type: 'open-files', paths: Array.from({ length: 65 }, () => '/a') },
      { type: 'eval', code: '1' },
    ])
      expect(parseRendererMessage(bad), JSON.stringify(bad)).toBeUndefined()
  })
})

describe('export store helpers', () => {
  it('only treats store files directly in the cache folder as stores', () => {
    expect(isStorePath('/c/abc-v3.sqlite', '/c')).toBe(true)
    expect(isStorePath('/c/sub/abc-v3.sqlite', '/c')).toBe(false)
    expect(isStorePath('/c/../etc/x.sqlite', '/c')).toBe(false)
    expect(isStorePath('/c/abc-v3.txt', '/c')).toBe(false)
    expect(isStorePath('/elsewhere/a.sqlite', '/c')).toBe(false)
  })

  it('names the copy after the trace', () => {
    expect(storeExportName('/t/app.trace')).toBe('app.sqlite')
    expect(storeExportName('/t/trace')).toBe('trace.sqlite')
  })

  it('copies, and leaves no partial file behind when the copy fails', async () => {
    const dir = tempDir()
    const src = join(dir, 's.sqlite')
    writeFileSync(src, 'data')
    await exportStore(src, join(dir, 'out.sqlite'))
    expect(readFileSync(join(dir, 'out.sqlite'), 'utf8')).toBe('data')
    await expect(exportStore(join(dir, 'missing.sqlite'), join(dir, 'o2.sqlite'))).rejects.toThrow(
      /no such file/,
    )
  })

  it('describes full disks and permissions in one line', () => {
    expect(describeFsError({ code: 'ENOSPC' }, '/x')).toBe('the disk is full (writing /x)')
    expect(describeFsError({ code: 'EACCES' }, '/x')).toBe('no permission to write /x')
  })
})

describe('argv', () => {
  it('finds every trace path, skipping switches', () => {
    expect(traceArgsFromArgv(['electron', '.', 'a.out', '--x=1', 'b'], false, '/w')).toEqual([
      '/w/a.out',
      '/w/b',
    ])
    expect(traceArgsFromArgv(['/opt/gotrace/gotrace', '--no-sandbox'], true, '/w')).toEqual([])
  })

  it('prefers the second instance’s own resolved paths, then its argv', () => {
    expect(secondInstanceFiles(['gotrace', 'x'], '/w', { files: ['/abs/t.out'] }, true)).toEqual([
      '/abs/t.out',
    ])
    expect(secondInstanceFiles(['gotrace', 'x'], '/w', { files: [3] }, true)).toEqual(['/w/x'])
  })
})
