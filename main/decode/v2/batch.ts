import { TraceError } from '../errors.ts'
import type { ByteSource } from '../source.ts'
import { Ev } from '../spec.ts'
import { VarintReader } from '../varint.ts'

const MAX_BATCH_SIZE = 64 << 10
/** Type byte, experiment byte, and four varints of at most 10 bytes. */
const MAX_HEADER_BYTES = 2 + 4 * 10

/** A batch of events from one M (or from no M: strings, stacks, samples, sync). */
export interface Batch {
  /** Thread ID, -1 for none. */
  readonly m: number
  /** Base timestamp in ticks (absolute, so exact). */
  readonly time: bigint
  readonly data: Uint8Array
  /** Experiment ID; 0 for ordinary batches. */
  readonly exp: number
  /** File offset of the batch header, for error messages. */
  readonly offset: number
}

export type BatchKind = 'strings' | 'stacks' | 'cpuSamples' | 'sync' | 'endOfGeneration' | 'events'

export function batchKind(b: Batch, version: number): BatchKind {
  if (b.exp !== 0 || b.data.length === 0) return 'events'
  switch (b.data[0]) {
    case Ev.Strings:
      return 'strings'
    case Ev.Stacks:
      return 'stacks'
    case Ev.CPUSamples:
      return 'cpuSamples'
    case Ev.Frequency:
      return version < 25 ? 'sync' : 'events'
    case Ev.Sync:
      return version >= 25 ? 'sync' : 'events'
    case Ev.EndOfGeneration:
      return 'endOfGeneration'
    default:
      return 'events'
  }
}

export const END_OF_GENERATION: Uint8Array = Uint8Array.of(Ev.EndOfGeneration)

/**
 * Reads the next batch (Go's readBatch). Returns undefined at a clean end of input (no byte left);
 * `gen` is 0 for an end-of-generation marker.
 */
export function readBatch(src: ByteSource): { batch: Batch; gen: number } | undefined {
  const offset = src.offset
  const avail = src.ensure(MAX_HEADER_BYTES)
  if (avail === 0) return undefined
  const r = new VarintReader(src.peek(), 0, avail)
  const typ = r.byte()
  if (typ === Ev.EndOfGeneration) {
    src.skip(1)
    return { batch: { m: -1, time: 0n, data: END_OF_GENERATION, exp: 0, offset }, gen: 0 }
  }
  if (typ !== Ev.EventBatch && typ !== Ev.ExperimentalBatch) {
    throw new TraceError(`expected batch event, got event ${typ}`, offset)
  }
  const exp = typ === Ev.ExperimentalBatch ? r.byte() : 0
  // Go returns the bare io.EOF here, which its readers take for a clean end of the trace.
  if (r.bad) return undefined
  const field = (name: string): number => {
    const v = r.uvarint()
    if (r.bad) throw headerError(name, r, avail, offset)
    return v
  }
  const gen = field('gen')
  const m = field('M ID')
  const time = r.uvarintBig()
  if (r.bad) throw headerError('timestamp', r, avail, offset)
  const size = field('size')
  if (size > MAX_BATCH_SIZE || size < 0) {
    throw new TraceError(`invalid batch size ${size}, maximum is ${MAX_BATCH_SIZE}`, offset)
  }
  src.skip(r.pos)
  const data = src.take(size)
  if (data.length !== size) {
    throw new TraceError(
      `failed to read full batch: read ${data.length} but wanted ${size}`,
      offset,
    )
  }
  return { batch: { m, time, data, exp, offset }, gen }
}

function headerError(field: string, r: VarintReader, avail: number, offset: number): TraceError {
  const why = r.pos >= avail ? 'unexpected EOF' : 'varint overflows a 64-bit integer'
  return new TraceError(`error reading batch ${field}: ${why}`, offset)
}
