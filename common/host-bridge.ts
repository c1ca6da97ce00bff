/**
 * What the Electron preload script exposes to the renderer through contextBridge, and the IPC
 * channel names preload and main share. In a browser (web mode) there is no bridge: the renderer
 * checks for `window.gotraceHost` to pick its engine transport.
 */
export interface HostBridge {
  readonly kind: 'electron'
  /**
   * Asks the main process for a fresh MessagePort connected to the engine process. The port
   * arrives as a window 'message' event whose data is ENGINE_PORT_MESSAGE (a MessagePort cannot
   * cross the context bridge as a value, but window.postMessage can transfer it).
   */
  requestEnginePort(): void
}

/** Global name of the bridge object in the renderer's main world. */
export const HOST_BRIDGE_KEY = 'gotraceHost'

/** renderer -> main: please wire a new engine port to this window. */
export const IPC_ENGINE_PORT_REQUEST = 'gotrace:engine-port-request'
/** main -> preload: here is the port (in event.ports[0]). */
export const IPC_ENGINE_PORT = 'gotrace:engine-port'
/** preload -> renderer main world, via window.postMessage with the port transferred. */
export const ENGINE_PORT_MESSAGE = 'gotrace:engine-port'
