/**
 * Unsigned LEB128 varints (Go's encoding/binary.Uvarint), read from a byte array.
 *
 * Values are returned as JS numbers holding the int64 reinterpretation of the uint64 on the wire:
 * exact for every value below 2^53 (all IDs, sequence numbers, deltas and sizes a real trace holds),
 * and 2^64-1 (the "none" sentinel for threads, procs and tasks) comes back as exactly -1. Absolute
 * timestamps, which do exceed 2^53, are read with `uvarintBig` instead.
 */
export class VarintReader {
  /** Set when a varint was truncated or overflowed; callers check it after a run of reads. */
  bad = false

  constructor(
    public buf: Uint8Array,
    public pos = 0,
    public end = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos
  }

  byte(): number {
    if (this.pos >= this.end) {
      this.bad = true
      return 0
    }
    return this.buf[this.pos++]!
  }

  uvarint(): number {
    const buf = this.buf
    let pos = this.pos
    if (pos < this.end) {
      const b0 = buf[pos]!
      if (b0 < 0x80) {
        this.pos = pos + 1
        return b0
      }
    }
    const start = pos
    let x = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) {
        this.bad = true
        this.pos = pos
        return 0
      }
      const b = buf[pos++]!
      if (i === 9 && b > 1) {
        this.bad = true
        this.pos = pos
        return 0
      }
      x += (b & 0x7f) * scale
      if (b < 0x80) {
        this.pos = pos
        if (x > Number.MAX_SAFE_INTEGER) return Number(BigInt.asIntN(64, this.bigFrom(start)))
        return x
      }
      scale *= 128
    }
    this.bad = true
    this.pos = pos
    return 0
  }

  /** The exact value of a varint, for absolute timestamps. */
  uvarintBig(): bigint {
    const start = this.pos
    this.uvarint()
    if (this.bad) return 0n
    return this.bigFrom(start)
  }

  private bigFrom(start: number): bigint {
    let x = 0n
    let shift = 0n
    for (let pos = start; pos < this.pos; pos++) {
      x |= BigInt(this.buf[pos]! & 0x7f) << shift
      shift += 7n
    }
    return x
  }
}

/** Formats an int64-reinterpreted value (see VarintReader) as Go's %d of a uint64 does. */
export function formatUint64(x: number): string {
  return x < 0 ? BigInt.asUintN(64, BigInt(x)).toString() : String(x)
}
