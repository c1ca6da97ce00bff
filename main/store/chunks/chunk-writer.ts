import { IntMap } from '../../decode/int-map.ts'
import type { TableWriter } from '../table-writer.ts'

/** What ChunkWriter needs of an encoder. */
export interface ChunkEncoder {
  readonly count: number
  readonly firstStartNs: number
  readonly lastEndNs: number
  /** Time the chunk's spans were busy (running): its summary for zoomed-out views. */
  readonly busyNs: number
  /** The chunk's bytes, valid until the encoder's next span; the encoder is empty again. */
  take(): Uint8Array
}

/**
 * Keeps one open chunk per key (goroutine, proc or thread) and writes it as a row
 * (key, seq, start_ns, end_ns, count, busy_ns, data) when it is full, when asked to bound memory, or at
 * the end. Its rows must be written at once (a TableWriter with batchRows 1): a chunk's bytes are
 * not copied out of its encoder, which reuses them.
 */
export class ChunkWriter<E extends ChunkEncoder> {
  /**
   * Small enough that decoding every chunk wider than a pixel stays cheap at any zoom (a view
   * decodes at most about pixels/2 chunks), large enough to keep rows few.
   */
  static readonly SPANS_PER_CHUNK = 1024
  private readonly open = new IntMap<E>()
  private readonly seq = new IntMap<number>()

  constructor(
    readonly rows: TableWriter,
    private readonly create: (key: number) => E,
    /** Leading column values of every row (e.g. kind and level of lod_chunks). */
    private readonly prefix: readonly number[] = [],
  ) {}

  /** The open chunk of `key`: add a span to it, then call `added(key, enc)`. */
  encoder(key: number): E {
    let enc = this.open.get(key)
    if (enc === undefined) this.open.set(key, (enc = this.create(key)))
    return enc
  }

  added(key: number, enc: E): void {
    if (enc.count >= ChunkWriter.SPANS_PER_CHUNK) this.write(key, enc)
  }

  /** Writes the open chunk of `key`, if any, and forgets it. */
  close(key: number): void {
    const enc = this.open.get(key)
    if (enc === undefined) return
    if (enc.count > 0) this.write(key, enc)
    this.open.delete(key)
  }

  /**
   * Writes every partial chunk (to bound the memory they hold). The encoders stay, with their
   * grown buffers, for the keys' next spans.
   */
  flushAll(): void {
    for (const [key, enc] of this.open.entries()) if (enc.count > 0) this.write(key, enc)
  }

  private write(key: number, enc: E): void {
    const seq = this.seq.get(key) ?? 0
    this.seq.set(key, seq + 1)
    const start = enc.firstStartNs
    const end = enc.lastEndNs
    const count = enc.count
    const busy = enc.busyNs
    this.rows.add(...this.prefix, key, seq, start, end, count, busy, enc.take())
  }
}
