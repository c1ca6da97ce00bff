import type Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import { TraceError } from '../decode/errors.ts'
import { EvSync } from '../decode/event.ts'
import {
  describeIncomplete,
  readOutcome,
  type ReadOutcome,
  uselessTraceMessage,
} from '../decode/read-trace.ts'
import { TraceReader } from '../decode/reader.ts'
import { VERSION } from '../version.ts'
import { SINK_TABLES, EncodingChunkSink } from './build/chunk-sink.ts'
import { raiseInliningBudget } from './v8-tuning.ts'
import { ChunkWorker, ChunkWorkerError } from './build/chunk-worker.ts'
import { openForBulkLoad, openForWriting } from './bulk-load.ts'
import { StoreBuilder } from './build/builder.ts'
import { defaultCacheDir } from './cache-dir.ts'
import { openDatabase } from './open-database.ts'
import { loadSchema } from './schema.ts'

export type IngestPhase = 'hashing' | 'reading' | 'indexing' | 'done'

export interface IngestProgress {
  readonly phase: IngestPhase
  readonly bytesRead: number
  readonly totalBytes: number
  readonly events: number
}

export interface OpenStoreOptions {
  /** Defaults to GOTRACE_CACHE_DIR or the per-user cache folder. */
  readonly cacheDir?: string
  readonly signal?: AbortSignal
  /** Called at least every 250 ms while work is going on. */
  readonly onProgress?: (p: IngestProgress) => void
  /** Fail on a trace that breaks off instead of keeping its complete part. */
  readonly strict?: boolean
  /** Rebuild even if a cached store exists. */
  readonly rebuild?: boolean
  /**
   * Traces at least this big are ingested by two threads (build/chunk-pipe.ts); smaller ones on
   * this thread alone, where starting a worker would cost more than it saves.
   */
  readonly pipelineBytes?: number
  /** better-sqlite3's nativeBinding: the Electron-ABI build (store/native-binding.ts). */
  readonly nativeBinding?: string | undefined
}

export interface StoreInfo {
  /** Path of the SQLite file. */
  readonly path: string
  /** True if an existing store was reused. */
  readonly cached: boolean
  /** Seconds spent opening (hashing, and ingesting unless cached). */
  readonly seconds: number
  readonly meta: Readonly<Record<string, string | number | null>>
}

/** An error opening a trace's store that is not the trace's fault (cache folder, disk). */
export class StoreError extends Error {
  override name = 'StoreError'
}

const PROGRESS_MS = 250
const YIELD_EVERY = 1 << 15
const PIPELINE_BYTES = 8 << 20

/**
 * Opens the store of a trace: reuses the cached one if the trace's content and the schema version
 * match, otherwise ingests the trace into a new one. The store is written to a temporary file and
 * renamed into place only when complete, so a store at its final path is always whole.
 */
export async function openStore(
  tracePath: string,
  opts: OpenStoreOptions = {},
): Promise<StoreInfo> {
  const t0 = performance.now()
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const found = await lookUpStore(tracePath, opts)
  if (found.cached !== undefined) return found.cached
  const { path, sha256, totalBytes, report } = found
  removeAbandoned(cacheDir, path)
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    const meta = await ingest(tracePath, totalBytes, tmp, sha256, opts, report)
    renameSync(tmp, path)
    const seconds = (performance.now() - t0) / 1000
    opts.onProgress?.({
      phase: 'done',
      bytesRead: totalBytes,
      totalBytes,
      events: Number(meta.events),
    })
    return { path, cached: false, seconds, meta }
  } catch (err) {
    rmSync(tmp, { force: true })
    throw describeStoreError(err, cacheDir)
  }
}

/**
 * The trace's cached store if there is a whole and current one, else undefined. Creates no cache
 * folder: a caller that does without a store must not fail on one it cannot create.
 */
export async function findCachedStore(
  tracePath: string,
  opts: Omit<OpenStoreOptions, 'rebuild'> = {},
): Promise<StoreInfo | undefined> {
  if (!statSync(opts.cacheDir ?? defaultCacheDir(), { throwIfNoEntry: false })?.isDirectory()) {
    return undefined
  }
  return (await lookUpStore(tracePath, opts)).cached
}

