import Database from 'better-sqlite3'
import { TraceError } from '../decode/errors.ts'
import { openStore, StoreError } from '../store/ingest.ts'
import { CliError, type CliIo } from './command.ts'

/**
 * Builds (or reuses) a trace's store and opens it read-only, for the analysis commands; failures
 * become one-line CLI errors. A warning about an incomplete trace goes to stderr.
 */
export async function openStoreDb(
  tracePath: string,
  io: CliIo,
  cacheDir?: string,
): Promise<Database.Database> {
  let info
  try {
    info = await openStore(tracePath, { cacheDir, signal: io.signal })
  } catch (err) {
    if (err instanceof TraceError) throw new CliError(`${tracePath}: ${err.message}`)
    if (err instanceof StoreError) throw new CliError(err.message)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliError(`cannot open ${tracePath}: no such file`)
    if (code === 'EISDIR') throw new CliError(`cannot open ${tracePath}: is a directory`)
    throw err
  }
  if (info.meta.warning) io.stderr.write(`gotrace: warning: ${info.meta.warning}\n`)
  return new Database(info.path, { readonly: true, fileMustExist: true })
}
