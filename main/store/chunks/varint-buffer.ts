/**
 * A growable byte buffer of LEB128 varints, and a reader for it: the encoding of the store's
 * span chunks (native-schema/store.sql). Values are JS numbers below 2^53 (times are ns since
 * the trace start, IDs are small); signed values are zigzag-encoded.
 */
export class VarintWriter {
  private buf = new Uint8Array(256)
  length = 0

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2)
    next.set(this.buf)
    this.buf = next
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.grow()
    this.buf[this.length++] = b
  }

  uvarint(x: number): void {
    if (this.length + 10 > this.buf.length) this.grow()
    const buf = this.buf
    let n = this.length
    if (x < 0x80000000) {
      // Bit operations are exact below 2^31, and much faster than division.
      while (x >= 0x80) {
        buf[n++] = (x & 0x7f) | 0x80
        x >>>= 7
      }
    } else {
      while (x >= 0x80) {
        buf[n++] = (x % 0x80) | 0x80
        x = Math.floor(x / 0x80)
      }
    }
    buf[n++] = x
    this.length = n
  }

  /** Zigzag: small negative and positive numbers both encode short. */
  svarint(x: number): void {
    this.uvarint(x < 0 ? -2 * x - 1 : 2 * x)
  }

  /** The bytes written so far (a copy), and a reset. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length)
    this.length = 0
    return out
  }

  /**
   * The bytes written so far without a copy, and a reset: valid only until the next write (for
   * a row written at once, see TableWriterOptions.batchRows).
   */
  takeView(): Uint8Array {
    const out = this.buf.subarray(0, this.length)
    this.length = 0
    return out
  }
}

export class VarintCursor {
  pos = 0
  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length
  }

  byte(): number {
    return this.buf[this.pos++]!
  }

  uvarint(): number {
    // Small enough to inline: most values are one byte.
    const b = this.buf[this.pos++]!
    return b < 0x80 ? b : this.longUvarint(b)
  }

  private longUvarint(first: number): number {
    const buf = this.buf
    // Up to four bytes (28 bits) with bit operations: times and durations, mostly.
    let b = buf[this.pos++]!
    let x = (first & 0x7f) | ((b & 0x7f) << 7)
    if (b < 0x80) return x
    b = buf[this.pos++]!
    x |= (b & 0x7f) << 14
    if (b < 0x80) return x
    b = buf[this.pos++]!
    x |= (b & 0x7f) << 21
    if (b < 0x80) return x
    let scale = 0x10000000
    for (;;) {
      // An index past the end read undefined above (not < 0x80): it ends up here.
      if (this.pos >= buf.length) throw new Error('corrupt store: truncated varint in a chunk')
      b = buf[this.pos++]!
      x += (b & 0x7f) * scale
      if (b < 0x80) return x
      scale *= 0x80
    }
  }

  /** Steps over a varint, signed or not. */
  skip(): void {
    while (this.buf[this.pos++]! >= 0x80);
  }

  svarint(): number {
    const u = this.uvarint()
    // Bit operations are exact below 2^31 (almost every value), and much faster than %.
    if (u < 0x80000000) return (u >>> 1) ^ -(u & 1)
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2
  }
}
