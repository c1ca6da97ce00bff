// Child process of bench/analyses.ts: runs one analysis as the CLI does (`gotrace profile`,
// `gotrace goroutines`, ...: from the cached store if there is one, else a whole-trace analysis
// reads the trace in one pass) and prints {seconds, cached, peakRssMB} as JSON. `open` builds
// the store (`gotrace open`).
import { readdirSync } from 'node:fs'
import { runCli } from '../../main/cli/main.ts'

const [trace, cacheDir, analysis] = process.argv.slice(2) as [string, string, string]
const commands: Record<string, string[]> = {
  net: ['profile', '--type', 'net'],
  sync: ['profile', '--type', 'sync'],
  syscall: ['profile', '--type', 'syscall'],
  sched: ['profile', '--type', 'sched'],
  goroutines: ['goroutines', '--json'],
  regions: ['regions', '--json'],
  tasks: ['tasks', '--json'],
  mmu: ['mmu', '--json'],
  open: ['open'],
}
const [command, ...options] = commands[analysis]!
const cached = readdirSync(cacheDir).length > 0
const t0 = performance.now()
let stderr = ''
const code = await runCli(
  [
    command!,
    trace,
    ...options,
    '--cache-dir',
    cacheDir,
    ...(command === 'open' ? [] : ['-o', '/dev/null']),
  ],
  {
    stdout: { write: () => true },
    stderr: { write: (s: string | Uint8Array) => (stderr += String(s)) },
  },
)
if (code !== 0) throw new Error(`gotrace ${command} failed: ${stderr}`)
console.log(
  JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    cached,
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
  }),
)
