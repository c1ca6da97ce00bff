import { SpanChunkEncoder } from './span-encoder.ts'
import { VarintCursor } from './varint-buffer.ts'

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
  const c = new VarintCursor(data)
  let prevEnd = startNs
  let i = at
  while (!c.done) {
    const start = prevEnd + c.svarint()
    const dur = c.uvarint()
    out.startNs[i] = start
    out.endNs[i] = dur === 0 ? NaN : start + dur - 1
    out.gid[i] = c.svarint()
    out.state[i] = c.byte()
    prevEnd = dur === 0 ? start : start + dur - 1
    i++
  }
  return i
}
