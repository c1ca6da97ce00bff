// npm run fuzz -- [--minutes N] [--seed S] [--store-every K] [--replay FILE]
// Mutates the fixtures (bit flips, byte replacement, endless varints, truncation, splicing two
// traces, duplicating, dropping and swapping Go 1.22+ batches) and runs each through the decoder
// and, every K-th case, through openStore. Every case must end clean, partial or in a one-line
// TraceError; anything else (another exception, a hang) is a crash: its input is saved in
// test-results/fuzz/ with a one-line command that reproduces it. Exits 1 if any crash was found.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { fixtures } from '../test/support/fixtures.ts'
import { mulberry32 } from '../test/support/prng.ts'
import {
  decodeOutcome,
  mutate,
  MUTATIONS,
  storeBytesOutcome,
  Tally,
  type Outcome,
} from '../test/reliability/support.ts'

const root = join(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    'store-every': { type: 'string', default: '4' },
    replay: { type: 'string' },
  },
})
const work = mkdtempSync(join(tmpdir(), 'gotrace-fuzz-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))

if (values.replay !== undefined) {
  const bytes = new Uint8Array(readFileSync(values.replay))
  const decoded = decodeOutcome(bytes)
  const stored = await storeBytesOutcome(bytes, work)
  console.log(`decoder: ${describe(decoded)}`)
  console.log(`store:   ${describe(stored)}`)
  process.exit(decoded.kind === 'failure' || stored.kind === 'failure' ? 1 : 0)
}

const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed)
const deadline = Date.now() + Number(values.minutes) * 60_000
const storeEvery = Math.max(1, Number(values['store-every']))
const rand = mulberry32(seed)
const corpus = fixtures().map((f) => ({ name: f.name, bytes: f.bytes() }))
const outDir = join(root, 'test-results', 'fuzz')
const decoder = new Tally()
const store = new Tally()
const byKind = new Map<string, number>()
let crashes = 0
let cases = 0

console.log(
  `fuzz: seed ${seed}, ${corpus.length} fixtures, until ${new Date(deadline).toISOString()}`,
)
let lastReport = Date.now()
while (Date.now() < deadline) {
  const base = corpus[Math.floor(rand() * corpus.length)]!
  const other = corpus[Math.floor(rand() * corpus.length)]!
  const kind = MUTATIONS[Math.floor(rand() * MUTATIONS.length)]!
  // Several mutations stacked now and then, to get further from the original.
  let bytes = mutate(kind, base.bytes, other.bytes, rand)
  const extra = rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0
  for (let i = 0; i < extra && bytes.length > 16; i++) {
    bytes = mutate(MUTATIONS[Math.floor(rand() * 4)]!, bytes, other.bytes, rand)
  }
  if (bytes.length < 16) continue
  const label = `${base.name}+${kind}${extra > 0 ? `+${extra}` : ''}`
  byKind.set(kind, (byKind.get(kind) ?? 0) + 1)
  cases++
  const d = decoder.add(decodeOutcome(bytes), label)
  let s: Outcome | undefined
  if (cases % storeEvery === 0) s = store.add(await storeBytesOutcome(bytes, work, 60_000), label)
  if (d.kind === 'failure' || s?.kind === 'failure') {
    crashes++
    mkdirSync(outDir, { recursive: true })
    const file = join(outDir, `crash-${seed}-${cases}-${label.replace(/[^\w.+-]/g, '_')}.trace`)
    writeFileSync(file, bytes)
    const why = d.kind === 'failure' ? `decoder: ${d.message}` : `store: ${describe(s!)}`
    console.log(`CRASH ${label}: ${why.slice(0, 300)}`)
    console.log(`  reproduce: npm run fuzz -- --replay ${relative(root, file)}`)
  }
  if (Date.now() - lastReport > 30_000) {
    lastReport = Date.now()
    console.log(`  ${cases} cases, ${crashes} crashes`)
  }
}

console.log(decoder.line('fuzz, decoder'))
console.log(store.line('fuzz, store'))
console.log(`mutations: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`)
console.log(`seed ${seed}: ${crashes} crash${crashes === 1 ? '' : 'es'}`)
process.exitCode = crashes > 0 ? 1 : 0

function describe(o: Outcome): string {
  if (o.kind === 'clean') return 'clean'
  if (o.kind === 'partial') return `partial: ${o.warning}`
  return `${o.kind}: ${o.message}`
}
