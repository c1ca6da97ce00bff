import { SpanChunkEncoder, SpanCursor } from './span-encoder.ts'

/**
 * "Runs": which goroutine occupied a proc or a thread, and when (proc_run_chunks and
 * thread_run_chunks). Same chunking as goroutine states, with fewer columns.
 */
export interface RunColumns {
  readonly count: number
  readonly startNs: Float64Array
  /** NaN for a run still going at the end of the trace. */
  readonly endNs: Float64Array
  readonly gid: Int32Array
  /** The goroutine's state: 3 running, 5 syscall. */
  readonly state: Uint8Array
}

export class RunChunkEncoder extends SpanChunkEncoder {
  /** `endNs` NaN: still running when the trace ended. */
  add(startNs: number, endNs: number, gid: number, state: number): void {
    this.times(startNs, endNs)
    this.w.svarint(gid)
    this.w.byte(state)
    this.done(startNs, endNs, true)
  }
}

export function allocRunColumns(count: number): RunColumns {
  return {
    count,
    startNs: new Float64Array(count),
    endNs: new Float64Array(count),
    gid: new Int32Array(count),
    state: new Uint8Array(count),
  }
}

export function decodeRunChunk(
  data: Uint8Array,
  startNs: number,
  out: RunColumns,
  at: number,
): number {
  const c = new SpanCursor(data, startNs)
  let i = at
  while (!c.done) {
    c.times()
    out.startNs[i] = c.startNs
    out.endNs[i] = c.endNs
    out.gid[i] = c.svarint()
    out.state[i] = c.byte()
    i++
  }
  return i
}
