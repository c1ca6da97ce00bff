import { join } from 'node:path'

/**
 * better-sqlite3 is a native addon, and Node and Electron have different ABIs. node_modules keeps
 * the Node build (tests, CLI, web mode); the Electron app loads an Electron-ABI copy through
 * better-sqlite3's `nativeBinding` option instead of rebuilding node_modules in place, so
 * `npm test` and `npm start` never undo each other.
 *
 * - development: scripts/ensure-electron-native.ts builds it into <project>/.cache/electron-native/
 * - packaged app: electron-builder copies that file to <app>/native/, unpacked from the asar
 */
export const NATIVE_FILE = 'better_sqlite3.node'
export const DEV_NATIVE_DIR = join('.cache', 'electron-native')
export const PACKAGED_NATIVE_DIR = 'native'

export interface NativeBindingContext {
  /** process.versions.electron: undefined under plain Node. */
  electronVersion: string | undefined
  /** Electron's app.isPackaged. */
  isPackaged: boolean
  /** Electron's app.getAppPath(): the project root in development, …/resources/app.asar packaged. */
  appPath: string
}

/** The nativeBinding path to pass to better-sqlite3, or undefined to use node_modules' build. */
export function nativeBindingPath(ctx: NativeBindingContext): string | undefined {
  if (ctx.electronVersion === undefined) return undefined
  if (!ctx.isPackaged) return join(ctx.appPath, DEV_NATIVE_DIR, NATIVE_FILE)
  // Native code cannot be loaded from inside an asar archive; asarUnpack puts it beside it.
  return join(ctx.appPath.replace(/\.asar$/, '.asar.unpacked'), PACKAGED_NATIVE_DIR, NATIVE_FILE)
}
