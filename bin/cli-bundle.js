// The CLI as one bundled module (out/cli/gotrace.mjs), built with esbuild (a dependency of tsx)
// whenever a source is newer than it: loading it takes a tenth of what running the TypeScript
// sources through tsx's loader takes, which every `gotrace` command would pay at startup.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'out', 'cli')
const entry = join(outDir, 'gotrace.mjs')
const INPUTS = ['main', 'common', 'package.json']

/** The URL of an up-to-date bundle, or undefined if it cannot be built here (no esbuild). */
export async function cliBundle() {
  if (existsSync(entry) && newestMtimeMs() <= statSync(entry).mtimeMs) {
    return pathToFileURL(entry).href
  }
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    return undefined
  }
  // Built beside, then each file renamed over the old one (atomic), the entry last: a concurrent
  // gotrace never loads a half-written bundle.
  const tmpDir = `${outDir}.tmp-${process.pid}`
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      gotrace: 'main/cli/bundle-entry.ts',
      'ingest-worker': 'main/store/build/ingest-worker.ts',
    },
    outdir: tmpDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  })
  mkdirSync(outDir, { recursive: true })
  for (const name of ['ingest-worker.mjs', 'gotrace.mjs']) {
    renameSync(join(tmpDir, name), join(outDir, name))
  }
  rmSync(tmpDir, { recursive: true, force: true })
  return pathToFileURL(entry).href
}

function newestMtimeMs() {
  let newest = 0
  const visit = (path) => {
    const st = statSync(path)
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
    else if (st.mtimeMs > newest) newest = st.mtimeMs
  }
  for (const input of INPUTS) visit(join(root, input))
  return newest
}
