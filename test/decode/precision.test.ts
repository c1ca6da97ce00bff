import { describe, expect, it } from 'vitest'
import { writeDump } from '../../main/decode/dump.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { VarintReader } from '../../main/decode/varint.ts'
import { fixtures } from '../support/fixtures.ts'

process.env.TZ = 'UTC'

/** The same trace recorded on a host whose clock reads `offset` ticks later. */
function shiftBatchTimes(trace: Uint8Array, offset: bigint): Uint8Array {
  const out: number[] = [...trace.subarray(0, 16)]
  const r = new VarintReader(trace, 16)
  const uvarint = (x: bigint) => {
    while (x >= 0x80n) {
      out.push(Number(x & 0x7fn) | 0x80)
      x >>= 7n
    }
    out.push(Number(x))
  }
  while (r.remaining > 0) {
    const typ = r.byte()
    out.push(typ)
    if (typ === 52) continue // EndOfGeneration
    if (typ === 49) out.push(r.byte()) // experiment ID
    uvarint(BigInt(r.uvarint())) // gen
    uvarint(BigInt.asUintN(64, BigInt(r.uvarint()))) // m
    uvarint(r.uvarintBig() + offset)
    const size = r.uvarint()
    uvarint(BigInt(size))
    out.push(...trace.subarray(r.pos, r.pos + size))
    r.pos += size
    expect(r.bad).toBe(false)
  }
  return Uint8Array.from(out)
}

function dump(bytes: Uint8Array): string {
  const chunks: Uint8Array[] = []
  const outcome = writeDump(TraceReader.fromBytes(bytes), (c) => chunks.push(c))
  expect(outcome.error).toBeUndefined()
  return Buffer.concat(chunks).toString('latin1')
}

describe('timestamps past 2^53 ns', () => {
  // 2^50 ticks of 64 ns: absolute times near 2^56 ns, which a float64 cannot hold to the ns.
  // Every time in the dump must move by exactly 2^56 ns, no more and no less.
  const offsetTicks = 2n ** 50n
  const f = fixtures().find((x) => x.name === 'annotations-go1.26')!

  it('keeps every nanosecond', () => {
    // (Checked once against Go's own tool on the shifted file: identical output.)
    const original = f.bytes()
    const shifted = shiftBatchTimes(original, offsetTicks)
    const expected = dump(original).replace(
      /(Time|Trace)=(\d+)/g,
      (_, key: string, ns: string) => `${key}=${BigInt(ns) + offsetTicks * 64n}`,
    )
    expect(expected).not.toBe(dump(original))
    expect(dump(shifted)).toBe(expected)
  })
})
