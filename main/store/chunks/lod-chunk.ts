import { VarintCursor, VarintWriter } from './varint-buffer.ts'

/**
 * Level-of-detail spans (lod_chunks): a track's spans merged at a coarse resolution, as the
 * viewport merge makes them (see store/viewport.ts), so zoomed-out views of the busiest tracks
 * read thousands of rows instead of millions. data, per span: svarint start - previous end;
 * uvarint end - start; byte code; svarint id; uvarint count; byte busy fraction * 255.
 */
export interface LodColumns {
  count: number
  startNs: Float64Array
  endNs: Float64Array
  code: Uint8Array
  id: Int32Array
  spans: Uint32Array
  busy: Float32Array
}

export class LodChunkEncoder {
  private readonly w = new VarintWriter()
  private prevEnd = 0
  count = 0
  firstStartNs = 0
  lastEndNs = 0
  busyNs = 0

  add(start: number, end: number, code: number, id: number, spans: number, busy: number): void {
    if (this.count === 0) {
      this.firstStartNs = start
      this.prevEnd = start
    }
    this.w.svarint(start - this.prevEnd)
    this.w.uvarint(end - start)
    this.w.byte(code)
    this.w.svarint(id)
    this.w.uvarint(spans)
    this.w.byte(Math.round(busy * 255))
    this.prevEnd = end
    if (end > this.lastEndNs) this.lastEndNs = end
    this.busyNs += busy * (end - start)
    this.count++
  }

  take(): Uint8Array {
    this.count = 0
    this.lastEndNs = 0
    this.busyNs = 0
    return this.w.takeView()
  }
}

export function decodeLodChunk(data: Uint8Array, startNs: number): LodColumns {
  // A span takes at least 6 bytes: a bound on the count, for arrays written in place (a view of
  // the whole trace decodes thousands of spans per track on every query).
  const cap = Math.floor(data.length / 6)
  const startsNs = new Float64Array(cap)
  const endsNs = new Float64Array(cap)
  const code = new Uint8Array(cap)
  const id = new Int32Array(cap)
  const spans = new Uint32Array(cap)
  const busy = new Float32Array(cap)
  const c = new VarintCursor(data)
  let prevEnd = startNs
  let n = 0
  while (!c.done) {
    const start = prevEnd + c.svarint()
    const end = start + c.uvarint()
    startsNs[n] = start
    endsNs[n] = end
    code[n] = c.byte()
    id[n] = c.svarint()
    spans[n] = c.uvarint()
    busy[n] = c.byte() / 255
    prevEnd = end
    n++
  }
  return {
    count: n,
    startNs: startsNs.subarray(0, n),
    endNs: endsNs.subarray(0, n),
    code: code.subarray(0, n),
    id: id.subarray(0, n),
    spans: spans.subarray(0, n),
    busy: busy.subarray(0, n),
  }
}
