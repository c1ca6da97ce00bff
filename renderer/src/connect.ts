import * as Comlink from 'comlink'
import type { EngineApi } from '../../common/engine-api.ts'
import { socketEndpoint } from '../../common/socket-endpoint.ts'
import { engineSocketUrl } from '../../common/web-paths.ts'
import { electronEnginePort } from './electron-port.ts'

/**
 * Connects to the engine. The same renderer runs in two places and this is the only place that
 * knows: inside Electron the preload bridge hands out a MessagePort to the engine process; in a
 * browser (`gotrace web`) the engine is behind a WebSocket on the page's own server.
 */
export async function connectEngine(onDisconnect: () => void): Promise<EngineApi> {
  const host = window.gotraceHost
  const endpoint =
    host !== undefined
      ? await electronEnginePort(host)
      : socketEndpoint(new WebSocket(engineSocketUrl(window.location.href)), {
          onClose: onDisconnect,
        })
  return Comlink.wrap<EngineApi>(endpoint)
}
