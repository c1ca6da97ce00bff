import type { Endpoint } from 'comlink'

/** The part of Electron's MessagePortMain the adapter uses (an EventEmitter, not an EventTarget). */
export interface MainPortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown
  start(): void
}

type Listener = (event: { data: unknown }) => void

/**
 * Comlink Endpoint over an Electron MessagePortMain (engine utility process side). Messages are
 * structured-cloned by Electron, so bigint and typed arrays pass as they are.
 */
export function mainPortEndpoint(port: MainPortLike): Endpoint {
  const handlers = new Map<unknown, Listener>()
  return {
    postMessage: (message: unknown) => port.postMessage(message),
    addEventListener(_type: string, listener: unknown) {
      if (typeof listener !== 'function' || handlers.has(listener)) return
      const handler: Listener = (event) => (listener as Listener)({ data: event.data })
      handlers.set(listener, handler)
      port.on('message', handler)
    },
    removeEventListener(_type: string, listener: unknown) {
      const handler = handlers.get(listener)
      if (handler === undefined) return
      handlers.delete(listener)
      port.off('message', handler)
    },
    start: () => port.start(),
  }
}
