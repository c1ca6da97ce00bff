// Shared by the reliability battery (test/reliability/*.test.ts) and the long fuzzing mode
// (scripts/fuzz.ts): bad inputs, mutations, and running one input through the decoder and the
// store with an outcome that is either clean, partial (a warning), an error (a TraceError) or a
// failure (anything else: a bug).
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { TraceError } from '../../main/decode/errors.ts'
import { readTrace } from '../../main/decode/read-trace.ts'
import { TraceReader } from '../../main/decode/reader.ts'
import { openStore } from '../../main/store/ingest.ts'

export type Outcome =
  | { kind: 'clean'; generations?: number }
  | { kind: 'partial'; warning: string; generations?: number }
  | { kind: 'error'; message: string }
  | { kind: 'failure'; message: string }

/** Counts outcomes; `line()` is the battery's summary. */
export class Tally {
  clean = 0
  partial = 0
  errors = 0
  failures: string[] = []

  add(o: Outcome, label: string): Outcome {
    if (o.kind === 'clean') this.clean++
    else if (o.kind === 'partial') this.partial++
    else if (o.kind === 'error') this.errors++
    else this.failures.push(`${label}: ${o.message}`)
    return o
  }

  get total(): number {
    return this.clean + this.partial + this.errors + this.failures.length
  }

  line(what: string): string {
    const failed = this.failures.length > 0 ? `, ${this.failures.length} FAILURES` : ''
    return `reliability (${what}): ${this.total} cases: ${this.clean} clean, ${this.partial} partial, ${this.errors} errors${failed}`
  }
}

/** More events than any input here can hold: past this, the decoder is looping. */
const RUNAWAY_EVENTS = 5_000_000

/** Reads every event of `bytes` with the decoder alone. */
export function decodeOutcome(bytes: Uint8Array): Outcome {
  try {
    const reader = TraceReader.fromBytes(bytes)
    let events = 0
    const outcome = readTrace(reader, () => {
      if (++events > RUNAWAY_EVENTS) throw new Error('runaway event stream (a hang)')
    })
    if (outcome.error === undefined) return { kind: 'clean' }
    return { kind: 'partial', warning: outcome.error.message }
  } catch (err) {
    return classifyError(err)
  }
}

/**
 * Ingests the trace at `tracePath` into a fresh store in `cacheDir` (removed afterwards). A store
 * that takes longer than `timeoutMs` is aborted and reported as a failure (a hang).
 */
export async function storeOutcome(
  tracePath: string,
  cacheDir: string,
  timeoutMs = 30_000,
): Promise<Outcome> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(new Error('timed out (a hang?)')), timeoutMs)
  try {
    const info = await openStore(tracePath, { cacheDir, rebuild: true, signal: abort.signal })
    rmSync(info.path, { force: true })
    const warning = info.meta['warning']
    const complete = info.meta['complete']
    const generations = Number(info.meta['generations'])
    if (complete === 1 && warning === null) return { kind: 'clean', generations }
    if (complete === 0 && typeof warning === 'string' && warning !== '') {
      return { kind: 'partial', warning, generations }
    }
    return {
      kind: 'failure',
      message: `inconsistent meta: complete=${complete} warning=${warning}`,
    }
  } catch (err) {
    if (abort.signal.aborted) return { kind: 'failure', message: 'timed out (a hang?)' }
    return classifyError(err)
  } finally {
    clearTimeout(timer)
  }
}

/** Writes `bytes` to `dir/trace.out` and runs it through the store. */
export async function storeBytesOutcome(
  bytes: Uint8Array,
  dir: string,
  timeoutMs?: number,
): Promise<Outcome> {
  const tracePath = join(dir, 'trace.out')
  writeFileSync(tracePath, bytes)
  return storeOutcome(tracePath, join(dir, 'cache'), timeoutMs)
}

function classifyError(err: unknown): Outcome {
  const message = err instanceof Error ? err.message : String(err)
  if (!(err instanceof TraceError)) {
    const stack = err instanceof Error ? (err.stack ?? '').split('\n').slice(0, 4).join(' | ') : ''
    return { kind: 'failure', message: `${message} ${stack}` }
  }
  if (message.includes('\n')) return { kind: 'failure', message: `multi-line error: ${message}` }
  return { kind: 'error', message }
}

// ---- building inputs ----

export function uvarint(v: bigint | number): number[] {
  let x = BigInt(v)
  const out: number[] = []
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
  return out
}

const EV_EVENT_BATCH = 1
const EV_STACKS = 2
const EV_STACK = 3
const EV_STRINGS = 4
const EV_STRING = 5
const EV_CPU_SAMPLES = 6
const EV_FREQUENCY = 8

