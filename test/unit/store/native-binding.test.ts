import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { nativeBindingPath } from '../../../main/store/native-binding.ts'
import { probeSqlite } from '../../../main/store/open-database.ts'

describe('nativeBindingPath', () => {
  it('is undefined under plain Node: node_modules has the Node build', () => {
    expect(
      nativeBindingPath({ electronVersion: undefined, isPackaged: false, appPath: '/p' }),
    ).toBeUndefined()
  })

  it('points at the Electron copy in .cache during development', () => {
    expect(nativeBindingPath({ electronVersion: '45.4.1', isPackaged: false, appPath: '/p' })).toBe(
      join('/p', '.cache', 'electron-native', 'better_sqlite3.node'),
    )
  })

  it('points beside the asar archive in a packaged app', () => {
    const appPath = join('/opt', 'gotrace', 'resources', 'app.asar')
    expect(nativeBindingPath({ electronVersion: '45.4.1', isPackaged: true, appPath })).toBe(
      join('/opt', 'gotrace', 'resources', 'app.asar.unpacked', 'native', 'better_sqlite3.node'),
    )
  })
})

describe('openDatabase under Node', () => {
  it('loads better-sqlite3 from node_modules when no binding is given', () => {
    expect(probeSqlite()).toMatch(/^3\.\d+\.\d+$/)
  })
})
