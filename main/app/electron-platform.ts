import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  nativeTheme,
  screen,
  session,
  utilityProcess,
  type MenuItemConstructorOptions,
  type MessagePortMain,
} from 'electron'
import {
  IPC_ENGINE_PORT,
  IPC_ENGINE_PORT_REQUEST,
  IPC_HOST_MESSAGE,
  IPC_RENDERER_MESSAGE,
} from '../../common/host-bridge.ts'
import type {
  AppPlatform,
  AppWindow,
  EngineProcess,
  IpcSender,
  MenuItemSpec,
  WindowSpec,
} from './platform.ts'

/**
 * AppPlatform on real Electron APIs. Deliberately logic-free (CI has no Electron binary to run
 * it): decisions live in start-app.ts, menu.ts, window-state.ts and security.ts, which are
 * unit-tested through a fake.
 */
export function createElectronPlatform(): AppPlatform<MessagePortMain> {
  app.enableSandbox() // every renderer, including any we forget to configure
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  const byContents = new Map<number, BrowserWindow>()
  const senderOf = (event: Electron.IpcMainEvent): IpcSender => ({
    webContentsId: event.sender.id,
    senderUrl: event.senderFrame?.url ?? '',
  })
  const parentOf = (win: AppWindow<MessagePortMain> | undefined) =>
    win === undefined ? undefined : byContents.get(win.webContentsId)

  return {
    argv: process.argv,
    cwd: process.cwd(),
    isPackaged: app.isPackaged,
    os: process.platform,
    appVersion: app.getVersion(),
    appPath: app.getAppPath(),
    userDataPath: app.getPath('userData'),
    electronVersion: process.versions.electron,
    devRendererUrl: app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
    requestSingleInstanceLock: (data) => app.requestSingleInstanceLock(data),
    onSecondInstance(handler) {
      app.on('second-instance', (_event, argv, cwd, data) => handler(argv, cwd, data))
    },
    onOpenFile(handler) {
      app.on('open-file', (event, path) => {
        event.preventDefault()
        handler(path)
      })
    },
    async whenReady() {
      await app.whenReady()
      // gotrace needs no camera, notifications, clipboard reads, …: refuse every request.
      session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false))
      session.defaultSession.setPermissionCheckHandler(() => false)
    },
    createWindow(spec) {
      const { win, appWindow } = createWindow(spec)
      const id = appWindow.webContentsId
      byContents.set(id, win)
      win.once('closed', () => byContents.delete(id))
      return appWindow
    },
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
      ipcMain.on(IPC_ENGINE_PORT_REQUEST, (event) => handler(senderOf(event)))
    },
    onRendererMessage(handler) {
      ipcMain.on(IPC_RENDERER_MESSAGE, (event, message: unknown) =>
        handler(senderOf(event), message),
      )
    },
    onAllWindowsClosed(handler) {
      app.on('window-all-closed', handler)
    },
    focusedWindowId: () => BrowserWindow.getFocusedWindow()?.webContents.id,
    setMenu(template) {
      Menu.setApplicationMenu(Menu.buildFromTemplate(template.map(toElectronItem)))
    },
    setThemeSource(theme) {
      nativeTheme.themeSource = theme
    },
    prefersDark: () => nativeTheme.shouldUseDarkColors,
    displays: () => screen.getAllDisplays().map((d) => d.workArea),
    async showOpenDialog(parent, options) {
      const spec = {
        title: options.title,
        filters: options.filters,
        properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[],
      }
      const owner = parentOf(parent)
      const result = await (owner === undefined
        ? dialog.showOpenDialog(spec)
        : dialog.showOpenDialog(owner, spec))
      return result.canceled ? [] : result.filePaths
    },
    async showSaveDialog(parent, options) {
      const owner = parentOf(parent)
      const result = await (owner === undefined
        ? dialog.showSaveDialog(options)
        : dialog.showSaveDialog(owner, options))
      return result.canceled || result.filePath === '' ? undefined : result.filePath
    },
    showMessage(parent, message) {
      const spec = {
        type: message.kind,
        title: message.title,
        message: message.message,
        detail: message.detail,
        buttons: ['OK'],
      }
      const owner = parentOf(parent)
      void (owner === undefined ? dialog.showMessageBox(spec) : dialog.showMessageBox(owner, spec))
    },
    addRecentDocument: (path) => app.addRecentDocument(path),
    clearRecentDocuments: () => app.clearRecentDocuments(),
    quit(exitCode) {
      if (exitCode === 0) app.quit()
      else app.exit(exitCode)
    },
    log(message) {
      console.error(message)
    },
  }
}

function toElectronItem(item: MenuItemSpec): MenuItemConstructorOptions {
  const { click, submenu, ...rest } = item
  return {
    ...rest,
    ...(submenu === undefined ? {} : { submenu: submenu.map(toElectronItem) }),
    ...(click === undefined
      ? {}
      : { click: () => click(BrowserWindow.getFocusedWindow()?.webContents.id) }),
  }
}

function createWindow(spec: WindowSpec): {
  win: BrowserWindow
  appWindow: AppWindow<MessagePortMain>
} {
  const win = new BrowserWindow({
    title: spec.title,
    width: spec.width,
    height: spec.height,
    ...(spec.x === undefined || spec.y === undefined ? {} : { x: spec.x, y: spec.y }),
    minWidth: 480,
    minHeight: 320,
    show: false,
    backgroundColor: spec.backgroundColor,
    webPreferences: spec.webPreferences,
  })
  win.once('ready-to-show', () => {
    if (spec.maximized === true) win.maximize()
    win.show()
  })
  const contents = win.webContents
  const id = contents.id
  contents.on('will-frame-navigate', (event) => {
    if (!spec.isTrustedUrl(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!spec.isTrustedUrl(event.url)) event.preventDefault()
  })
  // The page sets its own title from the trace; keep ours (it names the trace too).
  win.on('page-title-updated', (event) => event.preventDefault())
  let state = { ...win.getNormalBounds(), maximized: false }
  win.on('close', () => {
    state = { ...win.getNormalBounds(), maximized: win.isMaximized() }
  })
  const alive = () => !win.isDestroyed()
  const appWindow: AppWindow<MessagePortMain> = {
    webContentsId: id,
    load: (target) => (target.kind === 'url' ? win.loadURL(target.url) : win.loadFile(target.path)),
    sendEnginePort: (port) => {
      if (alive()) contents.postMessage(IPC_ENGINE_PORT, null, [port])
    },
    send: (message) => {
      if (alive()) contents.send(IPC_HOST_MESSAGE, message)
    },
    setProgressBar: (fraction) => {
      if (alive()) win.setProgressBar(fraction === null ? -1 : fraction)
    },
    focus: () => {
      if (!alive()) return
      if (win.isMinimized()) win.restore()
      win.focus()
    },
    close: () => {
      if (alive()) win.close()
    },
    onClosed: (handler) => win.once('closed', () => handler(state)),
  }
  return { win, appWindow }
}
