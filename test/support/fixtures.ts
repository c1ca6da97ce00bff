import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'

/** The committed fixtures: real traces of every format and Go 1.26's outputs for each. */
export const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'traces')

export interface Fixture {
  /** e.g. "annotations-go1.26" */
  readonly name: string
  readonly tracePath: string
  readonly bytes: () => Uint8Array
  /** `go tool trace -d=parsed` output (TZ=UTC). */
  readonly parsedDump: () => Buffer
  /** `go tool trace -pprof=TYPE` output, gzipped pprof. */
  readonly profilePath: (type: 'net' | 'sync' | 'syscall' | 'sched') => string
  /** False for traces whose equal-time events Go itself orders differently run to run. */
  readonly deterministic: boolean
}

interface ManifestEntry {
  name: string
  deterministic: boolean
}

/** Traces whose equal-time events Go itself orders differently from run to run. */
const NONDETERMINISTIC = new Set(
  (
    JSON.parse(readFileSync(join(FIXTURE_DIR, '..', 'manifest.json'), 'utf8')) as {
      traces: ManifestEntry[]
    }
  ).traces
    .filter((t) => !t.deterministic)
    .map((t) => t.name),
)

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.trace'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.trace'.length)
      const tracePath = join(FIXTURE_DIR, f)
      return {
        name,
        tracePath,
        bytes: () => new Uint8Array(readFileSync(tracePath)),
        parsedDump: () => gunzipSync(readFileSync(join(FIXTURE_DIR, `${name}.parsed.txt.gz`))),
        profilePath: (type) => join(FIXTURE_DIR, `${name}.${type}.pb.gz`),
        deterministic: !NONDETERMINISTIC.has(name),
      }
    })
}
