/** Go's text formatting, byte for byte: strconv.Quote and time.Format(RFC3339Nano). */
import { isEscapedByte } from './strings.ts'

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u
const hex = '0123456789abcdef'

function hex2(b: number): string {
  return hex[b >> 4]! + hex[b & 0xf]!
}

/** strconv.Quote: a double-quoted Go string literal (raw bytes escaped as \xNN). */
export function quote(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s) && !s.includes('"') && !s.includes('\\')) return `"${s}"`
  let out = '"'
  for (const ch of s) {
    const r = ch.codePointAt(0)!
    if (ch.length === 1 && isEscapedByte(r)) {
      out += '\\x' + hex2(r - 0xdc00)
      continue
    }
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch
    } else if (r === 0x20 || printable.test(ch)) {
      out += ch
    } else {
      out += escapeRune(r)
    }
  }
  return out + '"'
}

function escapeRune(r: number): string {
  switch (r) {
    case 0x07:
      return '\\a'
    case 0x08:
      return '\\b'
    case 0x0c:
      return '\\f'
    case 0x0a:
      return '\\n'
    case 0x0d:
      return '\\r'
    case 0x09:
      return '\\t'
    case 0x0b:
      return '\\v'
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hex2(r)
  if (r >= 0xd800 && r <= 0xdfff) r = 0xfffd
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0')
  return '\\U' + r.toString(16).padStart(8, '0')
}

/** Encodes a decoded Go string back to its bytes (escaped raw bytes become themselves). */
export function goStringBytes(s: string): Buffer {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, 'utf8')
  const parts: Buffer[] = []
  let run = ''
  for (const ch of s) {
    const r = ch.codePointAt(0)!
    if (ch.length === 1 && isEscapedByte(r)) {
      if (run !== '') parts.push(Buffer.from(run, 'utf8'))
      run = ''
      parts.push(Buffer.of(r - 0xdc00))
    } else {
      run += ch
    }
  }
  if (run !== '') parts.push(Buffer.from(run, 'utf8'))
  return Buffer.concat(parts)
}

/**
 * time.Unix(sec, nsec).Format(time.RFC3339Nano) in the local time zone, as Go prints the wall
 * clock of a Sync event: trailing zeros of the fraction dropped, "Z" for a zero offset.
 */
export function formatRFC3339Nano(sec: bigint, nsec: number): string {
  // Go normalises nsec outside [0, 1e9) into seconds.
  sec += BigInt(Math.floor(nsec / 1e9))
  nsec = ((nsec % 1e9) + 1e9) % 1e9
  const ms = Number(sec) * 1000
  const offsetMin = -new Date(ms).getTimezoneOffset() || 0
  const local = new Date(ms + offsetMin * 60_000)
  const p2 = (n: number) => String(n).padStart(2, '0')
  let s =
    `${String(local.getUTCFullYear()).padStart(4, '0')}-${p2(local.getUTCMonth() + 1)}-${p2(local.getUTCDate())}` +
    `T${p2(local.getUTCHours())}:${p2(local.getUTCMinutes())}:${p2(local.getUTCSeconds())}`
  if (nsec !== 0) s += '.' + String(nsec).padStart(9, '0').replace(/0+$/, '')
  if (offsetMin === 0) return s + 'Z'
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return s + `${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`
}
