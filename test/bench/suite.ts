// npm run bench -- [TRACE] [--no-ui] [--no-go]
// Runs the decode, store and analyses benchmarks (and the UI benchmark, test/bench/ui.ts) on TRACE,
// or on the largest fixture, each in its own process; with a Go toolchain ($GOROOT, or
// ../shared/tools/go-toolchain), also Go's parser (test/bench/go-parse) and
// `go tool trace -pprof=sched` on the same file in the same run, and prints our time and memory as
// ratios of theirs. Prints a table and writes everything to test-results/bench.json.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fixtures } from '../support/fixtures.ts'

const root = join(import.meta.dirname, '..', '..')
const { values, positionals } = parseArgs({
  options: {
    'no-ui': { type: 'boolean', default: false },
    'no-go': { type: 'boolean', default: false },
  },
  allowPositionals: true,
})
const trace = resolve(
  positionals[0] ??
    fixtures()
      .map((f) => f.tracePath)
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!,
)
const bytes = statSync(trace).size

interface Measure {
  seconds: number
  peakRssMB: number
}

/** Runs a benchmark script; returns its last stdout line parsed as JSON, or why it failed. */
function runBench(script: string, args: string[]): Record<string, unknown> | string {
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'run-ts.js'), join(import.meta.dirname, script), ...args],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      cwd: root,
    },
  )
  process.stderr.write(`  ${script} done\n`)
  const last = r.stdout.trim().split('\n').pop() ?? ''
  if (r.status !== 0 || !last.startsWith('{')) {
    return `${script} failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`
  }
  return JSON.parse(last) as Record<string, unknown>
}

function goRoot(): string | undefined {
  if (values['no-go']) return undefined
  if (process.env['GOROOT'] !== undefined) return process.env['GOROOT']
  const tool =
    process.env['GO_TOOLCHAIN_TOOL'] ?? join(root, '..', 'shared', 'tools', 'go-toolchain')
  if (!existsSync(tool)) return undefined
  try {
    return execFileSync(tool, ['1.26'], { encoding: 'utf8' }).trim()
  } catch {
    return undefined
  }
}

/** Go's parser (test/bench/go-parse): seconds and peak RSS. */
function goParse(goroot: string): Measure | string {
  const r = spawnSync(join(import.meta.dirname, 'go-parse'), [trace], {
    encoding: 'utf8',
    env: { ...process.env, GOROOT: goroot },
  })
  const m = /in ([\d.]+) s/.exec(r.stdout)
  const rss = /peak RSS (\d+) KB/.exec(r.stderr)
  if (r.status !== 0 || m === null || rss === null)
    return `go-parse failed: ${r.stderr.trim().split('\n').pop()}`
  return { seconds: Number(m[1]), peakRssMB: Math.round((Number(rss[1]) * 1024) / 1e6) }
}

console.error(`bench: ${trace} (${(bytes / 1e6).toFixed(1)} MB)`)
const decode = runBench('decode.ts', [trace, '--json'])
const store = runBench('store.ts', [trace])
const analyses = runBench('analyses.ts', [trace])
const ui =
  values['no-ui'] || !existsSync(join(import.meta.dirname, 'ui.ts'))
    ? 'skipped'
    : runBench('ui.ts', [trace])
const goroot = goRoot()
const go = goroot === undefined ? 'no Go toolchain (set GOROOT)' : goParse(goroot)
// analyses.ts runs `go tool trace -pprof=sched` itself when a toolchain is there.
const goSched = typeof analyses === 'string' ? analyses : (analyses['go'] as Measure | string)

const rows: { what: string; seconds?: number; peakRssMB?: number; vsGo?: string; note?: string }[] =
  []
const ratio = (ours: Measure, theirs: Measure | string) =>
  typeof theirs === 'string'
    ? '-'
    : `${(ours.seconds / theirs.seconds).toFixed(2)}× time, ${(ours.peakRssMB / theirs.peakRssMB).toFixed(2)}× memory`
if (typeof decode === 'string') rows.push({ what: 'decode', note: decode })
else {
  const d = { seconds: Number(decode['bestSeconds']), peakRssMB: Number(decode['peakRssMB']) }
  rows.push({
    what: 'decode (best of 3)',
    ...d,
    vsGo: ratio(d, go),
    note: `${String(decode['mbPerSecond'])} MB/s`,
  })
}
if (typeof go !== 'string') rows.push({ what: "  Go's parser", ...go })
if (typeof store === 'string') rows.push({ what: 'store', note: store })
else {
  const ingest = store['ingest'] as Measure & { store: string }
  rows.push({
    what: 'store ingest',
    seconds: ingest.seconds,
    peakRssMB: ingest.peakRssMB,
    note: `store ${(Number(store['storeBytes']) / 1e6).toFixed(1)} MB`,
  })
  rows.push({ what: 'store reopen (cached)', seconds: Number(store['reopenSeconds']) })
  for (const v of store['viewport'] as { windowNs: number; p50: number; p95: number }[]) {
    rows.push({
      what: `  viewport ${(v.windowNs / 1e6).toFixed(3)} ms window`,
      note: `p50 ${v.p50.toFixed(1)} ms, p95 ${v.p95.toFixed(1)} ms`,
    })
  }
}
if (typeof analyses === 'string') rows.push({ what: 'analyses', note: analyses })
else {
  for (const r of analyses['rows'] as { analysis: string; cold?: Measure; warm: Measure }[]) {
    if (r.cold !== undefined)
      rows.push({ what: `${r.analysis} (cold)`, ...r.cold, vsGo: ratio(r.cold, goSched) })
    rows.push({ what: `${r.analysis} (warm)`, ...r.warm })
  }
  if (typeof goSched !== 'string') rows.push({ what: '  go tool trace -pprof=sched', ...goSched })
}
if (typeof ui === 'string') rows.push({ what: 'ui', note: ui })
else rows.push({ what: 'ui', note: JSON.stringify(ui).slice(0, 200) })
if (typeof go === 'string') rows.push({ what: "Go's parser", note: go })
if (typeof goSched === 'string') rows.push({ what: 'go tool trace -pprof=sched', note: goSched })

console.log(`trace: ${trace} (${(bytes / 1e6).toFixed(1)} MB)`)
console.log(
  `${'benchmark'.padEnd(34)} ${'seconds'.padStart(8)} ${'peak MB'.padStart(8)}  vs Go / notes`,
)
for (const r of rows) {
  const s = r.seconds === undefined ? '' : r.seconds.toFixed(3)
  const m = r.peakRssMB === undefined ? '' : String(r.peakRssMB)
  console.log(
    `${r.what.padEnd(34)} ${s.padStart(8)} ${m.padStart(8)}  ${[r.vsGo, r.note].filter((x) => x !== undefined && x !== '-').join('; ')}`,
  )
}
const out = join(root, 'test-results', 'bench.json')
mkdirSync(join(root, 'test-results'), { recursive: true })
writeFileSync(
  out,
  `${JSON.stringify({ trace, bytes, date: new Date().toISOString(), decode, store, analyses, ui, goParse: go, goSched, rows }, null, 2)}\n`,
)
console.log(`written: ${out}`)
