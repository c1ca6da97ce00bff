import { describe, expect, it } from 'vitest'
import { TraceError } from '../../main/decode/errors.ts'
import { readTrace } from '../../main/decode/read-trace.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { fixtures } from '../support/fixtures.ts'
import { mulberry32 } from '../support/prng.ts'

function open(bytes: Uint8Array | string): TraceReader {
  return TraceReader.fromBytes(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes)
}

function headerError(bytes: Uint8Array | string): string {
  try {
    open(bytes)
  } catch (err) {
    expect(err).toBeInstanceOf(TraceError)
    return (err as Error).message
  }
  throw new Error('expected the header to be rejected')
}

/**
 * Reads a whole trace; returns the outcome, or the TraceError that opening it raised (the header,
 * or for the old formats, which Go parses whole before the first event, anything).
 */
function readAll(bytes: Uint8Array) {
  let reader
  try {
    reader = TraceReader.fromBytes(bytes)
  } catch (err) {
    if (err instanceof TraceError) return { openError: err }
    throw err
  }
  let events = 0
  const outcome = readTrace(reader, () => {
    events++
    // A bound far above any fixture's event count: a loop here would be a hang.
    if (events > 5_000_000) throw new Error('runaway event stream')
  })
  return { outcome }
}

describe('bad input', () => {
  it('rejects an empty file', () => {
    expect(headerError('')).toBe('bad file format: the file is empty (at offset 0)')
  })

  it('rejects files that are not traces', () => {
    expect(headerError('{"traceEvents": []}')).toMatch(
      /^bad file format: not a Go execution trace\?/,
    )
    expect(headerError('\x1f\x8b\x08\x00pprof')).toMatch(/^bad file format/)
    expect(headerError('go 1.22 trace\0')).toMatch(/^bad file format/)
  })

  it('names an unsupported version', () => {
    expect(headerError('go 1.10 trace\0\0\0')).toMatch(
      /unknown or unsupported trace version go 1\.10/,
    )
    expect(headerError('go 1.24 trace\0\0\0')).toMatch(
      /unknown or unsupported trace version go 1\.24/,
    )
  })

  it('reports an absurd batch size with its offset', () => {
    // EventBatch gen=1 m=1 time=1 size=2^40
    const bytes = Buffer.concat([
      Buffer.from('go 1.26 trace\0\0\0', 'latin1'),
      Buffer.from([1, 1, 1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]),
    ])
    const { outcome } = readAll(bytes)
    expect(outcome?.error?.message).toBe(
      'invalid batch size 1099511627776, maximum is 65536 (at offset 16, generation 1)',
    )
  })

  it('reports garbage after a valid header', () => {
    const rand = mulberry32(7)
    for (const v of ['1.11', '1.19', '1.21', '1.22', '1.23', '1.25', '1.26']) {
      const body = Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256))
      const bytes = Buffer.concat([Buffer.from(`go ${v} trace\0\0\0`, 'latin1'), body])
      const { outcome, openError } = readAll(bytes)
      expect(openError ?? outcome?.error).toBeInstanceOf(TraceError)
    }
  })

  it('keeps every complete generation of a truncated trace', () => {
    for (const f of fixtures().filter(
      (f) => f.name.startsWith('generations-go1.2') && !f.name.includes('1.21'),
    )) {
      const bytes = f.bytes()
      const full = readAll(bytes).outcome!
      expect(full.error).toBeUndefined()
      expect(full.generations).toBeGreaterThanOrEqual(2)
      let sawPartial = false
      for (let cut = 16; cut < bytes.length; cut += Math.ceil(bytes.length / 97)) {
        const { outcome } = readAll(bytes.subarray(0, cut))
        // A cut that falls between two batches of a pre-1.26 trace reads as a shorter, clean trace
        // (Go's parser sees no difference); any other cut is reported.
        if (outcome!.error === undefined) expect(outcome!.validBytes).toBe(cut)
        else expect(outcome!.error).toBeInstanceOf(TraceError)
        expect(outcome!.generations).toBeLessThanOrEqual(full.generations)
        expect(outcome!.validBytes).toBeLessThanOrEqual(cut)
        if (outcome!.generations > 0 && outcome!.error !== undefined) sawPartial = true
      }
      expect(sawPartial, `${f.name}: some cut keeps a complete generation`).toBe(true)
    }
  })
})

describe('fuzz: seeded mutations of every fixture', () => {
  // Each case ends in a clean result or a TraceError, never another exception or a hang. The
  // number of cases per fixture shrinks with its size to bound the time.
  const BYTES_PER_FIXTURE = 6_000_000
  for (const f of fixtures()) {
    it(
      f.name,
      () => {
        const original = f.bytes()
        const cases = Math.max(20, Math.min(150, Math.floor(BYTES_PER_FIXTURE / original.length)))
        const rand = mulberry32(f.name.length * 7919 + original.length)
        const tally = { clean: 0, errors: 0 }
        for (let i = 0; i < cases; i++) {
          const { outcome, openError } = readAll(mutate(original, rand))
          if (openError !== undefined || outcome?.error !== undefined) tally.errors++
          else tally.clean++
        }
        expect(tally.clean + tally.errors).toBe(cases)
        expect(tally.errors).toBeGreaterThan(0)
      },
      60_000,
    )
  }
})

function mutate(original: Uint8Array, rand: () => number): Uint8Array {
  const bytes = new Uint8Array(original)
  const pos = 16 + Math.floor(rand() * (bytes.length - 16))
  switch (Math.floor(rand() * 4)) {
    case 0: // flip one bit
      bytes[pos] = bytes[pos]! ^ (1 << Math.floor(rand() * 8))
      return bytes
    case 1: // replace a byte
      bytes[pos] = Math.floor(rand() * 256)
      return bytes
    case 2: // a varint that never ends
      bytes.fill(0xff, pos, Math.min(bytes.length, pos + 12))
      return bytes
    default: // truncate
      return bytes.subarray(0, pos)
  }
}
