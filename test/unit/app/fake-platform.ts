import type { HostMessage, ThemeSetting } from '../../../common/host-bridge.ts'
import type {
  AppPlatform,
  AppWindow,
  EngineProcess,
  EngineSpec,
  IpcSender,
  MenuItemSpec,
  MessageSpec,
  OpenDialogSpec,
  Rect,
  RendererTarget,
  SaveDialogSpec,
  SecondInstanceData,
  WindowSpec,
  WindowState,
} from '../../../main/app/platform.ts'

/** Ports are plain strings here: the wiring must only pass them along, never look inside. */
type Port = string

export const RENDERER_URL = 'file:///app/out/renderer/index.html'

export class FakeWindow implements AppWindow<Port> {
  loaded: RendererTarget[] = []
  ports: Port[] = []
  sent: HostMessage[] = []
  progress: (number | null)[] = []
  focused = 0
  closed = false
  /** What the window reports when it closes (a test may move or maximize it first). */
  state: WindowState
  private closedHandler: ((state: WindowState) => void) | undefined

  constructor(
    readonly spec: WindowSpec,
    readonly webContentsId: number,
    private readonly platform: FakePlatform,
  ) {
    this.state = {
      x: spec.x ?? 0,
      y: spec.y ?? 0,
      width: spec.width,
      height: spec.height,
      maximized: spec.maximized ?? false,
    }
  }
  load(target: RendererTarget) {
    this.loaded.push(target)
    return Promise.resolve()
  }
  sendEnginePort(port: Port) {
    this.ports.push(port)
  }
  send(message: HostMessage) {
    this.sent.push(message)
  }
  setProgressBar(fraction: number | null) {
    this.progress.push(fraction)
  }
  focus() {
    this.focused++
  }
  /** Like BrowserWindow: 'closed' fires, then 'window-all-closed' if it was the last one. */
  close() {
    if (this.closed) return
    this.closed = true
    this.closedHandler?.(this.state)
    this.platform.windowClosed()
  }
  onClosed(handler: (state: WindowState) => void) {
    this.closedHandler = handler
  }
}

export class FakeEngine implements EngineProcess<Port> {
  ports: Port[] = []
  killed = false
  exitHandler: ((code: number) => void) | undefined
  constructor(readonly spec: EngineSpec) {}
  connect(port: Port) {
    this.ports.push(port)
  }
  onExit(handler: (code: number) => void) {
    this.exitHandler = handler
  }
  kill() {
    this.killed = true
  }
  /** The trace this engine was started on (its --trace argument). */
  get trace(): string | undefined {
    return this.spec.args.find((a) => a.startsWith('--trace='))?.slice('--trace='.length)
  }
}

export class FakePlatform implements AppPlatform<Port> {
  argv: readonly string[] = ['/usr/lib/electron', '.', 'traces/app.trace']
  cwd = '/home/dev/project'
  isPackaged = false
  os: NodeJS.Platform = 'linux'
  appVersion = '0.1.0'
  appPath = '/home/dev/project'
  userDataPath = '/nonexistent/userData'
  electronVersion: string | undefined = '45.4.1'
  devRendererUrl: string | undefined = undefined

  /** false: another instance holds the lock. */
  lockAvailable = true
  lockData: SecondInstanceData[] = []
  ready = false
  windows: FakeWindow[] = []
  engines: FakeEngine[] = []
  quits: number[] = []
  logs: string[] = []
  menus: MenuItemSpec[][] = []
  themes: ThemeSetting[] = []
  dark = true
  screens: Rect[] = [{ x: 0, y: 0, width: 1920, height: 1080 }]
  focusedId: number | undefined
  messages: MessageSpec[] = []
  openDialogs: OpenDialogSpec[] = []
  saveDialogs: SaveDialogSpec[] = []
  /** What the next Open / Save dialogs answer, in order. */
  openAnswers: string[][] = []
  saveAnswers: (string | undefined)[] = []
  osRecent: string[] = []

