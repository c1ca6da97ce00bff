import type { SecureWebPreferences } from './security.ts'

/**
 * Everything the app's wiring (start-app.ts) needs from Electron. electron-platform.ts is the
 * only file that implements it with real Electron APIs; unit tests use a fake, so the wiring is
 * tested without an Electron binary. `Port` is opaque here: MessagePortMain in Electron.
 */
export interface AppPlatform<Port> {
  /** process.argv of the main process. */
  readonly argv: readonly string[]
  readonly cwd: string
  readonly isPackaged: boolean
  /** app.getAppPath(): the project root in development, …/resources/app.asar when packaged. */
  readonly appPath: string
  /** process.versions.electron. */
  readonly electronVersion: string | undefined
  /** The renderer dev server's URL under `electron-vite dev`; undefined loads the built files. */
  readonly devRendererUrl: string | undefined
  whenReady(): Promise<void>
  createWindow(spec: WindowSpec): AppWindow<Port>
  createChannel(): { port1: Port; port2: Port }
  startEngine(spec: EngineSpec): EngineProcess<Port>
  /** Calls handler for each IPC_ENGINE_PORT_REQUEST a renderer sends. */
  onEnginePortRequest(handler: (request: PortRequest) => void): void
  onAllWindowsClosed(handler: () => void): void
  quit(exitCode: number): void
  log(message: string): void
}

export interface WindowSpec {
  title: string
  width: number
  height: number
  webPreferences: SecureWebPreferences
  /** Navigations (and redirects) to URLs this rejects are cancelled. */
  isTrustedUrl(url: string): boolean
}

export type RendererTarget = { kind: 'url'; url: string } | { kind: 'file'; path: string }

export interface AppWindow<Port> {
  readonly webContentsId: number
  load(target: RendererTarget): Promise<void>
  /** Hands a port to this window's preload (IPC_ENGINE_PORT). */
  sendEnginePort(port: Port): void
}

export interface EngineSpec {
  modulePath: string
  args: string[]
}

export interface EngineProcess<Port> {
  /** Transfers a port to the engine process, which serves EngineApi on it with Comlink. */
  connect(port: Port): void
  onExit(handler: (code: number) => void): void
  kill(): void
}

export interface PortRequest {
  webContentsId: number
  /** URL of the frame that sent the request. */
  senderUrl: string
}
