import type { HostMessage, ThemeSetting } from '../../common/host-bridge.ts'
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
  /** process.platform: the menus differ on macOS. */
  readonly os: NodeJS.Platform
  /** app.getVersion(). */
  readonly appVersion: string
  /** app.getAppPath(): the project root in development, …/resources/app.asar when packaged. */
  readonly appPath: string
  /** app.getPath('userData'): settings, recent files and window state live there. */
  readonly userDataPath: string
  /** process.versions.electron. */
  readonly electronVersion: string | undefined
  /** The renderer dev server's URL under `electron-vite dev`; undefined loads the built files. */
  readonly devRendererUrl: string | undefined
  /**
   * app.requestSingleInstanceLock(data): false if another instance runs (it receives `data` in
   * its onSecondInstance handler, and this one should quit).
   */
  requestSingleInstanceLock(data: SecondInstanceData): boolean
  /** 'second-instance': another launch handed its command line (and data) to this instance. */
  onSecondInstance(handler: (argv: readonly string[], cwd: string, data: unknown) => void): void
  /** macOS 'open-file' (Finder, dock, "open with"); may fire before whenReady. */
  onOpenFile(handler: (path: string) => void): void
  whenReady(): Promise<void>
  createWindow(spec: WindowSpec): AppWindow<Port>
  createChannel(): { port1: Port; port2: Port }
  startEngine(spec: EngineSpec): EngineProcess<Port>
  /** Calls handler for each IPC_ENGINE_PORT_REQUEST a renderer sends. */
  onEnginePortRequest(handler: (request: IpcSender) => void): void
  /** Calls handler for each IPC_RENDERER_MESSAGE, unparsed (start-app.ts validates it). */
  onRendererMessage(handler: (sender: IpcSender, message: unknown) => void): void
  onAllWindowsClosed(handler: () => void): void
  /** The webContents id of the focused app window, if any. */
  focusedWindowId(): number | undefined
  /** Replaces the application menu. */
  setMenu(template: MenuItemSpec[]): void
  /** nativeTheme.themeSource: drives prefers-color-scheme in every renderer. */
  setThemeSource(theme: ThemeSetting): void
  /** nativeTheme.shouldUseDarkColors: whether the effective theme (after themeSource) is dark. */
  prefersDark(): boolean
  /** Work areas of the connected displays (to keep a remembered window on screen). */
  displays(): Rect[]
  /** Native Open dialog; resolves with the chosen paths (empty if cancelled). */
  showOpenDialog(parent: AppWindow<Port> | undefined, options: OpenDialogSpec): Promise<string[]>
  /** Native Save dialog; resolves with the chosen path, or undefined if cancelled. */
  showSaveDialog(
    parent: AppWindow<Port> | undefined,
    options: SaveDialogSpec,
  ): Promise<string | undefined>
  /** A modal message (kind 'error' for failures), attached to parent when there is one. */
  showMessage(parent: AppWindow<Port> | undefined, message: MessageSpec): void
  /** The OS's own recent documents (Windows jump list, macOS dock menu). */
  addRecentDocument(path: string): void
  clearRecentDocuments(): void
  quit(exitCode: number): void
  log(message: string): void
}

/** What a second launch passes to the running instance (resolved against its own cwd). */
export interface SecondInstanceData {
  files: string[]
}

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowSpec {
  title: string
  width: number
  height: number
  /** Position; undefined lets the OS place the window. */
  x?: number | undefined
  y?: number | undefined
  maximized?: boolean | undefined
  /** A background matching the theme, so the window never flashes the wrong colour. */
  backgroundColor: string
  webPreferences: SecureWebPreferences
  /** Navigations (and redirects) to URLs this rejects are cancelled. */
  isTrustedUrl(url: string): boolean
}

export type RendererTarget = { kind: 'url'; url: string } | { kind: 'file'; path: string }

/** A window's normal (not maximized) bounds, and whether it is maximized. */
export interface WindowState extends Rect {
  maximized: boolean
}

export interface AppWindow<Port> {
  readonly webContentsId: number
  load(target: RendererTarget): Promise<void>
  /** Hands a port to this window's preload (IPC_ENGINE_PORT). */
  sendEnginePort(port: Port): void
  /** Sends a HostMessage to the renderer (IPC_HOST_MESSAGE). */
  send(message: HostMessage): void
  /** Taskbar/dock progress: 0..1, or null to remove it. */
  setProgressBar(fraction: number | null): void
  focus(): void
  close(): void
  /** Called once when the window has closed, with its last state. */
  onClosed(handler: (state: WindowState) => void): void
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

export interface IpcSender {
  webContentsId: number
  /** URL of the frame that sent the message. */
  senderUrl: string
}

export interface FileFilter {
  name: string
  extensions: string[]
}

export interface OpenDialogSpec {
  title: string
  filters: FileFilter[]
}

export interface SaveDialogSpec {
  title: string
  defaultPath: string
  filters: FileFilter[]
}

export interface MessageSpec {
  kind: 'error' | 'info'
  title: string
  message: string
  detail?: string | undefined
}

/** Electron roles the menus use (standard items with their OS shortcuts). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'windowMenu'
  | 'recentDocuments'
  | 'clearRecentDocuments'

/**
 * A menu item as plain data (a subset of Electron's MenuItemConstructorOptions). `click` gets
 * the focused app window's webContents id, so handlers need no Electron objects.
 */
export interface MenuItemSpec {
  id?: string
  label?: string
  role?: MenuRole
  type?: 'normal' | 'separator' | 'radio' | 'checkbox'
  accelerator?: string
  checked?: boolean
  enabled?: boolean
  submenu?: MenuItemSpec[]
  click?: (focusedWindowId: number | undefined) => void
}
