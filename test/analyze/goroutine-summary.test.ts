import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { GoroutineStats } from '../../common/analysis-api.ts'
import { summarizeGoroutines } from '../../main/analyze/goroutine-summary.ts'
import { openStore } from '../../main/store/ingest.ts'
import { FIXTURE_DIR } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-goroutines-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

interface GoPages {
  groups: { name: string; count: number; execNs: number }[]
  goroutines: Record<string, Record<string, number | string>>
}
const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, 'go-pages', 'goroutines.json'), 'utf8'),
) as Record<string, GoPages>

/** A goroutine's stats labelled as Go's /goroutine page labels them (non-zero ones only). */
function goLabels(g: GoroutineStats): Record<string, number | string> {
  const out: Record<string, number | string> = {
    name: g.name,
    'Total time': g.totalNs,
    'Execution time': g.execNs,
    'Sched wait time': g.schedWaitNs,
    'Syscall execution time': g.syscallNs,
    'Block time (syscall)': g.syscallBlockNs,
    'Unknown time': g.unknownNs,
  }
  for (const [reason, ns] of Object.entries(g.blockNsByReason)) out[`Block time (${reason})`] = ns
  for (const [k, v] of Object.entries(out)) if (v === 0 && k !== 'Total time') delete out[k]
  return out
}

describe("goroutine summaries equal go tool trace's goroutine pages", () => {
  for (const [name, want] of Object.entries(expected)) {
    it(name, async () => {
      const info = await openStore(join(FIXTURE_DIR, `${name}.trace`), { cacheDir })
      const db = new Database(info.path, { readonly: true })
      try {
        const s = summarizeGoroutines(db)
        const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1)
        expect(
          s.groups.map((g) => ({ name: g.name, count: g.count, execNs: g.execNs })).sort(byName),
        ).toEqual([...want.groups].sort(byName))
        expect(Object.fromEntries(s.goroutines.map((g) => [String(g.gid), goLabels(g)]))).toEqual(
          want.goroutines,
        )
      } finally {
        db.close()
      }
    })
  }
})
