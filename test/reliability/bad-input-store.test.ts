// Bad input through the decoder, the store (openStore) and the engine: every case ends clean,
// partial (a warning in the store's meta) or in a one-line TraceError; never another exception
// or a hang. Prints a tally at the end.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../main/engine/engine.ts'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'
import { mulberry32 } from '../support/prng.ts'
import {
  badInputs,
  decodeOutcome,
  mutate,
  storeBytesOutcome,
  Tally,
  type Mutation,
  type Outcome,
} from './support.ts'

const work = mkdtempSync(join(tmpdir(), 'gotrace-reliability-'))
const tally = new Tally()
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
  console.log(tally.line('decoder + store + engine'))
})

/** A fresh folder per case, so cases never share a trace file or cache. */
let caseNo = 0
function caseDir(): string {
  const dir = join(work, String(caseNo++))
  rmSync(dir, { recursive: true, force: true })
  return mkdtempSync(`${dir}-`)
}

function expectSound(o: Outcome, label: string): void {
  tally.add(o, label)
  expect(o.kind === 'failure' ? `${label}: ${o.message}` : 'ok').toBe('ok')
}

const small = fixtures().filter((f) => f.bytes().length < 100_000)

describe('inputs that are not (good) traces', () => {
  for (const { name, bytes } of badInputs()) {
    it(name, async () => {
      const decoded = decodeOutcome(bytes)
      expectSound(decoded, `${name} (decoder)`)
      const dir = caseDir()
      const stored = await storeBytesOutcome(bytes, dir)
      expectSound(stored, `${name} (store)`)
      // Nothing usable in any of these: the store refuses them with one line, or (Go 1.22+
      // formats, whose reader starts with a Sync event) keeps an empty store of 0 generations.
      if (stored.kind === 'clean' || stored.kind === 'partial') {
        expect(stored.generations, name).toBe(0)
      }
      if (/^(empty|one byte|wrong|header of|JSON|gzipped|random bytes)/.test(name)) {
        expect(stored.kind, name).toBe('error')
      }

      const engine = createEngine({ tracePath: join(dir, 'trace.out'), cacheDir: join(dir, 'c') })
      const opened = await engine.open().then(
        () => 'opened',
        (err: Error) => err.message,
      )
      if (stored.kind === 'error') {
        expect(opened).toBe(stored.message)
        expect(opened).not.toContain('\n')
        tally.errors++
      } else {
        tally.add({ kind: opened === 'opened' ? 'clean' : 'failure', message: opened }, name)
      }
    })
  }
})

describe('every fixture truncated at many offsets, through the store', () => {
  for (const f of small) {
    it(f.name, async () => {
      const bytes = f.bytes()
      const dir = caseDir()
      const cuts = 12
      for (let i = 0; i < cuts; i++) {
        const cut = Math.floor(((i + 0.5) * bytes.length) / cuts)
        const sub = bytes.subarray(0, cut)
        expectSound(decodeOutcome(sub), `${f.name} cut at ${cut} (decoder)`)
        expectSound(await storeBytesOutcome(sub, dir), `${f.name} cut at ${cut} (store)`)
      }
    })
  }
})

describe('a trace cut mid-way keeps every complete generation', () => {
  for (const f of fixtures().filter(
    (f) => f.name.startsWith('generations-go1.2') && !f.name.includes('1.21'),
  )) {
    it(f.name, async () => {
      const bytes = f.bytes()
      const dir = caseDir()
      const whole = join(dir, 'whole.out')
      writeFileSync(whole, bytes)
      const full = await openStore(whole, { cacheDir: join(dir, 'cache') })
      expect(full.meta['complete']).toBe(1)
      const allGens = Number(full.meta['generations'])
      expect(allGens).toBeGreaterThanOrEqual(3)
      // Cut inside the last generation's data: all earlier generations are complete.
      const cut = Math.floor(bytes.length * 0.8)
      const path = join(dir, 'cut.out')
      writeFileSync(path, bytes.subarray(0, cut))
      const info = await openStore(path, { cacheDir: join(dir, 'cache') })
      const db = new Database(info.path, { readonly: true })
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: unknown }[]).map(
          (r) => [r.key, r.value],
        ),
      )
      db.close()
      expect(meta['complete']).toBe(0)
      const gens = Number(meta['generations'])
      expect(gens).toBeGreaterThanOrEqual(1)
      expect(gens).toBeLessThan(allGens)
      expect(String(meta['warning'])).toMatch(
        new RegExp(`^trace is incomplete: .*; kept ${gens} complete generations?, lost`),
      )
      expect(Number(meta['events'])).toBeLessThan(Number(full.meta['events']))
      tally.partial++
      // --strict refuses the same file.
      await expect(openStore(path, { cacheDir: join(dir, 'c2'), strict: true })).rejects.toThrow(
        /^(?!.*\n)/,
      )
      tally.errors++
    })
  }
})

describe('seeded mutations of every fixture, decoder and store', () => {
  // Per fixture: DECODE_CASES mutations through the decoder alone (fast), every STORE_EVERY-th
  // one through openStore as well. 53 fixtures × 60 = 3180 decoder cases, 1060 store cases.
  const DECODE_CASES = 60
  const STORE_EVERY = 3
  const kinds: Mutation[] = ['bitflip', 'byte', 'varint', 'truncate']
  for (const f of fixtures()) {
    it(
      f.name,
      async () => {
        const original = f.bytes()
        const large = original.length > 100_000
        const rand = mulberry32(0x5eed + f.name.length * 131 + original.length)
        const dir = caseDir()
        const cases = large ? 15 : DECODE_CASES
        for (let i = 0; i < cases; i++) {
          const kind = kinds[Math.floor(rand() * kinds.length)]!
          const bytes = mutate(kind, original, original, rand)
          const label = `${f.name} mutation ${i} (${kind})`
          expectSound(decodeOutcome(bytes), `${label} (decoder)`)
          if (i % STORE_EVERY === 0 || large) {
            expectSound(await storeBytesOutcome(bytes, dir), `${label} (store)`)
          }
        }
      },
      120_000,
    )
  }
})

describe('batch-level mutations of Go 1.22+ traces, through the store', () => {
  const kinds: Mutation[] = ['splice', 'dup-batch', 'drop-batch', 'swap-batches']
  const v2 = small.filter((f) => /go1\.2[2-7]$/.test(f.name))
  for (const f of v2.filter((_, i) => i % 3 === 0)) {
    it(f.name, async () => {
      const original = f.bytes()
      const other = v2[(v2.indexOf(f) + 7) % v2.length]!.bytes()
      const rand = mulberry32(0xba7c + original.length)
      const dir = caseDir()
      for (let i = 0; i < 12; i++) {
        const kind = kinds[i % kinds.length]!
        const bytes = mutate(kind, original, other, rand)
        const label = `${f.name} ${kind} ${i}`
        expectSound(decodeOutcome(bytes), `${label} (decoder)`)
        expectSound(await storeBytesOutcome(bytes, dir), `${label} (store)`)
      }
    })
  }
})
