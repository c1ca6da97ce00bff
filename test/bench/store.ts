// npm run bench:store -- TRACE [--cache-dir DIR]
// Ingests TRACE into a fresh store (in a child process, so its peak RSS is the ingest's alone),
// reopens it from the cache, then times viewport queries at zoom levels from the whole trace
// down to single events. Prints a table and a JSON line.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createEngine } from '../../main/engine/engine.ts'
import { mulberry32 } from '../support/prng.ts'

const { values, positionals } = parseArgs({
  options: { 'cache-dir': { type: 'string' }, queries: { type: 'string', default: '40' } },
  allowPositionals: true,
})
const trace = positionals[0]
if (trace === undefined) {
  console.error('usage: npm run bench:store -- TRACE [--cache-dir DIR] [--queries N]')
  process.exit(2)
}
const cacheDir = values['cache-dir'] ?? mkdtempSync(join(tmpdir(), 'gotrace-bench-store-'))
const bytes = statSync(trace).size

// 1. Ingest, in a child process.
const child = execFileSync(
  process.execPath,
  [
    join(import.meta.dirname, '..', '..', 'bin', 'run-ts.js'),
    join(import.meta.dirname, 'ingest-once.ts'),
    trace,
    cacheDir,
  ],
  { encoding: 'utf8' },
)
const ingest = JSON.parse(child.trim().split('\n').pop()!) as {
  seconds: number
  peakRssMB: number
  store: string
}

// 2. Reopen (cached) and query.
const t0 = performance.now()
const engine = createEngine({ tracePath: trace, cacheDir })
const opened = await engine.open()
const tracks = await engine.tracks()
const reopenSeconds = (performance.now() - t0) / 1000
if (!opened.cached) throw new Error('expected the store to be reused')

const busiest = [...tracks.goroutines].sort((a, b) => b.spans - a.spans).slice(0, 20)
const spans = [
  ...tracks.procs.map((p) => ({ kind: 'proc' as const, id: p.id })),
  ...busiest.map((g) => ({ kind: 'goroutine' as const, id: g.id })),
]
const counters = tracks.counters.map((c) => c.series)
const widthPx = 1600
const rand = mulberry32(1)
const rows: { windowNs: number; p50: number; p95: number; max: number; spans: number }[] = []
for (let windowNs = tracks.durationNs; windowNs >= 1000; windowNs = Math.floor(windowNs / 8)) {
  const times: number[] = []
  let drawn = 0
  for (let q = 0; q < Number(values.queries); q++) {
    const startNs = Math.floor(rand() * Math.max(1, tracks.durationNs - windowNs))
    const q0 = performance.now()
    const res = await engine.viewport({
      startNs,
      endNs: startNs + windowNs,
      nsPerPx: windowNs / widthPx,
      spans,
      counters,
    })
    times.push(performance.now() - q0)
    drawn += res.spans.reduce((n, b) => n + b.startNs.length, 0)
  }
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!
  rows.push({
    windowNs,
    p50: pct(0.5),
    p95: pct(0.95),
    max: times[times.length - 1]!,
    spans: Math.round(drawn / times.length),
  })
}

const storeBytes = statSync(ingest.store).size
console.log(`trace        ${trace} (${(bytes / 1e6).toFixed(1)} MB, ${opened.events} events)`)
console.log(
  `ingest       ${ingest.seconds.toFixed(2)} s, ${(bytes / 1e6 / ingest.seconds).toFixed(1)} MB/s, peak RSS ${ingest.peakRssMB} MB`,
)
console.log(`store        ${(storeBytes / 1e6).toFixed(1)} MB`)
console.log(`reopen       ${reopenSeconds.toFixed(3)} s (hash, reuse, list tracks)`)
console.log(
  `viewport     ${spans.length} span tracks + ${counters.length} counters, ${widthPx} px wide`,
)
console.log('  window            p50 ms   p95 ms   max ms   rows')
for (const r of rows) {
  console.log(
    `  ${formatNs(r.windowNs).padEnd(16)} ${r.p50.toFixed(1).padStart(7)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${String(r.spans).padStart(6)}`,
  )
}
console.log(
  JSON.stringify({
    trace,
    bytes,
    events: opened.events,
    ingest,
    storeBytes,
    reopenSeconds,
    viewport: rows,
  }),
)
if (values['cache-dir'] === undefined) rmSync(cacheDir, { recursive: true, force: true })

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`
  return `${ns} ns`
}
