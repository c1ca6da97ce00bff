import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Electron (since v41) downloads its binary on first use rather than at install time. These
 * helpers find it, or fetch it once, without `require('electron')` (which would download
 * implicitly and throw a stack trace when offline).
 */
export function electronBinaryPath(root: string): string | undefined {
  const override = process.env['ELECTRON_EXEC_PATH'] // also honoured by electron-vite
  if (override !== undefined && override !== '') return existsSync(override) ? override : undefined
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : undefined
}

/** Returns the binary, downloading it unless ELECTRON_SKIP_BINARY_DOWNLOAD is set; or a reason. */
export function ensureElectronBinary(root: string): { path: string } | { missing: string } {
  const found = electronBinaryPath(root)
  if (found !== undefined) return { path: found }
  if (process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']) {
    return { missing: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set and no Electron binary is installed' }
  }
  console.error('gotrace: downloading the Electron binary (once) …')
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'electron', 'install.js')],
    {
      encoding: 'utf8',
    },
  )
  const path = electronBinaryPath(root)
  if (result.status === 0 && path !== undefined) return { path }
  const firstLine = `${result.stderr}${result.stdout}`.trim().split('\n')[0] ?? ''
  return { missing: `the download failed${firstLine === '' ? '' : `: ${firstLine}`}` }
}
