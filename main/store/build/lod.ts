import { ChunkWriter } from '../chunks/chunk-writer.ts'
import { LodChunkEncoder } from '../chunks/lod-chunk.ts'
import type { TableWriter } from '../table-writer.ts'
import { LodMerger, type SpanSink } from '../viewport.ts'

/** Resolutions (log2 ns) of the stored levels of detail: 8 µs to 34 ms per pixel. */
export const LOD_LEVELS: readonly number[] = [13, 16, 19, 22, 25]

/** lod_chunks.kind */
export const LOD_PROC = 2
export const LOD_THREAD = 3

/**
 * Merges one kind of track's spans (in time order per key) at every level of detail and writes
 * the result as lod_chunks rows, with the same merge a query does (store/viewport.ts). Each level
 * merges the groups of the finer one (LodMerger's `down`), so a span costs one merge, not one per
 * level.
 */
export class LodBuilder {
  private readonly writers: ChunkWriter<LodChunkEncoder>[]
  private readonly mergers = new Map<number, LodMerger[]>()

  constructor(rows: TableWriter, kind: number) {
    this.writers = LOD_LEVELS.map(
      (level) => new ChunkWriter(rows, () => new LodChunkEncoder(), [kind, level]),
    )
  }

  add(key: number, startNs: number, endNs: number, code: number, id: number): void {
    let m = this.mergers.get(key)
    if (m === undefined) this.mergers.set(key, (m = this.makeMergers(key)))
    m[0]!.add(startNs, endNs, code, id, 1, endNs - startNs)
  }

  /** The key's mergers, finest first, each feeding the next. */
  private makeMergers(key: number): LodMerger[] {
    const mergers: LodMerger[] = []
    let down: LodMerger | undefined
    for (let i = LOD_LEVELS.length - 1; i >= 0; i--) {
      const writer = this.writers[i]!
      const sink: SpanSink = {
        push(start, end, code, id, count, busy) {
          const enc = writer.encoder(key)
          enc.add(start, end, code, id, count, busy)
          writer.added(key, enc)
        },
      }
      down = new LodMerger(sink, 2 ** LOD_LEVELS[i]!, down)
      mergers.unshift(down)
    }
    return mergers
  }

  /** Writes partial chunks (bounding memory); merges in progress stay open. */
  flushChunks(): void {
    for (const w of this.writers) w.flushAll()
  }

  finish(): void {
    // Finest first: a level's last group goes down before the next level flushes.
    for (const m of this.mergers.values()) for (const merger of m) merger.flush()
    this.flushChunks()
  }
}
