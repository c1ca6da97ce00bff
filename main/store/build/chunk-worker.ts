import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PIPE_SLOTS, PipeChunkSink, PipeSlot } from './chunk-pipe.ts'
import type { ChunkWorkerData, ChunkWorkerReply } from './ingest-worker.ts'

/** A worker that stops replaying for this long is taken for dead... */
const STALL_LIMIT_MS = 60_000
/** ...and one that has not replayed anything yet, for this long (it could not start). */
const START_LIMIT_MS = 15_000

/** Where a bundled build keeps the worker's script (set by its entry point). */
let bundledWorkerUrl: URL | undefined

/** For bundled builds, whose modules cannot find the worker's script by themselves. */
export function setChunkWorkerUrl(url: URL): void {
  bundledWorkerUrl = url
}

/** The worker failed: its error (with the SQLite or file system code, if any). */
export class ChunkWorkerError extends Error {
  override name = 'ChunkWorkerError'
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

/**
 * The worker thread of a pipelined ingestion and the PipeChunkSink that feeds it; it writes the
 * chunk tables into a store file of its own at `path`.
 */
export class ChunkWorker {
  readonly sink: PipeChunkSink
  private readonly result: Promise<void>

  private constructor(
    private readonly worker: Worker,
    private readonly shared: Int32Array,
  ) {
    this.sink = new PipeChunkSink(worker, shared, (waitedMs) => {
      const started = Atomics.load(shared, PipeSlot.Replayed) > 0
      if (waitedMs >= (started ? STALL_LIMIT_MS : START_LIMIT_MS)) {
        throw new ChunkWorkerError('the ingest worker stopped responding')
      }
    })
    this.result = new Promise<void>((resolve, reject) => {
      const failed = (err: ChunkWorkerError) => {
        // Seen between batches (the ingesting thread yields): stops the sink from waiting.
        Atomics.store(shared, PipeSlot.Failed, 1)
        reject(err)
      }
      worker.on('message', (reply: ChunkWorkerReply) => {
        if ('recycle' in reply) this.sink.recycle(reply.recycle)
        else if ('done' in reply) resolve()
        else failed(new ChunkWorkerError(reply.error, reply.code))
      })
      worker.on('error', (err) => failed(new ChunkWorkerError(err.message)))
      worker.on('exit', () => failed(new ChunkWorkerError('the ingest worker exited early')))
    })
    // Rejections before done() is awaited are reported there, not as unhandled.
    this.result.catch(() => {})
  }

  /** Starts a worker writing to `path`, or undefined where no worker script can be found. */
  static start(path: string, nativeBinding: string | undefined): ChunkWorker | undefined {
    const spec = workerScript()
    if (spec === undefined) return undefined
    const sab = new SharedArrayBuffer(PIPE_SLOTS * 4)
    const workerData: ChunkWorkerData = { path, nativeBinding, shared: sab }
    let worker: Worker
    try {
      worker = new Worker(spec.script, { workerData, eval: spec.eval })
    } catch {
      return undefined // no threads here: the ingestion runs on one
    }
    return new ChunkWorker(worker, new Int32Array(sab))
  }

  /** Settles when the worker has written and closed its file (after sink.finish()). */
  done(): Promise<void> {
    return this.result
  }

  /** The error to report for `err`: the worker's own if it failed (e.g. the disk is full). */
  async failure(err: unknown): Promise<unknown> {
    if (Atomics.load(this.shared, PipeSlot.Failed) === 0) return err
    return this.result.then(
      () => err,
      (workerErr: unknown) => workerErr,
    )
  }

  stop(): Promise<number> {
    return this.worker.terminate()
  }
}

/**
 * How to start the worker: from TypeScript (tsx, vitest), a bootstrap that registers tsx in the
 * worker (Node 20 does not apply `--import` hooks to a worker's own module) and imports the
 * script next to this module; from a bundle, the script its entry point named.
 */
function workerScript(): { script: string | URL; eval: boolean } | undefined {
  if (import.meta.url.endsWith('.ts')) {
    const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'))
    const api = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href
    const script = new URL('./ingest-worker.ts', import.meta.url).href
    return {
      script: `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}) })`,
      eval: true,
    }
  }
  return bundledWorkerUrl && { script: bundledWorkerUrl, eval: false }
}
