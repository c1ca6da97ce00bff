/**
 * Binary codec for engine messages sent over a WebSocket (web mode). MessagePorts (Electron)
 * use structured clone and never come here.
 *
 * Why not v8.serialize: browsers cannot decode it. Why not plain JSON: it loses bigint
 * (timestamps are int64 nanoseconds), undefined, NaN/±Infinity/-0, Map/Set/Date, and turns
 * typed arrays (the bulk of future viewport data) into huge number arrays or base64.
 *
 * Frame layout (all little-endian):
 *   u32 magic "GTW1" | u32 jsonLength | json (UTF-8) | zero padding to 8 | binary blocks
 * The JSON holds the value tree; non-JSON values are objects with a "$t" tag:
 *   {"$t":"bigint","v":"-12"}   {"$t":"undefined"}   {"$t":"num","v":"NaN"|"Infinity"|"-Infinity"|"-0"}
 *   {"$t":"date","v":1700000000000}   {"$t":"map","v":[[k,v],...]}   {"$t":"set","v":[...]}
 *   {"$t":"bytes","k":"Float64Array","o":offset,"n":byteLength}   (k "ArrayBuffer" for a raw buffer)
 *   {"$t":"obj","v":{...}}     (escapes a plain object that has its own "$t" key)
 * Binary blocks start at 8-byte-aligned offsets (relative to the frame start) so decoders may
 * view them in place; this decoder copies each one so decoded arrays own their memory.
 */

const MAGIC = 0x31575447 // "GTW1" read as little-endian u32
const HEADER_BYTES = 8
const TAG = '$t'

const typedArrayCtors = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const
type TypedArrayName = keyof typeof typedArrayCtors
type AnyTypedArray = InstanceType<(typeof typedArrayCtors)[TypedArrayName]>

export class WireError extends Error {
  override name = 'WireError'
}

/** Encodes any supported value into one self-contained frame. */
export function encode(value: unknown): Uint8Array<ArrayBuffer> {
  const blocks: Uint8Array[] = []
  let blockBytes = 0
  const addBlock = (bytes: Uint8Array): number => {
    const offset = blockBytes
    blocks.push(bytes)
    blockBytes += align8(bytes.byteLength)
    return offset
  }
  const json = new TextEncoder().encode(JSON.stringify(toJson(value, addBlock, new Set())))
  const dataStart = align8(HEADER_BYTES + json.byteLength)
  const frame = new Uint8Array(dataStart + blockBytes)
  const view = new DataView(frame.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, json.byteLength, true)
  frame.set(json, HEADER_BYTES)
  let at = dataStart
  for (const block of blocks) {
    frame.set(block, at)
    at += align8(block.byteLength)
  }
  return frame
}

/** Decodes a frame produced by encode. Throws WireError on malformed input. */
export function decode(frame: ArrayBuffer | Uint8Array): unknown {
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame)
  if (bytes.byteLength < HEADER_BYTES) throw new WireError('frame too short')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== MAGIC) throw new WireError('bad frame magic')
  const jsonLength = view.getUint32(4, true)
  if (HEADER_BYTES + jsonLength > bytes.byteLength) throw new WireError('truncated frame')
  const json = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonLength))
  const data = bytes.subarray(align8(HEADER_BYTES + jsonLength))
  return fromJson(JSON.parse(json), data)
}

function align8(n: number): number {
  return (n + 7) & ~7
}

type AddBlock = (bytes: Uint8Array) => number

function toJson(value: unknown, addBlock: AddBlock, seen: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (Number.isNaN(value)) return { [TAG]: 'num', v: 'NaN' }
      if (value === Infinity) return { [TAG]: 'num', v: 'Infinity' }
      if (value === -Infinity) return { [TAG]: 'num', v: '-Infinity' }
      if (Object.is(value, -0)) return { [TAG]: 'num', v: '-0' }
      return value
    case 'bigint':
      return { [TAG]: 'bigint', v: value.toString() }
    case 'undefined':
      return { [TAG]: 'undefined' }
    case 'object':
      return value === null ? null : objectToJson(value, addBlock, seen)
    default:
      throw new WireError(`cannot encode a ${typeof value}`)
  }
}

