// Records the numbers of `go tool trace`'s pages for some fixtures, which the analysis tests hold
// gotrace against. Dev only (needs Go):
//   GOROOT=... PATH=$GOROOT/bin:$PATH GOTOOLCHAIN=local node test/analyze/go-pages/collect.mjs [KIND...]
// KIND (default: all) is one of
//   goroutines   /goroutines and /goroutine?name=NAME for every group -> goroutines.json
//   annotations  /usertasks and /userregions (counts, histogram rows) -> annotations.json
//   mmu          /mmu?mode=plot and mode=details for some flag sets -> mmu.json
// It runs `go tool trace -http` on each trace and turns Go's duration strings into ns.
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

export const ANNOTATION_FIXTURES = [
  'annotations-go1.19',
  'annotations-go1.21',
  'annotations-go1.22',
  'annotations-go1.26',
  'annotations-go1.27',
  'go-testdata-user_task_region_1_11',
  'go-testdata-http_1_11',
]
export const MMU_FIXTURES = ['gc-go1.26', 'gc-go1.19', 'gc-go1.22', 'annotations-go1.26']
// Go's default (stw|background|assist), the UI's other checkboxes, and per-P views.
export const MMU_FLAGS = [
  'stw|background|assist',
  'stw|background|assist|sweep',
  'stw|assist',
  'stw|assist|sweep',
  'background',
  'perProc|stw|background|assist|sweep',
  'perProc|stw|assist',
  '',
]
const MMU_DETAIL_WINDOW = 1000000

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

async function collectGoroutines(base) {
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
  return { groups, goroutines }
}

/** Go's TimeHistogram as the pages render it: one row per bucket from MinBucket to MaxBucket. */
function histogram(html) {
  const rows = []
  for (const m of html.matchAll(
    /<tr><td class="histoTime" align="right">(?:<a [^>]*>)?([^<]*)(?:<\/a>)?<\/td><td><div[^>]*>&nbsp;<\/div><\/td><td align="right"><div[^>]*>(\d+)<\/div><\/td><\/tr>/g,
  )) {
    rows.push({ minNs: durationNs(m[1]), count: Number(m[2]) })
  }
  return rows
}

/** Table rows of /usertasks and /userregions: the cells of each <tr> after the header. */
function tableRows(page) {
  const table = page.split('<table border="1" sortable="1">')[1]
  return table
    .split(/\n\s*<tr>\n/)
    .slice(2)
    .map((row) => row.split(/<\/td>\s*<td>/))
}

async function collectAnnotations(base) {
  const tasks = []
  for (const cells of tableRows(await (await fetch(`${base}/usertasks`)).text())) {
    tasks.push({
      type: unescape(cells[0].replace(/^\s*<td>/, '')),
      count: Number(/>(\d+)<\/a>/.exec(cells[1])[1]),
      histogram: histogram(cells.slice(2).join('</td><td>')),
    })
  }
  const regions = []
  for (const cells of tableRows(await (await fetch(`${base}/userregions`)).text())) {
    const m = /<pre>(.*)<br>(.*) @ 0x([0-9a-f]+)<br>(.*):(\d+)<\/pre>/.exec(cells[0])
    regions.push({
      type: JSON.parse(unescape(m[1])),
      func: unescape(m[2]),
      pc: parseInt(m[3], 16),
      file: unescape(m[4]),
      line: Number(m[5]),
      count: Number(/>(\d+)<\/a>/.exec(cells[1])[1]),
      histogram: histogram(cells.slice(2).join('</td><td>')),
    })
  }
  return { tasks, regions }
}

async function collectMmu(base) {
  const out = {}
  for (const flags of MMU_FLAGS) {
    const plot = await (await fetch(`${base}/mmu?mode=plot&flags=${flags}`)).json()
    const details = await (
      await fetch(`${base}/mmu?mode=details&flags=${flags}&window=${MMU_DETAIL_WINDOW}`)
    ).json()
    out[flags] = {
      xMin: plot.xMin,
      xMax: plot.xMax,
      curve: plot.curve,
      worst: (details ?? []).map((w) => [w.Time, w.MutatorUtil]),
    }
  }
  return out
}

const kinds = process.argv.slice(2)
const want = (kind) => kinds.length === 0 || kinds.includes(kind)
const collectors = [
  ['goroutines', FIXTURES, collectGoroutines],
  ['annotations', ANNOTATION_FIXTURES, collectAnnotations],
  ['mmu', MMU_FIXTURES, collectMmu],
]
let port = 38500
for (const [kind, fixtures, collect] of collectors) {
  if (!want(kind)) continue
  const out = {}
  for (const name of fixtures) {
    const proc = await serve(join(traces, `${name}.trace`), ++port)
    try {
      out[name] = await collect(`http://127.0.0.1:${port}`)
    } finally {
      proc.kill()
    }
  }
  writeFileSync(join(here, `${kind}.json`), JSON.stringify(out, null, 1) + '\n')
}
