/**
 * What the Electron preload script exposes to the renderer through contextBridge, and the IPC
 * channel names and messages preload and main share. In a browser (web mode) there is no bridge:
 * the renderer checks for `window.gotraceHost` to pick its engine transport and to show the
 * desktop-only controls (Open, Cancel, drag and drop).
 *
 * The bridge is a handful of typed methods, never a generic IPC passthrough: each method sends
 * one RendererMessage on IPC_RENDERER_MESSAGE, and the main process checks the sender and parses
 * the message (parseRendererMessage) before acting on it.
 */
export interface HostBridge {
  readonly kind: 'electron'
  /**
   * Asks the main process for a fresh MessagePort connected to the engine process. The port
   * arrives as a window 'message' event whose data is ENGINE_PORT_MESSAGE (a MessagePort cannot
   * cross the context bridge as a value, but window.postMessage can transfer it).
   */
  requestEnginePort(): void
  /** Opening progress for the taskbar/dock (0..1), or null when there is none (done, failed). */
  reportProgress(fraction: number | null): void
  /** The trace is open; storePath is what File > Export SQLite store… copies. */
  reportOpened(storePath: string): void
  /** The user cancelled the open: the main process closes this window and its engine. */
  cancelOpen(): void
  /** Shows the native Open dialog (the trace opens in its own window). */
  showOpenDialog(): void
  /** Opens dropped files, each in its own window (paths come from the preload, not the page). */
  openFiles(files: readonly File[]): void
  /** Listens to what the main process asks of this window (menu actions, theme, errors). */
  onHostMessage(listener: (message: HostMessage) => void): void
}

/** Global name of the bridge object in the renderer's main world. */
export const HOST_BRIDGE_KEY = 'gotraceHost'

/** renderer -> main: please wire a new engine port to this window. */
export const IPC_ENGINE_PORT_REQUEST = 'gotrace:engine-port-request'
/** main -> preload: here is the port (in event.ports[0]). */
export const IPC_ENGINE_PORT = 'gotrace:engine-port'
/** preload -> renderer main world, via window.postMessage with the port transferred. */
export const ENGINE_PORT_MESSAGE = 'gotrace:engine-port'
/** renderer (through the preload's methods) -> main: one RendererMessage. */
export const IPC_RENDERER_MESSAGE = 'gotrace:renderer-message'
/** main -> renderer (through onHostMessage): one HostMessage. */
export const IPC_HOST_MESSAGE = 'gotrace:host-message'

export type RendererMessage =
  | { type: 'progress'; fraction: number | null }
  | { type: 'opened'; storePath: string }
  | { type: 'cancel-open' }
  | { type: 'open-dialog' }
  | { type: 'open-files'; paths: string[] }

/** Menu actions the renderer carries out (the same as its keys, where there is one). */
export type HostAction = 'zoom-in' | 'zoom-out' | 'fit' | 'help' | 'export-profile'

export type ThemeSetting = 'system' | 'light' | 'dark'

export type HostMessage =
  | { type: 'action'; action: HostAction }
  | { type: 'theme'; theme: ThemeSetting }
  | { type: 'error'; message: string }

export const THEME_SETTINGS: readonly ThemeSetting[] = ['system', 'light', 'dark']

/** The key the timeline already handles for each action that has one. */
export const ACTION_KEYS: Partial<Record<HostAction, string>> = {
  'zoom-in': 'w',
  'zoom-out': 's',
  fit: 'Home',
  help: '?',
}

const MAX_PATH = 4096
const MAX_FILES = 64

/**
 * Checks a message a renderer sent (it crossed a process boundary: trust nothing about its
 * shape). Returns undefined for anything that is not exactly a RendererMessage.
 */
export function parseRendererMessage(value: unknown): RendererMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const m = value as Record<string, unknown>
  const isPath = (p: unknown): p is string =>
    typeof p === 'string' && p.length > 0 && p.length <= MAX_PATH && !p.includes('\0')
  switch (m['type']) {
    case 'progress': {
      const f = m['fraction']
      if (f === null) return { type: 'progress', fraction: null }
      if (typeof f !== 'number' || !Number.isFinite(f)) return undefined
      return { type: 'progress', fraction: Math.min(1, Math.max(0, f)) }
    }
    case 'opened':
      return isPath(m['storePath']) ? { type: 'opened', storePath: m['storePath'] } : undefined
    case 'cancel-open':
      return { type: 'cancel-open' }
    case 'open-dialog':
      return { type: 'open-dialog' }
    case 'open-files': {
      const paths = m['paths']
      if (!Array.isArray(paths) || paths.length > MAX_FILES || !paths.every(isPath))
        return undefined
      return { type: 'open-files', paths: [...paths] }
    }
    default:
      return undefined
  }
}