function objectToJson(value: object, addBlock: AddBlock, seen: Set<object>): unknown {
  if (ArrayBuffer.isView(value)) {
    const kind = typedArrayName(value)
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    return { [TAG]: 'bytes', k: kind, o: addBlock(bytes), n: bytes.byteLength }
  }
  if (value instanceof ArrayBuffer) {
    return {
      [TAG]: 'bytes',
      k: 'ArrayBuffer',
      o: addBlock(new Uint8Array(value)),
      n: value.byteLength,
    }
  }
  if (value instanceof Date) return { [TAG]: 'date', v: value.getTime() }
  // Shared references are encoded twice (like JSON); only true cycles are an error.
  if (seen.has(value)) throw new WireError('cannot encode a cyclic structure')
  seen.add(value)
  try {
    const child = (v: unknown) => toJson(v, addBlock, seen)
    if (Array.isArray(value)) return value.map(child)
    if (value instanceof Map)
      return { [TAG]: 'map', v: [...value].map(([k, v]) => [child(k), child(v)]) }
    if (value instanceof Set) return { [TAG]: 'set', v: [...value].map(child) }
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'function' || typeof v === 'symbol') continue // as JSON does
      out[k] = child(v)
    }
    return Object.hasOwn(out, TAG) ? { [TAG]: 'obj', v: out } : out
  } finally {
    seen.delete(value)
  }
}

function typedArrayName(view: ArrayBufferView): TypedArrayName {
  const name = view.constructor.name
  if (Object.hasOwn(typedArrayCtors, name)) return name as TypedArrayName
  throw new WireError(`cannot encode a ${name}`) // DataView, Float16Array, subclasses
}

function fromJson(value: unknown, data: Uint8Array): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map((v) => fromJson(v, data))
  const obj = value as Record<string, unknown>
  if (!Object.hasOwn(obj, TAG)) return decodeFields(obj, data)
  switch (obj[TAG]) {
    case 'bigint':
      return BigInt(String(obj.v))
    case 'undefined':
      return undefined
    case 'num':
      return Number(obj.v) // Number('-0') is -0, Number('NaN') is NaN
    case 'date':
      return new Date(Number(obj.v))
    case 'map':
      return new Map(
        asArray(obj.v).map((e) => asArray(e).map((v) => fromJson(v, data)) as [unknown, unknown]),
      )
    case 'set':
      return new Set(asArray(obj.v).map((v) => fromJson(v, data)))
    case 'bytes':
      return bytesFromBlock(obj, data)
    case 'obj':
      return decodeFields(obj.v as Record<string, unknown>, data)
    default:
      throw new WireError(`unknown tag ${String(obj[TAG])}`)
  }
}

function decodeFields(obj: Record<string, unknown>, data: Uint8Array): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) out[k] = fromJson(v, data)
  return out
}

function asArray(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new WireError('malformed frame: expected an array')
  return v
}

function bytesFromBlock(
  obj: Record<string, unknown>,
  data: Uint8Array,
): ArrayBuffer | AnyTypedArray {
  const offset = Number(obj.o)
  const length = Number(obj.n)
  if (!(offset >= 0 && length >= 0 && offset + length <= data.byteLength)) {
    throw new WireError('malformed frame: block out of range')
  }
  const buffer = data.slice(offset, offset + length).buffer
  const kind = String(obj.k)
  if (kind === 'ArrayBuffer') return buffer
  if (!Object.hasOwn(typedArrayCtors, kind)) throw new WireError(`unknown array kind ${kind}`)
  const Ctor = typedArrayCtors[kind as TypedArrayName]
  if (length % Ctor.BYTES_PER_ELEMENT !== 0) throw new WireError('malformed frame: ragged block')
  return new Ctor(buffer)
}
