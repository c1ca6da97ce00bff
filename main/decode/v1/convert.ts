import { TraceError } from '../errors.ts'
import type { V1Events } from '../reader.ts'
import type { ByteSource } from '../source.ts'

// Placeholder until the v1 parser and converter land.
export function convertV1(_src: ByteSource, version: number): V1Events {
  throw new TraceError(`go 1.${version} traces are not supported yet`)
}
