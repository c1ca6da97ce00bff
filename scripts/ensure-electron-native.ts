// `node bin/run-ts.js scripts/ensure-electron-native.ts`: builds the Electron-ABI copy of
// better-sqlite3 if it is missing or stale (used by `npm run dist`; `npm start` calls the same).
import { ensureElectronNative } from './lib/electron-native.ts'
import { ROOT } from './lib/project.ts'

try {
  const path = await ensureElectronNative(ROOT, (m) => console.error(m))
  console.error(`gotrace: Electron native module ready: ${path}`)
} catch (err) {
  console.error(`gotrace: could not build better-sqlite3 for Electron: ${(err as Error).message}`)
  process.exit(1)
}
