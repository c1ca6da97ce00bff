/**
 * Go strings are arbitrary bytes; JS strings are UTF-16. Valid UTF-8 decodes as usual. Each byte
 * of an invalid sequence becomes a lone surrogate U+DC80..U+DCFF ("surrogateescape"), so the raw
 * bytes survive: Go's %q quoting prints them back as \xNN, exactly as Go does.
 */

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function decodeGoString(buf: Uint8Array, start: number, end: number): string {
  let ascii = true
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return latin1(buf, start, end)
  try {
    return utf8.decode(buf.subarray(start, end))
  } catch {
    return decodeEscaping(buf, start, end)
  }
}

function latin1(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode(...buf.subarray(i, Math.min(end, i + 4096)))
  }
  return s
}

/** Length of the valid UTF-8 sequence at i (as Go's utf8.DecodeRune accepts it), or 0. */
function validSequenceLength(buf: Uint8Array, i: number, end: number): number {
  const b0 = buf[i]!
  const cont = (j: number, lo = 0x80, hi = 0xbf): boolean =>
    j < end && buf[j]! >= lo && buf[j]! <= hi
  if (b0 < 0x80) return 1
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(i + 1) ? 2 : 0
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const lo = b0 === 0xe0 ? 0xa0 : 0x80
    const hi = b0 === 0xed ? 0x9f : 0xbf
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const lo = b0 === 0xf0 ? 0x90 : 0x80
    const hi = b0 === 0xf4 ? 0x8f : 0xbf
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0
  }
  return 0
}

function decodeEscaping(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  let i = start
  while (i < end) {
    const n = validSequenceLength(buf, i, end)
    if (n === 0) {
      s += String.fromCharCode(0xdc00 + buf[i]!)
      i++
    } else {
      s += utf8.decode(buf.subarray(i, i + n))
      i += n
    }
  }
  return s
}

/** Whether code unit c is an escaped raw byte (see decodeGoString). */
export function isEscapedByte(c: number): boolean {
  return c >= 0xdc80 && c <= 0xdcff
}
