import { nativeBindingPath } from '../store/native-binding.ts'
import { traceArgFromArgv } from './argv.ts'
import { engineHostArgs } from './engine-host-args.ts'
import type { AppPlatform, RendererTarget } from './platform.ts'
import { isTrustedRendererUrl, secureWebPreferences } from './security.ts'

/** Built files the main process needs, resolved by index.ts relative to its own bundle. */
export interface AppPaths {
  preload: string
  engineHost: string
  rendererHtml: string
}

/**
 * The main process's whole job: start the engine process, open one window, and connect the two
 * with a MessageChannel whenever the window's renderer asks (at startup and after each reload).
 * Engine traffic then flows renderer <-> engine directly; the main process only wires.
 */
export async function startApp<Port>(platform: AppPlatform<Port>, paths: AppPaths): Promise<void> {
  const tracePath = traceArgFromArgv(platform.argv, platform.isPackaged, platform.cwd)
  const nativeBinding = nativeBindingPath({
    electronVersion: platform.electronVersion,
    isPackaged: platform.isPackaged,
    appPath: platform.appPath,
  })
  const target: RendererTarget =
    platform.devRendererUrl !== undefined
      ? { kind: 'url', url: platform.devRendererUrl }
      : { kind: 'file', path: paths.rendererHtml }
  const isTrustedUrl = (url: string) => isTrustedRendererUrl(url, target)

  await platform.whenReady()
  const engine = platform.startEngine({
    modulePath: paths.engineHost,
    args: engineHostArgs({ tracePath, nativeBinding }),
  })
  const win = platform.createWindow({
    title: 'gotrace',
    width: 1280,
    height: 800,
    webPreferences: secureWebPreferences(paths.preload),
    isTrustedUrl,
  })

  platform.onEnginePortRequest((request) => {
    if (request.webContentsId !== win.webContentsId || !isTrustedUrl(request.senderUrl)) {
      platform.log(`gotrace: ignored an engine port request from ${request.senderUrl}`)
      return
    }
    const { port1, port2 } = platform.createChannel()
    engine.connect(port1)
    win.sendEnginePort(port2)
  })

  let quitting = false
  platform.onAllWindowsClosed(() => {
    // A viewer has nothing to do without a window, on macOS too.
    quitting = true
    engine.kill()
    platform.quit(0)
  })
  engine.onExit((code) => {
    if (quitting) return
    quitting = true
    platform.log(`gotrace: the engine process exited unexpectedly (code ${code})`)
    platform.quit(1)
  })

  await win.load(target)
}
