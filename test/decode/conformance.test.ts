import { describe, expect, it } from 'vitest'
import { writeDump } from '../../main/decode/dump.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { fixtures } from '../support/fixtures.ts'

// The oracle: for every committed trace, our dump must equal `go tool trace -d=parsed` (Go 1.26,
// TZ=UTC) byte for byte.
process.env.TZ = 'UTC'

function dump(bytes: Uint8Array): Buffer {
  const chunks: Uint8Array[] = []
  const outcome = writeDump(TraceReader.fromBytes(bytes), (c) => chunks.push(c))
  expect(outcome.error).toBeUndefined()
  return Buffer.concat(chunks)
}

/** Event lines without their times, for traces whose tie order Go itself does not fix. */
function eventsIgnoringTime(text: string): string[] {
  return text
    .split(/\n(?=M=)/)
    .map((e) => e.replace(/ Time=-?\d+/, ''))
    .sort()
}

const all = fixtures()

describe('dump equals go tool trace -d=parsed', () => {
  it('has fixtures of every format', () => {
    const headers = new Set(
      all.map((f) => Buffer.from(f.bytes().subarray(0, 16)).toString('latin1').replace(/\0+$/, '')),
    )
    for (const v of ['1.11', '1.19', '1.21', '1.22', '1.23', '1.26']) {
      expect(headers).toContain(`go ${v} trace`)
    }
  })

  for (const f of all) {
    it(f.name, () => {
      const ours = dump(f.bytes())
      const go = f.parsedDump()
      if (f.deterministic) {
        // Compare as text first for a readable diff, then as bytes.
        expect(ours.toString('latin1')).toBe(go.toString('latin1'))
        expect(ours.equals(go)).toBe(true)
      } else {
        expect(eventsIgnoringTime(ours.toString('latin1'))).toEqual(
          eventsIgnoringTime(go.toString('latin1')),
        )
      }
    })
  }
})
