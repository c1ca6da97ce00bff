import { describe, expect, it } from 'vitest'
import { startApp, type AppPaths } from '../../../main/app/start-app.ts'
import { FakePlatform } from './fake-platform.ts'

const paths: AppPaths = {
  preload: '/app/out/preload/index.cjs',
  engineHost: '/app/out/main/engine-host.js',
  rendererHtml: '/app/out/renderer/index.html',
}

async function started(configure: (p: FakePlatform) => void = () => {}) {
  const platform = new FakePlatform()
  configure(platform)
  await startApp(platform, paths)
  const win = platform.windows[0]!
  const engine = platform.engines[0]!
  return { platform, win, engine }
}

describe('startApp (Electron main-process wiring, through a fake platform)', () => {
  it('starts one engine process with the trace from argv and the Electron native binding', async () => {
    const { platform, engine } = await started()
    expect(platform.engines).toHaveLength(1)
    expect(engine.spec.modulePath).toBe(paths.engineHost)
    expect(engine.spec.args).toEqual([
      '--trace=/home/dev/project/traces/app.trace',
      '--native-binding=/home/dev/project/.cache/electron-native/better_sqlite3.node',
    ])
  })

  it('starts without a trace when none is given', async () => {
    const { engine } = await started((p) => (p.argv = ['/usr/lib/electron', '.', '--inspect']))
    expect(engine.spec.args.some((a) => a.startsWith('--trace'))).toBe(false)
  })

  it('reads a packaged app argv and points at the unpacked native module', async () => {
    const { engine } = await started((p) => {
      p.isPackaged = true
      p.argv = ['/opt/gotrace/gotrace', '/tmp/x.trace']
      p.appPath = '/opt/gotrace/resources/app.asar'
    })
    expect(engine.spec.args).toEqual([
      '--trace=/tmp/x.trace',
      '--native-binding=/opt/gotrace/resources/app.asar.unpacked/native/better_sqlite3.node',
    ])
  })

  it('opens one window with the security settings locked down', async () => {
    const { platform, win } = await started()
    expect(platform.windows).toHaveLength(1)
    expect(win.spec.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
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

  it('wires a fresh MessageChannel between window and engine on each request', async () => {
    const { platform, win, engine } = await started()
    const url = 'file:///app/out/renderer/index.html'
    platform.requestPort(win, url)
    expect(engine.ports).toEqual(['channel0.port1'])
    expect(win.ports).toEqual(['channel0.port2'])
    platform.requestPort(win, url) // after a reload
    expect(engine.ports).toEqual(['channel0.port1', 'channel1.port1'])
    expect(win.ports).toEqual(['channel0.port2', 'channel1.port2'])
  })

  it('ignores port requests from other web contents or untrusted pages', async () => {
    const { platform, win, engine } = await started()
    platform.portRequestHandler?.({
      webContentsId: 999,
      senderUrl: 'file:///app/out/renderer/index.html',
    })
    platform.requestPort(win, 'https://evil.example/')
    expect(engine.ports).toEqual([])
    expect(win.ports).toEqual([])
    expect(platform.logs).toHaveLength(2)
  })

  it('kills the engine and quits when the window closes', async () => {
    const { platform, engine } = await started()
    platform.allClosedHandler?.()
    expect(engine.killed).toBe(true)
    expect(platform.quits).toEqual([0])
    engine.exitHandler?.(0) // the kill's own exit must not count as a crash
    expect(platform.quits).toEqual([0])
  })

  it('quits with an error when the engine process dies on its own', async () => {
    const { platform, engine } = await started()
    engine.exitHandler?.(134)
    expect(platform.quits).toEqual([1])
    expect(platform.logs.join('\n')).toContain('engine process exited unexpectedly (code 134)')
  })
})
