import { existsSync, readFileSync } from 'node:fs'
import { copyFile, cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DEV_NATIVE_DIR, NATIVE_FILE } from '../../main/store/native-binding.ts'

/** What the Electron-ABI copy was built for; any difference means rebuild. */
export interface NativeStamp {
  electron: string
  betterSqlite3: string
  platform: string
  arch: string
}

const STAMP_FILE = 'stamp.json'

function packageVersion(root: string, name: string): string {
  const pkg = JSON.parse(
    readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
  ) as {
    version: string
  }
  return pkg.version
}

export function wantedStamp(root: string): NativeStamp {
  return {
    electron: packageVersion(root, 'electron'),
    betterSqlite3: packageVersion(root, 'better-sqlite3'),
    platform: process.platform,
    arch: process.arch,
  }
}

export function isFresh(dir: string, wanted: NativeStamp): boolean {
  try {
    const have = JSON.parse(readFileSync(join(dir, STAMP_FILE), 'utf8')) as Partial<NativeStamp>
    return (
      existsSync(join(dir, NATIVE_FILE)) &&
      have.electron === wanted.electron &&
      have.betterSqlite3 === wanted.betterSqlite3 &&
      have.platform === wanted.platform &&
      have.arch === wanted.arch
    )
  } catch {
    return false
  }
}

/**
 * Builds better-sqlite3 for the installed Electron into .cache/electron-native/ (skipped when
 * the stamp matches), leaving node_modules' Node build untouched. The build happens in a
 * scratch copy of the package because @electron/rebuild rebuilds in place.
 * Needs network access on first run (Electron headers or a prebuilt binary).
 */
export async function ensureElectronNative(
  root: string,
  log: (m: string) => void,
): Promise<string> {
  const dir = join(root, DEV_NATIVE_DIR)
  const target = join(dir, NATIVE_FILE)
  const wanted = wantedStamp(root)
  if (isFresh(dir, wanted)) return target

  log(
    `gotrace: building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} ` +
      `(${wanted.platform}-${wanted.arch}) into ${DEV_NATIVE_DIR} …`,
  )
  const work = join(dir, 'build')
  await rm(work, { recursive: true, force: true })
  try {
    await buildInScratchCopy(root, work, wanted)
    await copyFile(
      join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', NATIVE_FILE),
      target,
    )
    await writeFile(join(dir, STAMP_FILE), JSON.stringify(wanted, null, 2) + '\n')
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  return target
}

async function buildInScratchCopy(root: string, work: string, wanted: NativeStamp): Promise<void> {
  const moduleDir = join(work, 'node_modules', 'better-sqlite3')
  const source = join(root, 'node_modules', 'better-sqlite3')
  await mkdir(moduleDir, { recursive: true })
  await writeFile(
    join(work, 'package.json'),
    JSON.stringify({
      name: 'gotrace-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': wanted.betterSqlite3 },
    }),
  )
  // Everything but the Node build output: sources, binding.gyp, bundled SQLite.
  await cp(source, moduleDir, { recursive: true, filter: (src) => src !== join(source, 'build') })

  // An npm config `nodedir` (set on some machines for offline Node addon builds) would make
  // node-gyp compile against Node's headers instead of Electron's: a silently wrong ABI.
  delete process.env['npm_config_nodedir']
  delete process.env['NPM_CONFIG_NODEDIR']
  const { rebuild } = await import('@electron/rebuild')
  await rebuild({
    buildPath: work,
    electronVersion: wanted.electron,
    arch: wanted.arch,
    force: true,
    onlyModules: ['better-sqlite3'],
  })
}
