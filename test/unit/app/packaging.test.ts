import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import pkg from '../../../package.json' with { type: 'json' }

/** build/gotrace.desktop is the canonical desktop entry; electron-builder's copy must agree. */
function desktopFile(): Record<string, string> {
  const text = readFileSync(new URL('../../../build/gotrace.desktop', import.meta.url), 'utf8')
  const entries = text
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => line.split(/=(.*)/s, 2) as [string, string])
  return Object.fromEntries(entries)
}

describe('electron-builder configuration', () => {
  it('mirrors build/gotrace.desktop in the Linux desktop entry', () => {
    const file = desktopFile()
    const entry = pkg.build.linux.desktop.entry as Record<string, string>
    for (const [key, value] of Object.entries(entry)) expect(file[key], key).toBe(value)
  })

  it('ships the Electron-ABI SQLite module unpacked and never rebuilds node_modules in place', () => {
    expect(pkg.build.npmRebuild).toBe(false)
    expect(pkg.build.files).toContainEqual({
      from: '.cache/electron-native',
      to: 'native',
      filter: ['better_sqlite3.node'],
    })
    expect(pkg.build.asarUnpack).toContain('native/*.node')
  })

  it('builds AppImage and deb, dmg and NSIS installers', () => {
    expect(pkg.build.linux.target).toEqual(['AppImage', 'deb'])
    expect(pkg.build.mac.target).toEqual(['dmg'])
    expect(pkg.build.win.target).toEqual(['nsis'])
  })

  it('associates .trace (owner) and .out (alternate: a.out is not ours) with the app', () => {
    const assoc = pkg.build.fileAssociations
    expect(assoc.map((a) => a.ext)).toEqual(['trace', 'out'])
    expect(assoc.every((a) => a.role === 'Viewer')).toBe(true)
    const out = assoc.find((a) => a.ext === 'out')!
    // A MIME type would make Linux map every *.out file (compiled binaries) to Go traces.
    expect('mimeType' in out).toBe(false)
    expect(out.rank).toBe('Alternate')
    const file = desktopFile()
    expect(file['MimeType']).toBe(`${assoc[0]!.mimeType};`)
    // %F: the desktop entry passes every selected file (each opens in its own window).
    expect(file['Exec']).toBe('gotrace %F')
  })
})
