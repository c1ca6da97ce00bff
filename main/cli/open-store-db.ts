import Database from 'better-sqlite3'
import { openStore, type OpenStoreOptions, StoreError, type StoreInfo } from '../store/ingest.ts'
import { CliError, type CliIo } from './command.ts'
import { traceReadError } from './open-trace.ts'

/** Builds (or reuses) a trace's store; failures become one-line CLI errors. */
export async function openStoreInfo(
  tracePath: string,
  io: CliIo,
  options: Omit<OpenStoreOptions, 'signal'> = {},
): Promise<StoreInfo> {
  try {
    return await openStore(tracePath, { ...options, signal: io.signal })
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(err.message)
    throw traceReadError(tracePath, err)
  }
}

/**
 * Runs `fn` on a trace's store, opened read-only, for the analysis commands. A warning about an
 * incomplete trace goes to stderr.
 */
export async function withStoreDb<T>(
  tracePath: string,
  io: CliIo,
  cacheDir: string | undefined,
  fn: (db: Database.Database) => T,
): Promise<T> {
  const info = await openStoreInfo(tracePath, io, { cacheDir })
  if (info.meta.warning) io.stderr.write(`gotrace: warning: ${info.meta.warning}\n`)
  const db = new Database(info.path, { readonly: true, fileMustExist: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}