export function header(version: string): Uint8Array {
  return Buffer.from(`go ${version} trace\0\0\0`, 'latin1')
}

/** A Go 1.22+ batch: EventBatch gen m time size, then `data`. `size` may lie. */
export function v2Batch(gen: bigint, data: number[], size: bigint = BigInt(data.length)): number[] {
  return [EV_EVENT_BATCH, ...uvarint(gen), ...uvarint(1), ...uvarint(1), ...uvarint(size), ...data]
}

/** Inputs that are not traces, or traces whose header or batches lie. Named. */
export function badInputs(): { name: string; bytes: Uint8Array }[] {
  const cat = (...parts: (Uint8Array | number[])[]) =>
    new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))))
  const h26 = header('1.26')
  const h19 = header('1.19')
  let seed = 12345
  const random = (n: number) =>
    Uint8Array.from({ length: n }, () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed >>> 24
    })
  const pprof = gzipSync(Buffer.from([0x0a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x12, 0x00]))
  return [
    { name: 'empty file', bytes: new Uint8Array(0) },
    { name: 'one byte', bytes: Uint8Array.of(0x67) },
    { name: 'wrong header', bytes: Buffer.from('this is not a go trace file at all\n') },
    { name: 'header of go 1.10', bytes: cat(header('1.10'), random(256)) },
    { name: 'header of go 1.99', bytes: cat(header('1.99'), random(256)) },
    { name: 'header only (1.26)', bytes: h26 },
    { name: 'header cut short', bytes: Buffer.from('go 1.26 tr') },
    { name: 'random bytes', bytes: random(64 * 1024) },
    { name: 'JSON', bytes: Buffer.from(JSON.stringify({ traceEvents: [{ ph: 'X' }] })) },
    { name: 'gzipped pprof', bytes: new Uint8Array(pprof) },
    { name: 'random after 1.26 header', bytes: cat(h26, random(8192)) },
    { name: 'random after 1.19 header', bytes: cat(h19, random(8192)) },
    { name: 'random after 1.11 header', bytes: cat(header('1.11'), random(8192)) },
    // Batches that declare absurd sizes or counts.
    { name: 'batch size 2^40', bytes: cat(h26, v2Batch(1n, [], 1n << 40n)) },
    { name: 'batch size 2^64-1', bytes: cat(h26, v2Batch(1n, [], (1n << 64n) - 1n)) },
    { name: 'batch size overflows 64 bits', bytes: cat(h26, [1, 1, 1, 1], Array(11).fill(0xff)) },
    { name: 'batch size 65536, 10 bytes there', bytes: cat(h26, v2Batch(1n, [0], 65536n)) },
    { name: 'generation 2^63', bytes: cat(h26, v2Batch(1n << 63n, [EV_FREQUENCY, 1])) },
    { name: 'generation 0', bytes: cat(h26, v2Batch(0n, [EV_FREQUENCY, 1])) },
    {
      name: 'string of 2^50 bytes',
      bytes: cat(h26, v2Batch(1n, [EV_STRINGS, EV_STRING, 1, ...uvarint(1n << 50n), 65])),
    },
    {
      name: 'stack of 2^40 frames',
      bytes: cat(h26, v2Batch(1n, [EV_STACKS, EV_STACK, 1, ...uvarint(1n << 40n), 1, 1, 1, 1])),
    },
    {
      name: 'stack of 100 frames, 1 there',
      bytes: cat(h26, v2Batch(1n, [EV_STACKS, EV_STACK, 1, 100, 1, 1, 1, 1])),
    },
    {
      name: 'CPU samples with huge stack id',
      bytes: cat(h26, v2Batch(1n, [EV_CPU_SAMPLES, 7, ...uvarint(1n << 62n), 1, 1, 1, 1])),
    },
    {
      name: '10000 empty batches',
      bytes: cat(h26, ...Array.from({ length: 10_000 }, () => v2Batch(1n, []))),
    },
    // Go 1.11–1.21: string and stack entries with absurd lengths; batch with a huge P.
    { name: 'v1 string of 2^50 bytes', bytes: cat(h19, [37, 1, ...uvarint(1n << 50n), 65]) },
    {
      name: 'v1 stack of 2^40 frames',
      bytes: cat(h19, [3 | (3 << 6), 20, 1, ...uvarint(1n << 40n)]),
    },
    { name: 'v1 argument length 2^60', bytes: cat(h19, [4 | (3 << 6), ...uvarint(1n << 60n)]) },
    { name: 'v1 batch for P 2^40', bytes: cat(h19, [1 | (1 << 6), ...uvarint(1n << 40n), 1]) },
  ]
}

