/**
 * Preload script (sandboxed, context-isolated; built to out/preload/index.cjs because sandboxed
 * preloads cannot be ES modules). It exposes one small typed object, never ipcRenderer itself:
 * each method sends one fixed message, and the main process validates sender and message.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import {
  ENGINE_PORT_MESSAGE,
  HOST_BRIDGE_KEY,
  IPC_ENGINE_PORT,
  IPC_ENGINE_PORT_REQUEST,
  IPC_HOST_MESSAGE,
  IPC_RENDERER_MESSAGE,
  type HostBridge,
  type HostMessage,
  type RendererMessage,
} from '../common/host-bridge.ts'

ipcRenderer.on(IPC_ENGINE_PORT, (event) => {
  // A MessagePort cannot be returned through contextBridge, but it can be transferred to the
  // main world with window.postMessage; only this window receives it.
  window.postMessage(
    ENGINE_PORT_MESSAGE,
    window.location.origin === 'null' ? '*' : window.location.origin,
    event.ports,
  )
})

const send = (message: RendererMessage) => ipcRenderer.send(IPC_RENDERER_MESSAGE, message)

const bridge: HostBridge = {
  kind: 'electron',
  requestEnginePort: () => ipcRenderer.send(IPC_ENGINE_PORT_REQUEST),
  reportProgress: (fraction) => send({ type: 'progress', fraction }),
  reportOpened: (storePath) => send({ type: 'opened', storePath }),
  cancelOpen: () => send({ type: 'cancel-open' }),
  showOpenDialog: () => send({ type: 'open-dialog' }),
  openFiles: (files) => {
    // File.path is gone from Electron; webUtils turns a dropped File back into its path.
    const paths = files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== '')
    if (paths.length > 0) send({ type: 'open-files', paths })
  },
  onHostMessage: (listener) => {
    // The listener gets the message only, never the IPC event (which carries `sender`).
    ipcRenderer.on(IPC_HOST_MESSAGE, (_event, message: HostMessage) => listener(message))
  },
}

contextBridge.exposeInMainWorld(HOST_BRIDGE_KEY, bridge)
