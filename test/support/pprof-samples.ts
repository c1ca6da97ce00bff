import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { Profile as PprofProfile } from 'pprof-format'
import type { Profile } from '../../common/analysis-api.ts'

/** A sample reduced to what must agree: its stack's PCs (leaf first), count and delay. */
export type SampleKey = string

/** Samples of a gzipped pprof file (Go's `go tool trace -pprof` output or ours), sorted. */
export function pprofFileSamples(path: string): SampleKey[] {
  return pprofSamples(new Uint8Array(readFileSync(path)))
}

export function pprofSamples(gz: Uint8Array): SampleKey[] {
  const p = PprofProfile.decode(gunzipSync(gz))
  const address = new Map(p.location.map((l) => [Number(l.id), l.address]))
  return p.sample
    .map((s) => {
      const pcs = s.locationId.map((id) => String(address.get(Number(id))))
      return `${pcs.join(',')} ${s.value.map(String).join(' ')}`
    })
    .sort()
}

/** The same reduction of a computed profile. */
export function profileSamples(profile: Profile): SampleKey[] {
  return profile.samples
    .map((s) => {
      const pcs = s.stack.map((i) => String(profile.frames[i]!.pc))
      return `${pcs.join(',')} ${s.count} ${s.delayNs}`
    })
    .sort()
}
