import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import type { build as viteBuild } from 'vite'

/**
 * The repository root: the nearest folder above this module with the web build's config (this
 * file is main/serve/web-build.ts run from source, or part of the CLI's bundle in out/cli/).
 */
export const PROJECT_ROOT = projectRoot(import.meta.dirname)

function projectRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'vite.web.config.ts'))) return dir
  }
  return join(from, '..', '..')
}

/** What the web build depends on; a change to any of these makes out/web stale. */
const INPUTS = ['renderer', 'common', 'vite.web.config.ts', 'vite.renderer.ts', 'package-lock.json']
const STAMP = '.gotrace-build.json'

export interface WebBuildOptions {
  root?: string
  /** Rebuild even if out/web looks fresh. */
  force?: boolean
  /** Progress messages (the CLI sends them to stderr; stdout is for the URL). */
  log?: (message: string) => void
}

/**
 * Returns the directory of the built renderer for web mode, building it first with Vite if it
 * is missing or stale. Freshness is a hash of the inputs' contents (not mtimes: a fresh clone
 * must not rebuild twice), stored beside the output. A build takes a few seconds; after that
 * startup only hashes a few dozen small files.
 */
export async function ensureWebBuild(options: WebBuildOptions = {}): Promise<string> {
  const root = options.root ?? PROJECT_ROOT
  const outDir = join(root, 'out', 'web')
  const fingerprint = await inputsFingerprint(root)
  if (!options.force && (await readStamp(outDir)) === fingerprint) return outDir

  // Loaded lazily: only a (re)build needs Vite, and it is a devDependency.
  let build: typeof viteBuild
  try {
    ;({ build } = await import('vite'))
  } catch {
    // An install without devDependencies can still serve a build that shipped with it.
    if (existsSync(join(outDir, 'index.html'))) return outDir
    throw new Error('the web UI is not built and Vite is not installed (run `npm install`)')
  }
  options.log?.('gotrace: building the web UI into out/web …')
  // Build beside the old output and swap, so a concurrent server never sees a half-written dir.
  const tmpDir = `${outDir}.tmp-${process.pid}`
  await build({
    configFile: join(root, 'vite.web.config.ts'),
    logLevel: 'warn',
    build: { outDir: tmpDir, emptyOutDir: true },
  })
  await writeFile(join(tmpDir, STAMP), JSON.stringify({ fingerprint }) + '\n')
  await rm(outDir, { recursive: true, force: true })
  await rename(tmpDir, outDir)
  return outDir
}

async function readStamp(outDir: string): Promise<string | undefined> {
  try {
    const stamp = JSON.parse(await readFile(join(outDir, STAMP), 'utf8')) as {
      fingerprint?: unknown
    }
    return existsSync(join(outDir, 'index.html')) && typeof stamp.fingerprint === 'string'
      ? stamp.fingerprint
      : undefined
  } catch {
    return undefined
  }
}

export async function inputsFingerprint(root: string): Promise<string> {
  const hash = createHash('sha256')
  for (const input of INPUTS) {
    for (const file of await listFiles(join(root, input))) {
      hash.update(relative(root, file).split('\\').join('/'))
      hash.update('\0')
      hash.update(await readFile(file))
      hash.update('\0')
    }
  }
  return hash.digest('hex')
}

async function listFiles(path: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(path, { withFileTypes: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return [path]
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const files: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = join(path, entry.name)
    if (entry.isDirectory()) files.push(...(await listFiles(child)))
    else if (entry.isFile()) files.push(child)
  }
  return files
}