/** Hashes the trace to find where its store is (or goes), and reuses it if it is valid. */
async function lookUpStore(
  tracePath: string,
  opts: OpenStoreOptions,
): Promise<{
  cached: StoreInfo | undefined
  path: string
  sha256: string
  totalBytes: number
  report: (p: IngestProgress) => void
}> {
  const t0 = performance.now()
  const cacheDir = opts.cacheDir ?? defaultCacheDir()
  const schema = loadSchema()
  const totalBytes = statSync(tracePath).size
  const report = throttle(opts.onProgress)
  const sha256 = await hashFile(tracePath, totalBytes, opts.signal, (bytesRead) =>
    report({ phase: 'hashing', bytesRead, totalBytes, events: 0 }),
  )
  ensureDir(cacheDir)
  const path = join(cacheDir, `${sha256.slice(0, 32)}-v${schema.version}.sqlite`)
  const meta = opts.rebuild
    ? undefined
    : readValidMeta(path, schema.version, sha256, opts.nativeBinding)
  if (meta === undefined) return { cached: undefined, path, sha256, totalBytes, report }
  opts.onProgress?.({
    phase: 'done',
    bytesRead: totalBytes,
    totalBytes,
    events: Number(meta.events),
  })
  const cached = { path, cached: true, seconds: (performance.now() - t0) / 1000, meta }
  return { cached, path, sha256, totalBytes, report }
}

async function ingest(
  tracePath: string,
  traceBytes: number,
  dbPath: string,
  sha256: string,
  opts: OpenStoreOptions,
  report: (p: IngestProgress) => void,
): Promise<Record<string, string | number | null>> {
  raiseInliningBudget()
  const pipelined = traceBytes >= (opts.pipelineBytes ?? PIPELINE_BYTES)
  if (pipelined) {
    try {
      return await ingestWith(tracePath, dbPath, sha256, opts, report, true)
    } catch (err) {
      // A worker that cannot run here (not the trace's or the disk's fault): do without it.
      if (!(err instanceof ChunkWorkerError) || err.code !== undefined) throw err
      rmSync(dbPath, { force: true })
    }
  }
  return ingestWith(tracePath, dbPath, sha256, opts, report, false)
}

/**
 * Reads the trace into a new store at `dbPath`. Pipelined, a worker thread encodes and writes the
 * chunk tables (most of the work) into `dbPath` while this thread decodes and writes the other
 * tables into a side file, copied in at the end.
 */
async function ingestWith(
  tracePath: string,
  dbPath: string,
  sha256: string,
  opts: OpenStoreOptions,
  report: (p: IngestProgress) => void,
  pipelined: boolean,
): Promise<Record<string, string | number | null>> {
  const t0 = performance.now()
  const schema = loadSchema()
  const reader = TraceReader.open(tracePath)
  const worker = pipelined ? ChunkWorker.start(dbPath, opts.nativeBinding) : undefined
  const sidePath = worker === undefined ? dbPath : `${dbPath}-side`
  let db: Database.Database | undefined
  try {
    db = openForBulkLoad(sidePath, worker === undefined ? 256 : 64, opts.nativeBinding)
    const builder = new StoreBuilder(db, worker?.sink ?? new EncodingChunkSink(db))
    const outcome = await readEvents(reader, builder, opts, report)
    builder.finish()
    db.exec('COMMIT')
    report({
      phase: 'indexing',
      bytesRead: reader.size,
      totalBytes: reader.size,
      events: outcome.events,
    })
    if (worker !== undefined) {
      await worker.done()
      db.close()
      db = openForWriting(dbPath, 256, opts.nativeBinding)
      copyTables(db, sidePath)
    }
    db.exec(schema.indexes)
    // Statistics for the query planner from a sample of each index: a full ANALYZE reads every
    // index and table again (a quarter of a second on a 200 MB trace's store).
    db.pragma('analysis_limit = 1000')
    db.exec('ANALYZE')
    const meta: Record<string, string | number | null> = {
      ...traceMeta(tracePath, reader, builder, outcome),
      trace_sha256: sha256,
      ingest_seconds: Number(((performance.now() - t0) / 1000).toFixed(3)),
      ingest_threads: worker === undefined ? 1 : 2,
      store_complete: 1,
    }
    writeMeta(db, meta)
    return meta
  } catch (err) {
    throw worker === undefined ? err : await worker.failure(err)
  } finally {
    reader.close()
    db?.close()
    if (worker !== undefined) {
      await worker.stop()
      rmSync(sidePath, { force: true })
    }
  }
}

/**
 * Feeds every event of the trace to `builder`, reporting progress and yielding to the event loop
 * (so that the ingestion can be cancelled). A trace that breaks off keeps its complete
 * generations (unless `opts.strict`); one with none is an error.
 */
