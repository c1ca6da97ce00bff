import type {
  AppPlatform,
  AppWindow,
  EngineProcess,
  EngineSpec,
  PortRequest,
  RendererTarget,
  WindowSpec,
} from '../../../main/app/platform.ts'

/** Ports are plain strings here: the wiring must only pass them along, never look inside. */
type Port = string

export class FakeWindow implements AppWindow<Port> {
  loaded: RendererTarget[] = []
  ports: Port[] = []
  constructor(
    readonly spec: WindowSpec,
    readonly webContentsId: number,
  ) {}
  load(target: RendererTarget) {
    this.loaded.push(target)
    return Promise.resolve()
  }
  sendEnginePort(port: Port) {
    this.ports.push(port)
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
}

export class FakePlatform implements AppPlatform<Port> {
  argv: readonly string[] = ['/usr/lib/electron', '.', 'traces/app.trace']
  cwd = '/home/dev/project'
  isPackaged = false
  appPath = '/home/dev/project'
  electronVersion: string | undefined = '45.4.1'
  devRendererUrl: string | undefined = undefined

  ready = false
  windows: FakeWindow[] = []
  engines: FakeEngine[] = []
  quits: number[] = []
  logs: string[] = []
  portRequestHandler: ((request: PortRequest) => void) | undefined
  allClosedHandler: (() => void) | undefined
  private channels = 0

  whenReady() {
    this.ready = true
    return Promise.resolve()
  }
  createWindow(spec: WindowSpec) {
    if (!this.ready) throw new Error('BrowserWindow created before app ready')
    const win = new FakeWindow(spec, 100 + this.windows.length)
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
  onEnginePortRequest(handler: (request: PortRequest) => void) {
    this.portRequestHandler = handler
  }
  onAllWindowsClosed(handler: () => void) {
    this.allClosedHandler = handler
  }
  quit(exitCode: number) {
    this.quits.push(exitCode)
  }
  log(message: string) {
    this.logs.push(message)
  }

  /** What the renderer's preload does: ipcRenderer.send(IPC_ENGINE_PORT_REQUEST). */
  requestPort(win: FakeWindow, senderUrl: string) {
    this.portRequestHandler?.({ webContentsId: win.webContentsId, senderUrl })
  }
}
