import { gzipSync } from 'node:zlib'
import {
  Function as PprofFunction,
  Line,
  Location,
  Profile as PprofProfile,
  Sample,
  StringTable,
  ValueType,
} from 'pprof-format'
import type { Profile } from '../../common/analysis-api.ts'

/**
 * A profile as gzipped pprof protobuf, laid out as Go's traceviewer.BuildProfile does: period
 * type trace/count, sample types contentions/count and delay/nanoseconds, one location per PC
 * and one function per (file, name), no mappings.
 */
export function encodePprof(profile: Profile): Uint8Array {
  const strings = new StringTable()
  const functions: PprofFunction[] = []
  const functionIds = new Map<string, number>()
  const locations = profile.frames.map((f, i) => {
    const key = `${f.file}\0${f.func}`
    let fnId = functionIds.get(key)
    if (fnId === undefined) {
      fnId = functions.length + 1
      functionIds.set(key, fnId)
      const name = strings.dedup(f.func)
      functions.push(
        new PprofFunction({ id: fnId, name, systemName: name, filename: strings.dedup(f.file) }),
      )
    }
    return new Location({
      id: i + 1,
      address: BigInt(f.pc),
      line: [new Line({ functionId: fnId, line: f.line })],
    })
  })
  const pprof = new PprofProfile({
    stringTable: strings,
    periodType: valueType(strings, 'trace', 'count'),
    period: 1,
    sampleType: [
      valueType(strings, 'contentions', 'count'),
      valueType(strings, 'delay', 'nanoseconds'),
    ],
    sample: profile.samples.map(
      (s) => new Sample({ locationId: s.stack.map((i) => i + 1), value: [s.count, s.delayNs] }),
    ),
    location: locations,
    function: functions,
  })
  return gzipSync(pprof.encode())
}

function valueType(strings: StringTable, type: string, unit: string): ValueType {
  return new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) })
}
