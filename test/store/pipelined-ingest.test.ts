import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'

const root = mkdtempSync(join(tmpdir(), 'gotrace-pipeline-test-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Every row of every table (meta's timings aside), sorted: the store's content. */
function content(path: string): Record<string, string[]> {
  const db = new Database(path, { readonly: true })
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
    const out: Record<string, string[]> = {}
    for (const t of tables) {
      const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]
      out[t] = rows
        .filter((r) => t !== 'meta' || !String(r.key).startsWith('ingest_'))
        .map((r) =>
          JSON.stringify(r, (_, v: unknown) =>
            v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
          ),
        )
        .sort()
    }
    return out
  } finally {
    db.close()
  }
}

// One trace of each format family: Go 1.11 1.19 and 1.21 (v1), 1.22+ (v2), and the
// biggest fixture (many generations, chunks flushed and continued).
const picked = fixtures().filter((f) =>
  /^(go-testdata-stress_1_11|blocking-go1\.19|annotations-go1\.21|cpuprofile-go1\.26|gc-go1\.26)$/.test(
    f.name,
  ),
)

describe('pipelined ingestion (a worker thread writes the chunk tables)', () => {
  it('picks the fixtures it means to', () => expect(picked).toHaveLength(5))

  for (const f of picked) {
    it(`${f.name}: writes the same store as one thread`, async () => {
      const one = await openStore(f.tracePath, {
        cacheDir: join(root, `${f.name}-one`),
        pipelineBytes: Infinity,
      })
      const two = await openStore(f.tracePath, {
        cacheDir: join(root, `${f.name}-two`),
        pipelineBytes: 0,
      })
      expect([one.meta.ingest_threads, two.meta.ingest_threads]).toEqual([1, 2])
      expect(two.meta.events).toBe(one.meta.events)
      const a = content(one.path)
      const b = content(two.path)
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort())
      for (const t of Object.keys(a))
        expect({ table: t, rows: b[t] }).toEqual({ table: t, rows: a[t] })
      expect(a.goroutine_state_chunks!.length).toBeGreaterThan(0)
      // Nothing is left beside the store (the side file is copied in and removed).
      expect(readdirSync(join(root, `${f.name}-two`))).toEqual([two.path.split('/').pop()])
    }, 60_000)
  }
})
