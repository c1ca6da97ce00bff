/**
 * Electron main process entry (built by electron-vite to out/main/index.js). Only wiring:
 * see start-app.ts for what happens and electron-platform.ts for the Electron side.
 */
import { app } from 'electron'
import { fileURLToPath } from 'node:url'
import { createElectronPlatform } from './electron-platform.ts'
import { startApp } from './start-app.ts'

const built = (relative: string) => fileURLToPath(new URL(relative, import.meta.url))

startApp(createElectronPlatform(), {
  preload: built('../preload/index.cjs'),
  engineHost: built('./engine-host.js'),
  rendererHtml: built('../renderer/index.html'),
}).catch((err: unknown) => {
  console.error(`gotrace: ${err instanceof Error ? err.message : String(err)}`)
  app.exit(1)
})
