// Child process of bench/store.ts: ingests one trace (no cache reuse) and prints JSON.
import { openStore } from '../../main/store/ingest.ts'

const [trace, cacheDir] = process.argv.slice(2)
const t0 = performance.now()
const info = await openStore(trace!, { cacheDir: cacheDir!, rebuild: true })
console.log(
  JSON.stringify({
    seconds: (performance.now() - t0) / 1000,
    peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
    store: info.path,
  }),
)
