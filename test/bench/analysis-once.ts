// Child process of bench/analyses.ts: opens (or ingests) a trace's store, runs one analysis,
// prints {seconds, peakRssMB} as JSON. The analysis names are those of bench/analyses.ts.
import Database from 'better-sqlite3'
import { summarizeGoroutines } from '../../main/analyze/goroutine-summary.ts'
import { computeMmu } from '../../main/analyze/mmu.ts'
import { computeProfile } from '../../main/analyze/profile.ts'
import { summarizeRegions } from '../../main/analyze/regions.ts'
import { summarizeTasks } from '../../main/analyze/tasks.ts'
import { openStore } from '../../main/store/ingest.ts'

const [trace, cacheDir, analysis] = process.argv.slice(2) as [string, string, string]
const t0 = performance.now()
const info = await openStore(trace, { cacheDir })
const db = new Database(info.path, { readonly: true })
switch (analysis) {
  case 'net':
  case 'sync':
  case 'syscall':
  case 'sched':
    computeProfile(db, analysis)
    break
  case 'goroutines':
    summarizeGoroutines(db)
    break
  case 'regions':
    summarizeRegions(db)
    break
  case 'tasks':
    summarizeTasks(db)
    break
  case 'mmu':
    computeMmu(db, { stw: true, background: true, assist: true }, 1_000_000)
    break
  case 'open':
    break
}
console.log(
  JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    cached: info.cached,
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
  }),
)