export async function readEvents(
  reader: TraceReader,
  builder: StoreBuilder,
  opts: Pick<OpenStoreOptions, 'signal' | 'strict'>,
  report: (p: IngestProgress) => void,
): Promise<ReadOutcome> {
  let events = 0
  let validEvents = 0
  let error: TraceError | undefined
  const progress = () =>
    report({ phase: 'reading', bytesRead: reader.offset, totalBytes: reader.size, events })
  try {
    for (;;) {
      const ev = reader.readEvent()
      if (ev === undefined) break
      builder.event(ev)
      events++
      if (ev.type === EvSync) validEvents = events
      if ((events & (YIELD_EVERY - 1)) === 0) {
        progress()
        await yieldToEventLoop()
        opts.signal?.throwIfAborted()
      }
    }
    validEvents = events
  } catch (err) {
    if (!(err instanceof TraceError)) throw err
    error = err
  }
  const outcome = readOutcome(reader, events, validEvents, error)
  const useless = uselessTraceMessage(outcome)
  if (useless !== undefined) throw new TraceError(useless)
  if (error !== undefined && opts.strict) throw new TraceError(error.message)
  return outcome
}

/**
 * The meta rows of every store, cached or in memory: the versions it was built with and what
 * the trace is (file, format, bounds, events, completeness).
 */
export function traceMeta(
  tracePath: string,
  reader: TraceReader,
  builder: StoreBuilder,
  outcome: ReadOutcome,
): Record<string, string | number | null> {
  return {
    schema_version: loadSchema().version,
    gotrace_version: VERSION,
    trace_path: tracePath,
    trace_bytes: reader.size,
    format: reader.header,
    epoch_ns: reader.epochNs.toString(),
    start_ns: builder.firstNs ?? 0,
    duration_ns: builder.lastNs,
    generations: reader.generations,
    events: outcome.events,
    complete: outcome.error === undefined ? 1 : 0,
    warning: outcome.error === undefined ? null : describeIncomplete(outcome),
  }
}

export function writeMeta(
  db: Database.Database,
  meta: Record<string, string | number | null>,
): void {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)')
  for (const [k, v] of Object.entries(meta)) put.run(k, v)
}

/** Copies the tables a pipelined ingestion wrote on this thread into the worker's file. */
function copyTables(db: Database.Database, sidePath: string): void {
  db.prepare('ATTACH DATABASE ? AS side').run(sidePath)
  const tables = db
    .prepare("SELECT name FROM side.sqlite_master WHERE type = 'table'")
    .pluck()
    .all() as string[]
  db.exec('BEGIN')
  for (const t of tables) {
    if (!SINK_TABLES.includes(t)) db.exec(`INSERT INTO main."${t}" SELECT * FROM side."${t}"`)
  }
  db.exec('COMMIT')
  db.exec('DETACH DATABASE side')
}

/**
 * Deletes temporary stores of this trace left by ingestions that died (their process is gone):
 * they are never trusted, but they take disk space.
 */
function removeAbandoned(cacheDir: string, path: string): void {
  const prefix = `${basename(path)}.tmp-`
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length).split('-')[0])
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      rmSync(join(cacheDir, name), { force: true })
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The meta of a cached store if it is whole and current, else undefined (and it is removed). */
function readValidMeta(
  path: string,
  schemaVersion: number,
  sha256: string,
  nativeBinding: string | undefined,
): Record<string, string | number | null> | undefined {
  try {
    statSync(path)
  } catch {
    return undefined
  }
  try {
    const db = openDatabase(path, nativeBinding, { readonly: true, fileMustExist: true })
    try {
      const rows = db.prepare('SELECT key, value FROM meta').all() as {
        key: string
        value: string | number | null
      }[]
      const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]))
      if (
        meta.store_complete === 1 &&
        meta.schema_version === schemaVersion &&
        meta.trace_sha256 === sha256
      ) {
        return meta
      }
    } finally {
      db.close()
    }
  } catch {
    // Not a database, truncated, or from another schema: rebuilt below.
  }
  rmSync(path, { force: true })
  return undefined
}

async function hashFile(
  path: string,
  size: number,
  signal: AbortSignal | undefined,
  onProgress: (bytesRead: number) => void,
): Promise<string> {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(8 << 20)
    let offset = 0
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, offset)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
      offset += n
      onProgress(offset)
      if (offset < size) {
        await yieldToEventLoop()
        signal?.throwIfAborted()
      }
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw describeStoreError(err, dir)
  }
}

function describeStoreError(err: unknown, cacheDir: string): unknown {
  const code = (err as { code?: string }).code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError(`disk full while writing the trace store in ${cacheDir}`)
  }
  if (
    code === 'ENOTDIR' ||
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY'
  ) {
    return new StoreError(`cannot write the trace store: cache folder ${cacheDir} is not writable`)
  }
  return err
}

function throttle(fn: ((p: IngestProgress) => void) | undefined): (p: IngestProgress) => void {
  let last = 0
  return (p) => {
    const now = performance.now()
    if (fn === undefined || now - last < PROGRESS_MS / 2) return
    last = now
    fn(p)
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
