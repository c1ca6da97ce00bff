import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

const CHUNK_BYTES = 4 << 20

/**
 * Sequential bytes of a trace, read in chunks so a file of any size streams through a bounded
 * window. Views handed out by `take` stay valid: a refill allocates a new chunk instead of
 * overwriting the old one, and the garbage collector frees a chunk once no batch refers to it.
 */
export class ByteSource {
  private buf: Uint8Array
  private pos = 0
  private end: number
  /** File offset of buf[0]. */
  private base = 0
  private eof: boolean

  private constructor(
    private readonly fd: number | undefined,
    readonly size: number,
    initial: Uint8Array,
  ) {
    this.buf = initial
    this.end = initial.length
    this.eof = fd === undefined
  }

  static fromFile(path: string): ByteSource {
    const fd = openSync(path, 'r')
    try {
      return new ByteSource(fd, fstatSync(fd).size, new Uint8Array(0))
    } catch (err) {
      closeSync(fd)
      throw err
    }
  }

  static fromBytes(bytes: Uint8Array): ByteSource {
    return new ByteSource(undefined, bytes.length, bytes)
  }

  /** File offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos
  }

  /** Makes at least n bytes readable unless the input ends first; returns how many are. */
  ensure(n: number): number {
    const have = this.end - this.pos
    if (have >= n || this.eof) return Math.min(have, n)
    const next = new Uint8Array(Math.max(CHUNK_BYTES, n))
    next.set(this.buf.subarray(this.pos, this.end))
    let filled = have
    while (filled < next.length) {
      const got = readSync(
        this.fd!,
        next,
        filled,
        next.length - filled,
        this.base + this.end + (filled - have),
      )
      if (got === 0) {
        this.eof = true
        break
      }
      filled += got
    }
    this.base += this.pos
    this.buf = next
    this.pos = 0
    this.end = filled
    return Math.min(filled, n)
  }

  /** The readable bytes, as a view starting at the next unread byte. */
  peek(): Uint8Array {
    return this.buf.subarray(this.pos, this.end)
  }

  skip(n: number): void {
    this.pos += n
  }

  /** The next n bytes (fewer at the end of input) as a view, consumed. */
  take(n: number): Uint8Array {
    const got = this.ensure(n)
    const view = this.buf.subarray(this.pos, this.pos + got)
    this.pos += got
    return view
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
  }
}
