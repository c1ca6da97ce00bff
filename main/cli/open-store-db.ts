import Database from 'better-sqlite3'
import {
  findCachedStore,
  openStore,
  type OpenStoreOptions,
  StoreError,
  type StoreInfo,
} from '../store/ingest.ts'
import { summarizeTrace } from '../store/summarize.ts'
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
 *
 * `onePass`: the analysis needs no timeline tables (store/summarize.ts; `mmu`: but the MMU's
 * inputs), so a trace with no cached store is read in one pass into memory instead of being
 * ingested: a one-off question costs a fraction of an ingestion and leaves nothing on disk
 * (`gotrace open` caches a trace for later).
 */
export async function withStoreDb<T>(
  tracePath: string,
  io: CliIo,
  cacheDir: string | undefined,
  fn: (db: Database.Database) => T,
  { onePass = false, mmu = false }: { onePass?: boolean; mmu?: boolean } = {},
): Promise<T> {
  const db = onePass
    ? await cachedOrSummary(tracePath, io, cacheDir, mmu)
    : storeDb(await openStoreInfo(tracePath, io, { cacheDir }), io)
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

async function cachedOrSummary(
  tracePath: string,
  io: CliIo,
  cacheDir: string | undefined,
  mmu: boolean,
): Promise<Database.Database> {
  try {
    const cached = await findCachedStore(tracePath, { cacheDir, signal: io.signal })
    if (cached !== undefined) return storeDb(cached, io)
    const summary = await summarizeTrace(tracePath, { signal: io.signal, mmu })
    warnIfIncomplete(summary.meta, io)
    return summary.db
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(err.message)
    throw traceReadError(tracePath, err)
  }
}

function storeDb(info: StoreInfo, io: CliIo): Database.Database {
  warnIfIncomplete(info.meta, io)
  return new Database(info.path, { readonly: true, fileMustExist: true })
}

function warnIfIncomplete(meta: StoreInfo['meta'], io: CliIo): void {
  if (meta.warning) io.stderr.write(`gotrace: warning: ${meta.warning}\n`)
}