  portRequestHandler: ((request: IpcSender) => void) | undefined
  messageHandler: ((sender: IpcSender, message: unknown) => void) | undefined
  allClosedHandler: (() => void) | undefined
  secondInstanceHandler: ((argv: readonly string[], cwd: string, data: unknown) => void) | undefined
  openFileHandler: ((path: string) => void) | undefined
  private channels = 0

  requestSingleInstanceLock(data: SecondInstanceData) {
    this.lockData.push(data)
    return this.lockAvailable
  }
  onSecondInstance(handler: (argv: readonly string[], cwd: string, data: unknown) => void) {
    this.secondInstanceHandler = handler
  }
  onOpenFile(handler: (path: string) => void) {
    this.openFileHandler = handler
  }
  whenReady() {
    this.ready = true
    return Promise.resolve()
  }
  createWindow(spec: WindowSpec) {
    if (!this.ready) throw new Error('BrowserWindow created before app ready')
    const win = new FakeWindow(spec, 100 + this.windows.length, this)
    this.windows.push(win)
    return win
  }
  createChannel() {
    const n = this.channels++
    return { port1: `channel${n}.port1`, port2: `channel${n}.port2` }
  }
  startEngine(spec: EngineSpec) {
    if (!this.ready) throw new Error('utilityProcess forked before app ready')
    const engine = new FakeEngine(spec)
    this.engines.push(engine)
    return engine
  }
  onEnginePortRequest(handler: (request: IpcSender) => void) {
    this.portRequestHandler = handler
  }
  onRendererMessage(handler: (sender: IpcSender, message: unknown) => void) {
    this.messageHandler = handler
  }
  onAllWindowsClosed(handler: () => void) {
    this.allClosedHandler = handler
  }
  focusedWindowId() {
    return this.focusedId
  }
  setMenu(template: MenuItemSpec[]) {
    this.menus.push(template)
  }
  setThemeSource(theme: ThemeSetting) {
    this.themes.push(theme)
  }
  prefersDark() {
    return this.dark
  }
  displays() {
    return this.screens
  }
  showOpenDialog(_parent: AppWindow<Port> | undefined, options: OpenDialogSpec) {
    this.openDialogs.push(options)
    return Promise.resolve(this.openAnswers.shift() ?? [])
  }
  showSaveDialog(_parent: AppWindow<Port> | undefined, options: SaveDialogSpec) {
    this.saveDialogs.push(options)
    return Promise.resolve(this.saveAnswers.shift())
  }
  showMessage(_parent: AppWindow<Port> | undefined, message: MessageSpec) {
    this.messages.push(message)
  }
  addRecentDocument(path: string) {
    this.osRecent.push(path)
  }
  clearRecentDocuments() {
    this.osRecent = []
  }
  quit(exitCode: number) {
    this.quits.push(exitCode)
  }
  log(message: string) {
    this.logs.push(message)
  }

  windowClosed() {
    if (this.openWindows().length === 0) this.allClosedHandler?.()
  }

  // What tests do in the user's place.

  openWindows(): FakeWindow[] {
    return this.windows.filter((w) => !w.closed)
  }
  /** The engine started for a window (engines and windows are created in pairs). */
  engineOf(win: FakeWindow): FakeEngine {
    return this.engines[this.windows.indexOf(win)]!
  }
  /** The menu currently set. */
  menu(): MenuItemSpec[] {
    const m = this.menus.at(-1)
    if (m === undefined) throw new Error('no menu set')
    return m
  }
  /** What the renderer's preload does: ipcRenderer.send(IPC_ENGINE_PORT_REQUEST). */
  requestPort(win: FakeWindow, senderUrl = RENDERER_URL) {
    this.portRequestHandler?.({ webContentsId: win.webContentsId, senderUrl })
  }
  /** What the preload's bridge methods do: ipcRenderer.send(IPC_RENDERER_MESSAGE, message). */
  sendFrom(win: FakeWindow, message: unknown, senderUrl = RENDERER_URL) {
    this.messageHandler?.({ webContentsId: win.webContentsId, senderUrl }, message)
  }
}

/** Lets pending work (dialog promises, file copies on libuv's thread pool) finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5))
}
