// Records the numbers of `go tool trace`'s goroutine pages for some fixtures into goroutines.json,
// which test/analyze/goroutine-summary.test.ts holds gotrace against. Dev only (needs Go):
//   GOROOT=... PATH=$GOROOT/bin:$PATH GOTOOLCHAIN=local node test/analyze/go-pages/collect.mjs
// It runs `go tool trace -http` on each trace, fetches /goroutines and /goroutine?name=NAME for
// every group, and turns Go's duration strings into ns.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const traces = join(here, '..', '..', 'fixtures', 'traces')
export const FIXTURES = [
  'annotations-go1.19',
  'blocking-go1.26',
  'gc-go1.22',
  'netblock-go1.24',
  'syscalls-go1.26',
  'syscalls-go1.21',
  'generations-go1.23',
  'go-testdata-http_1_11',
]

const UNITS = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, µs: 1e3, us: 1e3, ns: 1 }
function durationNs(text) {
  let ns = 0
  for (const m of text.trim().matchAll(/(\d+(?:\.\d+)?)(ns|µs|us|ms|h|m|s)/g)) {
    ns += Math.round(Number(m[1]) * UNITS[m[2]])
  }
  return ns
}
const unescape = (s) =>
  s
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

async function serve(trace, port) {
  const proc = spawn('go', ['tool', 'trace', `-http=127.0.0.1:${port}`, trace], {
    stdio: 'ignore',
  })
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/goroutines`)
      return proc
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  proc.kill()
  throw new Error(`go tool trace did not start for ${trace}`)
}

const out = {}
let port = 38500
for (const name of FIXTURES) {
  const proc = await serve(join(traces, `${name}.trace`), ++port)
  const base = `http://127.0.0.1:${port}`
  try {
    const page = await (await fetch(`${base}/goroutines`)).text()
    const groups = []
    for (const m of page.matchAll(
      /<a href="\/goroutine\?name=([^"]*)">([^<]*)<\/a><\/code><\/td>\s*<td>(\d+)<\/td>\s*<td>([^<]*)<\/td>/g,
    )) {
      const text = unescape(m[2])
      groups.push({
        query: unescape(m[1]),
        name: text === '(Inactive, no stack trace sampled)' ? '' : text,
        count: Number(m[3]),
        execNs: durationNs(m[4]),
      })
    }
    const goroutines = {}
    for (const g of groups) {
      const detail = await (await fetch(`${base}/goroutine?name=${g.query}`)).text()
      const table = detail.split('<table class="details">')[1].split('</table>')[0]
      const headers = [...table.matchAll(/<th[^>]*>([^<]*)<\/th>/g)]
        .map((h) => unescape(h[1].trim()))
        .slice(3)
      for (const row of table.split('<tr>').slice(2)) {
        const gid = /goid=(\d+)/.exec(row)[1]
        const cells = [...row.matchAll(/<td>\s*([^<\s]+)\s*<\/td>/g)].map((c) => c[1])
        const stats = { name: g.name, 'Total time': durationNs(cells[0]) }
        headers.forEach((h, i) => {
          const v = durationNs(cells[1 + i])
          if (v !== 0) stats[h] = v
        })
        goroutines[gid] = stats
      }
      delete g.query
    }
    out[name] = { groups, goroutines }
  } finally {
    proc.kill()
  }
}
writeFileSync(join(here, 'goroutines.json'), JSON.stringify(out, null, 1) + '\n')
