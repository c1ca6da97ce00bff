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
    return this.w.take()
  }
}

export function decodeLodChunk(data: Uint8Array, startNs: number): LodColumns {
  const c = new VarintCursor(data)
  const rows: number[][] = []
  let prevEnd = startNs
  while (!c.done) {
    const start = prevEnd + c.svarint()
    const end = start + c.uvarint()
    rows.push([start, end, c.byte(), c.svarint(), c.uvarint(), c.byte() / 255])
    prevEnd = end
  }
  return {
    count: rows.length,
    startNs: Float64Array.from(rows, (r) => r[0]!),
    endNs: Float64Array.from(rows, (r) => r[1]!),
    code: Uint8Array.from(rows, (r) => r[2]!),
    id: Int32Array.from(rows, (r) => r[3]!),
    spans: Uint32Array.from(rows, (r) => r[4]!),
    busy: Float32Array.from(rows, (r) => r[5]!),
  }
}
