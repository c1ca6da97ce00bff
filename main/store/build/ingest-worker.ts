/**
 * Worker thread of a pipelined ingestion (see chunk-pipe.ts): replays the ChunkSink calls the
 * ingesting thread sends into an EncodingChunkSink over its own store file, which becomes the
 * store once the ingesting thread has added the other tables to it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openForBulkLoad } from '../bulk-load.ts'
import { EncodingChunkSink } from './chunk-sink.ts'
import { PipeSlot, replayBatch } from './chunk-pipe.ts'

export interface ChunkWorkerData {
  path: string
  /** better-sqlite3's nativeBinding (Electron), or undefined. */
  nativeBinding: string | undefined
  shared: SharedArrayBuffer
}

/** What the worker posts back: done or failed once (the ingesting thread then ends it). */
export type ChunkWorkerReply =
  | { done: true }
  | { error: string; code?: string }
  /** A replayed batch's buffer, for the sender to fill again. */
  | { recycle: ArrayBuffer }

const { path, nativeBinding, shared: sab } = workerData as ChunkWorkerData
const shared = new Int32Array(sab)
const port = parentPort!

try {
  const db = openForBulkLoad(path, 128, nativeBinding)
  const sink = new EncodingChunkSink(db)
  port.on('message', (msg: { batch: ArrayBuffer; length: number }) => {
    try {
      const finished = replayBatch(msg.batch, msg.length, sink)
      Atomics.add(shared, PipeSlot.Replayed, 1)
      Atomics.notify(shared, PipeSlot.Replayed)
      port.postMessage({ recycle: msg.batch } satisfies ChunkWorkerReply, [msg.batch])
      if (finished) {
        db.exec('COMMIT')
        db.close()
        port.postMessage({ done: true } satisfies ChunkWorkerReply)
      }
    } catch (err) {
      fail(err)
      db.close()
    }
  })
} catch (err) {
  fail(err)
}

function fail(err: unknown): void {
  Atomics.store(shared, PipeSlot.Failed, 1)
  Atomics.notify(shared, PipeSlot.Replayed)
  const e = err as { message?: string; code?: string }
  port.postMessage({ error: e.message ?? String(err), code: e.code } satisfies ChunkWorkerReply)
}
