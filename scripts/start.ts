// `npm start -- [trace.out]`: the desktop app in development (electron-vite dev, with renderer
// hot reload). Ensures the Electron binary and the Electron-ABI better-sqlite3 first, and says
// plainly what to do instead when Electron cannot be had.
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { ensureElectronBinary } from './lib/electron-binary.ts'
import { ensureElectronNative } from './lib/electron-native.ts'
import { ROOT } from './lib/project.ts'

// npm runs scripts from the project root; INIT_CWD is where the user typed `npm start`.
const userCwd = process.env['INIT_CWD'] ?? process.cwd()
const args = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : resolve(userCwd, a)))

const electron = ensureElectronBinary(ROOT)
if ('missing' in electron) {
  const trace = args.find((a) => !a.startsWith('-')) ?? 'trace.out'
  console.error(
    [
      `gotrace: cannot start the desktop app: ${electron.missing}.`,
      '  Without Electron, the same viewer runs in a browser:',
      `    npx gotrace web ${trace} --open`,
    ].join('\n'),
  )
  process.exit(1)
}

try {
  await ensureElectronNative(ROOT, (m) => console.error(m))
} catch (err) {
  console.error(`gotrace: could not build better-sqlite3 for Electron: ${(err as Error).message}`)
  process.exit(1)
}

const electronVite = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const child = spawn(process.execPath, [electronVite, 'dev', '--', ...args], {
  cwd: ROOT,
  stdio: 'inherit',
})
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)))
