import { ENGINE_PORT_MESSAGE, type HostBridge } from '../../common/host-bridge.ts'

/** Asks the preload for an engine MessagePort and waits for it to arrive via window.postMessage. */
export function electronEnginePort(host: HostBridge): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const port = event.ports[0]
      // Only the preload (same window) posts this; ignore look-alikes from anywhere else.
      if (event.source !== window || event.data !== ENGINE_PORT_MESSAGE || port === undefined)
        return
      window.removeEventListener('message', onMessage)
      resolve(port)
    }
    window.addEventListener('message', onMessage)
    host.requestEnginePort()
  })
}
