import type { HostBridge } from '../../common/host-bridge.ts'

declare global {
  interface Window {
    /** Present only inside Electron (exposed by preload/index.ts). */
    gotraceHost?: HostBridge
  }
}
