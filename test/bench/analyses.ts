// npm run bench:analyses -- TRACE
// Time and peak RSS of every profile and summary as the CLI runs them, cold (the trace not yet
// ingested: read in one pass) and warm (store cached), each in its own process. With a Go
// toolchain ($GOROOT, or ../shared/tools/go-toolchain), also `go tool trace -pprof=sched` on the
// same file, for ratios.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'

const trace = process.argv[2]
if (trace === undefined) {
  console.error('usage: npm run bench:analyses -- TRACE')
  process.exit(2)
}
const root = join(import.meta.dirname, '..', '..')
const analyses = ['sched', 'net', 'sync', 'syscall', 'goroutines', 'regions', 'tasks', 'mmu']

/** The `gotrace` command line of each analysis (output discarded). */
const commands: Record<string, string[]> = {
  net: ['profile', '--type', 'net', '-o', '/dev/null'],
  sync: ['profile', '--type', 'sync', '-o', '/dev/null'],
  syscall: ['profile', '--type', 'syscall', '-o', '/dev/null'],
  sched: ['profile', '--type', 'sched', '-o', '/dev/null'],
  goroutines: ['goroutines', '--json', '-o', '/dev/null'],
  regions: ['regions', '--json', '-o', '/dev/null'],
  tasks: ['tasks', '--json', '-o', '/dev/null'],
  mmu: ['mmu', '--json', '-o', '/dev/null'],
  open: ['open'],
}

/** Runs `gotrace` as a user would: wall time and peak RSS of the whole process. */
function run(cacheDir: string, analysis: string): { seconds: number; peakRssMB: number } {
  const [command, ...options] = commands[analysis]!
  const t0 = performance.now()
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      join(root, 'bin', 'gotrace.js'),
      command!,
      trace!,
      ...options,
      '--cache-dir',
      cacheDir,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  )
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`gotrace ${command} failed: ${r.stderr}`)
  const kb = Number(r.stderr.trim().split('\n').pop())
  return { seconds, peakRssMB: Math.round((kb * 1024) / 1e6) }
}

function goTool(): { seconds: number; peakRssMB: number } | string {
  let goroot = process.env['GOROOT']
  if (goroot === undefined) {
    const tool =
      process.env['GO_TOOLCHAIN_TOOL'] ?? join(root, '..', 'shared', 'tools', 'go-toolchain')
    if (!existsSync(tool)) return 'no Go toolchain (set GOROOT)'
    goroot = execFileSync(tool, ['1.26'], { encoding: 'utf8' }).trim()
  }
  const t0 = performance.now()
  // Go's tool needs about 100 times the trace's size in memory: cap its address space at two
  // thirds of the machine, so that on a big trace it fails alone instead of the OOM killer
  // picking a victim.
  const limit = String(Math.floor((totalmem() * 2) / 3))
  const cmd = [join(goroot, 'bin', 'go'), 'tool', 'trace', '-pprof=sched', trace!]
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      ...(existsSync('/usr/bin/prlimit') ? ['/usr/bin/prlimit', `--as=${limit}`] : []),
      ...cmd,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, GOROOT: goroot, GOTOOLCHAIN: 'local' },
    },
  )
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) {
    const oom = /out of memory|cannot allocate memory/i.test(r.stderr)
    if (oom)
      return `go tool trace ran out of memory (${(Number(limit) / 1e9).toFixed(0)} GB cap) after ${seconds.toFixed(0)} s`
    return `go tool trace failed: ${r.stderr.split('\n').slice(-3).join(' ')}`
  }
  const kb = Number(r.stderr.trim().split('\n').pop())
  return { seconds, peakRssMB: Math.round((kb * 1024) / 1e6) }
}

const rows: {
  analysis: string
  cold?: { seconds: number; peakRssMB: number }
  warm: { seconds: number; peakRssMB: number }
}[] = []
for (const analysis of analyses) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-bench-analyses-'))
  // Cold: no store yet, so a whole-trace analysis reads the trace in one pass (as the CLI does).
  const cold = analysis === 'sched' ? run(cacheDir, analysis) : undefined
  run(cacheDir, 'open')
  const warm = run(cacheDir, analysis)
  rmSync(cacheDir, { recursive: true, force: true })
  rows.push({ analysis, ...(cold ? { cold } : {}), warm })
}
const go = goTool()
console.log(`trace: ${trace}`)
console.log('analysis     cold s   cold MB   warm s   warm MB')
for (const r of rows) {
  const cold = r.cold
    ? `${r.cold.seconds.toFixed(2).padStart(6)}   ${String(r.cold.peakRssMB).padStart(7)}`
    : '     -         -'
  console.log(
    `${r.analysis.padEnd(10)} ${cold}   ${r.warm.seconds.toFixed(2).padStart(6)}   ${String(r.warm.peakRssMB).padStart(7)}`,
  )
}
if (typeof go === 'string') console.log(`go tool trace -pprof=sched: skipped (${go})`)
else {
  const sched = rows[0]!.cold!
  console.log(
    `go tool trace -pprof=sched: ${go.seconds.toFixed(2)} s, ${go.peakRssMB} MB; gotrace cold sched: ` +
      `${((sched.seconds / go.seconds) * 100).toFixed(0)}% of the time, ${((sched.peakRssMB / go.peakRssMB) * 100).toFixed(0)}% of the memory`,
  )
}
console.log(JSON.stringify({ trace, rows, go }))