// ---- mutations ----

export type Rand = () => number

/** Byte ranges of the batches of a Go 1.22+ trace (after its 16-byte header), or undefined. */
export function v2Batches(bytes: Uint8Array): [number, number][] | undefined {
  const version = Buffer.from(bytes.subarray(0, 16)).toString('latin1')
  const m = /^go 1\.(\d+) trace/.exec(version)
  if (m === null || Number(m[1]) < 22) return undefined
  const out: [number, number][] = []
  let pos = 16
  const varint = (): number | undefined => {
    let v = 0
    let shift = 1
    for (let i = 0; i < 10 && pos < bytes.length; i++) {
      const b = bytes[pos++]!
      v += (b & 0x7f) * shift
      if (b < 0x80) return v
      shift *= 128
    }
    return undefined
  }
  while (pos < bytes.length) {
    const start = pos
    const typ = bytes[pos++]!
    if (typ === 52) {
      out.push([start, pos]) // end of generation
      continue
    }
    if (typ !== 1 && typ !== 49) return out
    if (typ === 49) pos++
    if (varint() === undefined || varint() === undefined || varint() === undefined) return out
    const size = varint()
    if (size === undefined || pos + size > bytes.length) return out
    pos += size
    out.push([start, pos])
  }
  return out
}

export const MUTATIONS = [
  'bitflip',
  'byte',
  'varint',
  'truncate',
  'splice',
  'dup-batch',
  'drop-batch',
  'swap-batches',
] as const
export type Mutation = (typeof MUTATIONS)[number]

/**
 * A mutation of `original` of the given kind; `other` is a second trace for splicing. Batch
 * mutations fall back to a bit flip for traces that are not Go 1.22+.
 */
export function mutate(
  kind: Mutation,
  original: Uint8Array,
  other: Uint8Array,
  rand: Rand,
): Uint8Array {
  const pick = (n: number) => Math.floor(rand() * n)
  const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))
  switch (kind) {
    case 'bitflip':
    case 'byte':
    case 'varint':
    case 'truncate': {
      const bytes = new Uint8Array(original)
      const pos = 16 + pick(bytes.length - 16)
      if (kind === 'bitflip') bytes[pos] = bytes[pos]! ^ (1 << pick(8))
      else if (kind === 'byte') bytes[pos] = pick(256)
      else if (kind === 'varint') bytes.fill(0xff, pos, Math.min(bytes.length, pos + 12))
      else return bytes.subarray(0, pos)
      return bytes
    }
    case 'splice': {
      const a = 16 + pick(original.length - 16)
      const b = 16 + pick(other.length - 16)
      return concat(original.subarray(0, a), other.subarray(b))
    }
    default: {
      const batches = v2Batches(original)
      if (batches === undefined || batches.length < 2)
        return mutate('bitflip', original, other, rand)
      const i = pick(batches.length)
      const [s, e] = batches[i]!
      if (kind === 'dup-batch') {
        return concat(original.subarray(0, e), original.subarray(s, e), original.subarray(e))
      }
      if (kind === 'drop-batch') return concat(original.subarray(0, s), original.subarray(e))
      const j = pick(batches.length)
      const [s2, e2] = batches[j]!
      if (i === j) return new Uint8Array(original)
      const [[as, ae], [bs, be]] =
        s < s2
          ? [
              [s, e],
              [s2, e2],
            ]
          : [
              [s2, e2],
              [s, e],
            ]
      return concat(
        original.subarray(0, as),
        original.subarray(bs, be),
        original.subarray(ae, bs),
        original.subarray(as, ae),
        original.subarray(be),
      )
    }
  }
}

// ---- store contents ----

/**
 * A digest of every table of a store except the timing fields of `meta`: two stores of the same
 * trace must have the same digest.
 */
export function storeDigest(path: string): string {
  const db = new Database(path, { readonly: true })
  try {
    const hash = createHash('sha256')
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
    for (const t of tables) {
      hash.update(`\0table ${t}\0`)
      const rows = db.prepare(`SELECT * FROM "${t}"`).raw().iterate() as Iterable<unknown[]>
      for (const row of rows) {
        if (t === 'meta' && /seconds|trace_path/.test(String(row[0]))) continue
        for (const v of row)
          hash.update(v instanceof Uint8Array ? v : `${typeof v}:${String(v)}\u0001`)
        hash.update('\n')
      }
    }
    return hash.digest('hex')
  } finally {
    db.close()
  }
}
