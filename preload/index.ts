/**
 * Preload script (sandboxed, context-isolated; built to out/preload/index.cjs because sandboxed
 * preloads cannot be ES modules). It exposes one small typed object, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron'
import {
  ENGINE_PORT_MESSAGE,
  HOST_BRIDGE_KEY,
  IPC_ENGINE_PORT,
  IPC_ENGINE_PORT_REQUEST,
  type HostBridge,
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

const bridge: HostBridge = {
  kind: 'electron',
  requestEnginePort: () => ipcRenderer.send(IPC_ENGINE_PORT_REQUEST),
}

contextBridge.exposeInMainWorld(HOST_BRIDGE_KEY, bridge)
