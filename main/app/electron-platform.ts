import {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  session,
  utilityProcess,
  type MessagePortMain,
} from 'electron'
import { IPC_ENGINE_PORT, IPC_ENGINE_PORT_REQUEST } from '../../common/host-bridge.ts'
import type { AppPlatform, AppWindow, EngineProcess, WindowSpec } from './platform.ts'

/**
 * AppPlatform on real Electron APIs. Deliberately logic-free (CI has no Electron binary to run
 * it): decisions live in start-app.ts and security.ts, which are unit-tested through a fake.
 */
export function createElectronPlatform(): AppPlatform<MessagePortMain> {
  app.enableSandbox() // every renderer, including any we forget to configure
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  return {
    argv: process.argv,
    cwd: process.cwd(),
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    electronVersion: process.versions.electron,
    devRendererUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
    async whenReady() {
      await app.whenReady()
      // gotrace needs no camera, notifications, clipboard reads, …: refuse every request.
      session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
      session.defaultSession.setPermissionCheckHandler(() => false)
    },
    createWindow: createWindow,
    createChannel() {
      const { port1, port2 } = new MessageChannelMain()
      return { port1, port2 }
    },
    startEngine(spec): EngineProcess<MessagePortMain> {
      const child = utilityProcess.fork(spec.modulePath, spec.args, {
        serviceName: 'gotrace engine',
        stdio: 'inherit',
      })
      return {
        connect: (port) => child.postMessage({ type: 'connect' }, [port]),
        onExit: (handler) => child.on('exit', handler),
        kill: () => void child.kill(),
      }
    },
    onEnginePortRequest(handler) {
      ipcMain.on(IPC_ENGINE_PORT_REQUEST, (event) => {
        handler({ webContentsId: event.sender.id, senderUrl: event.senderFrame?.url ?? '' })
      })
    },
    onAllWindowsClosed(handler) {
      app.on('window-all-closed', handler)
    },
    quit(exitCode) {
      if (exitCode === 0) app.quit()
      else app.exit(exitCode)
    },
    log(message) {
      console.error(message)
    },
  }
}

function createWindow(spec: WindowSpec): AppWindow<MessagePortMain> {
  const win = new BrowserWindow({
    title: spec.title,
    width: spec.width,
    height: spec.height,
    show: false,
    backgroundColor: '#16181d',
    webPreferences: spec.webPreferences,
  })
  win.once('ready-to-show', () => win.show())
  const contents = win.webContents
  contents.on('will-frame-navigate', (event) => {
    if (!spec.isTrustedUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!spec.isTrustedUrl(event.url)) event.preventDefault()
  })
  return {
    webContentsId: contents.id,
    load: (target) => (target.kind === 'url' ? win.loadURL(target.url) : win.loadFile(target.path)),
    sendEnginePort: (port) => contents.postMessage(IPC_ENGINE_PORT, null, [port]),
  }
}
