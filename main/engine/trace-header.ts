import { open } from 'node:fs/promises'

/** Go writes a 16-byte header: "go 1.N trace" padded with NUL bytes. */
export const HEADER_BYTES = 16

/**
 * Returns the header text of a Go trace ("go 1.26 trace") or "unknown". Only the first bytes are
 * read: this runs before (and independently of) the full decoder, to show what was opened.
 */
export async function readTraceHeader(path: string): Promise<string> {
  const file = await open(path, 'r')
  try {
    const buf = new Uint8Array(HEADER_BYTES)
    const { bytesRead } = await file.read(buf, 0, HEADER_BYTES, 0)
    return parseTraceHeader(buf.subarray(0, bytesRead))
  } finally {
    await file.close()
  }
}

export function parseTraceHeader(bytes: Uint8Array): string {
  if (bytes.length < HEADER_BYTES) return 'unknown'
  const text = String.fromCharCode(...bytes.subarray(0, HEADER_BYTES))
  const m = /^(go 1\.\d+ trace)\0+$/.exec(text)
  return m?.[1] ?? 'unknown'
}
