import { TraceError } from './errors.ts'
import type { ByteSource } from './source.ts'

/** Format versions Go's parser accepts: 11, 19 and 21 are the old (v1) format, the rest v2. */
export const SUPPORTED_VERSIONS: readonly number[] = [11, 19, 21, 22, 23, 25, 26]

export function isV1(version: number): boolean {
  return version < 22
}

/**
 * Reads the "go 1.N trace\0\0\0" header (Go's version.ReadHeader) and returns N.
 */
export function readHeader(src: ByteSource): number {
  const avail = src.ensure(32)
  const head = src.peek().subarray(0, avail)
  const text = String.fromCharCode(...head)
  const m = /^go 1\.(\d+) trace\0\0\0/.exec(text)
  if (m === null) {
    const what = avail === 0 ? 'the file is empty' : 'not a Go execution trace?'
    throw new TraceError(`bad file format: ${what}`, 0)
  }
  const version = Number.parseInt(m[1]!, 10)
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new TraceError(`unknown or unsupported trace version go 1.${version}`, 0)
  }
  src.skip(m[0].length)
  return version
}
