// npm run bench:decode -- TRACE [--runs N]
// Decodes every event of TRACE (nothing stored) and prints throughput and peak memory.
import { parseArgs } from 'node:util'
import { readTrace } from '../../main/decode/read-trace.ts'
import { TraceReader } from '../../main/decode/reader.ts'

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } },
  allowPositionals: true,
})
const path = positionals[0]
if (path === undefined) {
  console.error('usage: npm run bench:decode -- TRACE [--runs N] [--json]')
  process.exit(2)
}

const runs: { seconds: number; events: number; bytes: number }[] = []
for (let i = 0; i < Number(values.runs); i++) {
  const t0 = performance.now()
  const reader = TraceReader.open(path)
  let events = 0
  const outcome = readTrace(reader, () => events++)
  reader.close()
  if (outcome.error !== undefined) console.error(`warning: ${outcome.error.message}`)
  runs.push({ seconds: (performance.now() - t0) / 1000, events, bytes: outcome.bytes })
}
const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const result = {
  trace: path,
  bytes: best.bytes,
  events: best.events,
  runs: runs.map((r) => Number(r.seconds.toFixed(3))),
  bestSeconds: Number(best.seconds.toFixed(3)),
  mbPerSecond: Number((best.bytes / 1e6 / best.seconds).toFixed(1)),
  eventsPerSecond: Math.round(best.events / best.seconds),
  // maxRSS is in KiB.
  peakRssMB: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
}
if (values.json) {
  console.log(JSON.stringify(result))
} else {
  console.log(
    `trace        ${result.trace} (${(result.bytes / 1e6).toFixed(1)} MB, ${result.events} events)`,
  )
  console.log(`runs (s)     ${result.runs.join(' ')}`)
  console.log(
    `throughput   ${result.mbPerSecond} MB/s, ${(result.eventsPerSecond / 1e6).toFixed(2)} M events/s`,
  )
  console.log(`peak RSS     ${result.peakRssMB} MB`)
}
