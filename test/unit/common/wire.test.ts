import { describe, expect, it } from 'vitest'
import { decode, encode, WireError } from '../../../common/wire.ts'

const roundTrip = (value: unknown) => decode(encode(value))

describe('wire codec', () => {
  it('round-trips JSON values unchanged', () => {
    const value = { a: 1, b: 'two', c: [true, false, null], d: { e: 'ünïcødé 🎯' }, f: 1.5e300 }
    expect(roundTrip(value)).toEqual(value)
  })

  it('keeps bigint, including values beyond 64 bits and negatives', () => {
    const value = { t: 1234567890123456789n, n: -42n, huge: 2n ** 100n }
    expect(roundTrip(value)).toEqual(value)
  })

  it('keeps the numbers JSON loses: NaN, ±Infinity and -0', () => {
    const out = roundTrip([NaN, Infinity, -Infinity, -0, 0]) as number[]
    expect(out[0]).toBeNaN()
    expect(out[1]).toBe(Infinity)
    expect(out[2]).toBe(-Infinity)
    expect(Object.is(out[3], -0)).toBe(true)
    expect(Object.is(out[4], 0)).toBe(true)
  })

  it('keeps undefined in arrays and object fields', () => {
    const out = roundTrip({ a: undefined, list: [1, undefined, 3] }) as Record<string, unknown>
    expect(Object.hasOwn(out, 'a')).toBe(true)
    expect(out['a']).toBeUndefined()
    expect(out['list']).toEqual([1, undefined, 3])
  })

  it('keeps every typed array kind, with its exact contents', () => {
    const arrays = [
      new Int8Array([-1, 2]),
      new Uint8Array([255, 0, 7]),
      new Uint8ClampedArray([1, 2, 3]),
      new Int16Array([-300, 300]),
      new Uint16Array([65535]),
      new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
      new Uint32Array([2 ** 32 - 1]),
      new Float32Array([1.5, -2.25]),
      new Float64Array([Math.PI, -0, NaN]),
      new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      new BigUint64Array([2n ** 64n - 1n]),
    ]
    const out = roundTrip(arrays) as ArrayBufferView[]
    out.forEach((view, i) => {
      expect(view.constructor).toBe(arrays[i]!.constructor)
      expect(view).toEqual(arrays[i])
    })
  })

  it('copies only the viewed bytes of a subarray and aligns blocks for 8-byte types', () => {
    const big = new Float64Array([0, 1, 2, 3, 4, 5])
    const value = {
      odd: new Uint8Array([1, 2, 3]),
      view: big.subarray(2, 4),
      ts: new BigInt64Array([5n]),
    }
    const out = roundTrip(value) as { view: Float64Array; ts: BigInt64Array; odd: Uint8Array }
    expect(Array.from(out.view)).toEqual([2, 3])
    expect(out.view.buffer.byteLength).toBe(16)
    expect(out.ts[0]).toBe(5n)
    expect(Array.from(out.odd)).toEqual([1, 2, 3])
  })

  it('keeps ArrayBuffer, Date, Map and Set', () => {
    const buf = new Uint8Array([9, 8, 7]).buffer
    const value = {
      buf,
      when: new Date(1_700_000_000_123),
      map: new Map<unknown, unknown>([
        ['k', 1n],
        [2, { deep: new Set(['x']) }],
      ]),
    }
    const out = roundTrip(value) as typeof value
    expect(out.buf).toBeInstanceOf(ArrayBuffer)
    expect(Array.from(new Uint8Array(out.buf))).toEqual([9, 8, 7])
    expect(out.when.getTime()).toBe(1_700_000_000_123)
    expect(out.map).toEqual(value.map)
  })

  it('does not mistake a user object with a "$t" key for a tag', () => {
    const value = { $t: 'bigint', v: '5', nested: [{ $t: 'undefined' }] }
    expect(roundTrip(value)).toEqual(value)
  })

  it('encodes shared references twice but rejects cycles', () => {
    const shared = { x: 1 }
    expect(roundTrip([shared, shared])).toEqual([{ x: 1 }, { x: 1 }])
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    expect(() => encode(cyclic)).toThrow(WireError)
  })

  it('rejects values it cannot represent', () => {
    expect(() => encode(Symbol('s'))).toThrow(WireError)
    expect(() => encode(() => 1)).toThrow(WireError)
    expect(() => encode(new DataView(new ArrayBuffer(4)))).toThrow(WireError)
  })

  it('rejects malformed frames with WireError', () => {
    expect(() => decode(new Uint8Array(3))).toThrow(WireError)
    expect(() => decode(new TextEncoder().encode('{"not":"a frame"}'))).toThrow(WireError)
    const frame = encode({ a: new Float64Array([1, 2]) })
    expect(() => decode(frame.subarray(0, frame.length - 8))).toThrow(WireError)
  })

  it('decodes from a Uint8Array at any offset (e.g. a pooled Node Buffer)', () => {
    const frame = encode({ t: 7n, a: new Float64Array([1.25]) })
    const padded = new Uint8Array(frame.length + 3)
    padded.set(frame, 3)
    expect(decode(padded.subarray(3))).toEqual({ t: 7n, a: new Float64Array([1.25]) })
  })
})
