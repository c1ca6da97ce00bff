// The v1 (Go 1.11–1.21) parser and converter on hand-made traces: a tiny valid one (its expected
// dump is what Go 1.26's `go tool trace -d=parsed` prints for the same bytes), malformed ones that
// must fail with Go's error message as a TraceError, and mutations that must never fail otherwise.
import { describe, expect, it } from 'vitest'
import { formatEvent } from '../../main/decode/dump.ts'
import { TraceError } from '../../main/decode/errors.ts'
import { TraceReader } from '../../main/decode/reader.ts'

const header = (version: number): number[] => [...Buffer.from(`go 1.${version} trace\0\0\0`)]

function uvarint(x: number | bigint): number[] {
  let v = BigInt(x)
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return out
}

/** One v1 event: up to 3 arguments inline, more behind a byte length. */
function ev(type: number, ...args: (number | bigint)[]): number[] {
  const body = args.flatMap(uvarint)
  if (args.length >= 1 && args.length <= 3) return [type | ((args.length - 1) << 6), ...body]
  return [type | (3 << 6), ...uvarint(body.length), ...body]
}

// Event types of the v1 format.
const Batch = 1
const Frequency = 2
const Gomaxprocs = 4
const ProcStart = 5
const ProcStop = 6
const GoCreate = 13
const GoStart = 14
const GoEnd = 15
const GoSysCall = 28
const StringEv = 37

/** A small consistent trace: P 0 starts, creates and runs goroutine 1, which makes a syscall. */
function validTrace(version = 19): number[] {
  return [
    ...header(version),
    ...ev(Batch, 0, 1000),
    ...ev(Frequency, 1e9),
    ...[StringEv, ...uvarint(1), ...uvarint(4), ...Buffer.from('main')],
    ...ev(Gomaxprocs, 0, 4, 0),
    ...ev(ProcStart, 10, 7),
    ...ev(GoCreate, 5, 1, 0, 0),
    ...ev(GoStart, 5, 1, 1),
    ...ev(GoSysCall, 3, 0),
    ...ev(GoEnd, 4),
    ...ev(ProcStop, 2),
  ]
}

function dump(bytes: number[]): string[] {
  const r = TraceReader.fromBytes(Uint8Array.from(bytes))
  const out: string[] = []
  for (let e = r.readEvent(); e !== undefined; e = r.readEvent())
    out.push(formatEvent(e, r.epochNs))
  return out
}

function traceError(bytes: number[]): TraceError {
  try {
    dump(bytes)
  } catch (err) {
    if (err instanceof TraceError) return err
    throw err
  }
  throw new Error('no error')
}

describe('v1 traces', () => {
  it('converts a small valid trace as Go does', () => {
    expect(dump(validTrace())).toEqual([
      'M=-1 P=-1 G=-1 Sync Time=-1 N=1',
      'M=7 P=0 G=-1 StateTransition Time=10 ProcID=0 Undetermined->Running Reason=""',
      'M=7 P=0 G=-1 StateTransition Time=15 GoID=1 NotExist->Runnable Reason=""\nTransitionStack=\n',
      'M=7 P=0 G=1 StateTransition Time=20 GoID=1 Runnable->Running Reason=""',
      'M=7 P=0 G=1 StateTransition Time=23 GoID=1 Running->Syscall Reason=""',
      'M=7 P=0 G=1 StateTransition Time=24 GoID=1 Syscall->Running Reason=""',
      'M=7 P=0 G=1 StateTransition Time=27 GoID=1 Running->NotExist Reason=""',
      'M=7 P=0 G=-1 StateTransition Time=29 ProcID=0 Running->Idle Reason=""',
      'M=-1 P=-1 G=-1 Sync Time=30 N=2',
    ])
  })

  it('fails on a trace cut right after the header', () => {
    expect(traceError(header(19)).detail).toBe('no EvFrequency event')
    expect(traceError(header(11)).detail).toBe('no EvFrequency event')
  })

  it('fails on a trace cut inside an event', () => {
    const t = validTrace()
    // Byte 43 is inside GoCreate's length-prefixed arguments, which the indexing pass skips.
    expect(traceError(t.slice(0, 43)).detail).toBe('failed to read trace: EOF')
    // Cut inside the batch header's varints.
    expect(traceError([...header(19), 0x41, 0x80]).detail).toBe('malformatted base-128 varint')
    // A cut between events can leave a valid trace; anywhere else it is a TraceError.
    for (let n = header(19).length + 1; n < t.length; n++) {
      try {
        dump(t.slice(0, n))
      } catch (err) {
        expect(err).toBeInstanceOf(TraceError)
      }
    }
  })

  it('refuses absurd declared lengths without allocating them', () => {
    const args = [...header(21), ...ev(Batch, 0, 1000), 0xc0 | GoCreate, ...uvarint(2n ** 40n)]
    const err = traceError(args)
    expect(err.detail).toBe(
      `failed to read event ${GoCreate} argument: length-prefixed argument too big: ${2n ** 40n} bytes, limit is 2048`,
    )
    expect(err.offset).toBe(16 + 4)

    // A string longer than the rest of the file: the indexing pass can't skip it.
    const str = [
      ...header(21),
      ...ev(Batch, 0, 1000),
      StringEv,
      ...uvarint(1),
      ...uvarint(2n ** 62n),
    ]
    expect(traceError(str).detail).toBe('failed to read trace: EOF')
  })

  it('fails on unknown event types', () => {
    const t = [...header(19), ...ev(Batch, 0, 1000), 63, 0]
    expect(traceError(t).detail).toBe('unknown event type 63')
    expect(traceError([...header(19), 0]).detail).toBe('unknown event type 0')
    // CPU samples only exist from Go 1.19 on.
    expect(
      traceError([...header(11), ...ev(Batch, 0, 1000), ...ev(49, 1, 2, 3, 4, 5)]).detail,
    ).toBe('unknown event type 49')
    // FutileWakeup parses but has no v2 equivalent.
    const futile = [...validTrace().slice(0, -2), ...ev(36, 1), ...ev(ProcStop, 2)]
    expect(traceError(futile).detail).toBe('unexpected event type 36')
  })

  it('fails on inconsistent traces with the validator message', () => {
    const t = [...header(19), ...ev(Batch, 0, 1000), ...ev(Frequency, 1e9), ...ev(ProcStop, 2)]
    expect(traceError(t).detail).toBe('p 0 is not running before stop (time 0)')
  })

  it('never fails with anything but a TraceError on mutated traces', () => {
    let seed = 12345
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const base = validTrace(21)
    for (let i = 0; i < 2000; i++) {
      const t = base.slice()
      const k = rand(3)
      const p = 16 + rand(t.length - 16)
      if (k === 0) t[p] = rand(256)
      else if (k === 1) t.splice(p, 1 + rand(4))
      else t.splice(p, 0, ...base.slice(p, p + 1 + rand(8)))
      try {
        dump(t)
      } catch (err) {
        expect(err).toBeInstanceOf(TraceError)
      }
    }
  })
})
