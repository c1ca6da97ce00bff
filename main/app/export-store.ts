import { copyFile, rename, rm } from 'node:fs/promises'
import { basename, extname, isAbsolute, relative, resolve } from 'node:path'

/**
 * True if storePath is a store file inside the cache folder. The main process gets the path from
 * the renderer (the engine returned it there), so it only copies files that look like stores.
 */
export function isStorePath(storePath: string, cacheDir: string): boolean {
  const rel = relative(resolve(cacheDir), resolve(storePath))
  return (
    rel !== '' &&
    !rel.startsWith('..') &&
    !isAbsolute(rel) &&
    extname(storePath) === '.sqlite' &&
    !rel.includes('/') &&
    !rel.includes('\\')
  )
}

/** Default file name offered in the Save dialog: the trace's name with ".sqlite". */
export function storeExportName(tracePath: string): string {
  const name = basename(tracePath)
  const ext = extname(name)
  return `${ext === '' ? name : name.slice(0, -ext.length)}.sqlite`
}

/**
 * Copies the trace's store (an ordinary SQLite file, complete once the engine has opened it:
 * ingestion writes a temporary file and renames it) to `dest`. Copies to a temporary name and
 * renames, so a failure (a full disk) never leaves a truncated database under the chosen name.
 * Rejects with a one-line message.
 */
export async function exportStore(storePath: string, dest: string): Promise<void> {
  if (resolve(storePath) === resolve(dest)) return
  const tmp = `${dest}.part-${process.pid}`
  try {
    await copyFile(storePath, tmp)
    await rename(tmp, dest)
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {})
    throw new Error(describeFsError(err, dest), { cause: err })
  }
}

/** A one-line, user-facing description of a file-system error. */
export function describeFsError(err: unknown, path: string): string {
  const code = (err as { code?: unknown } | null)?.code
  switch (code) {
    case 'ENOSPC':
      return `the disk is full (writing ${path})`
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `no permission to write ${path}`
    case 'ENOENT': {
      const missing = (err as { path?: unknown }).path
      return `${typeof missing === 'string' ? missing : path}: no such file or folder`
    }
    default:
      return err instanceof Error ? err.message.split('\n')[0]! : String(err)
  }
}
