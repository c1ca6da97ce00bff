import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerVirtualTables, runReadOnlySql, SqlRefused } from '../../main/analyze/sql.ts'
import { runCli } from '../../main/cli/main.ts'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-sql-test-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))
const trace = fixtures().find((f) => f.name === 'blocking-go1.26')!.tracePath

describe('read-only SQL over a store', () => {
  let db: Database.Database
  let source: Database.Database
  beforeAll(async () => {
    const info = await openStore(trace, { cacheDir })
    db = new Database(info.path, { readonly: true })
    source = new Database(info.path, { readonly: true })
    registerVirtualTables(db, source)
  })
  afterAll(() => {
    db.close()
    source.close()
  })

  it('goroutine_states has every interval of goroutine_state_chunks', () => {
    const n = runReadOnlySql(db, 'SELECT count(*) FROM goroutine_states').rows[0]![0]
    const stored = runReadOnlySql(db, 'SELECT sum(count) FROM goroutine_state_chunks').rows[0]![0]
    expect(n).toBe(stored)
    const one = runReadOnlySql(db, 'SELECT DISTINCT gid FROM goroutine_states(1)')
    expect(one.rows).toEqual([[1]])
  })

  it('decodes states and reasons as text', () => {
    const r = runReadOnlySql(
      db,
      `SELECT state, count(*) FROM goroutine_states WHERE reason = 'chan send' GROUP BY state`,
    )
    expect(r.columns).toEqual(['state', 'count(*)'])
    expect(r.rows).toEqual([['waiting', 20]])
  })

  it('refuses writes and statements that return nothing', () => {
    for (const sql of [
      'DELETE FROM meta',
      'CREATE TABLE x (a)',
      "ATTACH 'other.db' AS other",
      'PRAGMA query_only = 0',
      'BEGIN',
      'SELECT 1; SELECT 2',
    ]) {
      expect(() => runReadOnlySql(db, sql), sql).toThrow(SqlRefused)
    }
  })
})

describe('gc_work', () => {
  it('has every sweep and mark assist of gc_work_chunks, with the ranges table columns', async () => {
    const gc = fixtures().find((f) => f.name === 'gc-go1.26')!.tracePath
    const info = await openStore(gc, { cacheDir })
    const db = new Database(info.path, { readonly: true })
    const source = new Database(info.path, { readonly: true })
    try {
      registerVirtualTables(db, source)
      const perKind = (sql: string) =>
        Object.fromEntries(runReadOnlySql(db, sql).rows as [number, number][])
      const rows = perKind('SELECT kind, count(*) FROM gc_work GROUP BY kind')
      expect(rows).toEqual(perKind('SELECT kind, sum(count) FROM gc_work_chunks GROUP BY kind'))
      expect(rows[2]).toBeGreaterThan(0)
      expect(rows[3]).toBeGreaterThan(0)
      // Sweeps are a P's and say what they swept; assists are a goroutine's.
      const odd = runReadOnlySql(
        db,
        `SELECT count(*) FROM gc_work WHERE (kind = 2 AND (gid != -1 OR p < 0 OR
           (end_ns IS NOT NULL AND swept_bytes IS NULL))) OR (kind = 3 AND
           (gid < 0 OR swept_bytes IS NOT NULL)) OR end_ns < start_ns`,
      )
      expect(odd.rows).toEqual([[0]])
    } finally {
      db.close()
      source.close()
    }
  })
})

describe('gotrace sql', () => {
  function io() {
    let out = ''
    let err = ''
    return {
      stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
      stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
      out: () => out,
      err: () => err,
    }
  }

  it('prints CSV and JSON', async () => {
    const q = `SELECT gid, 'a,"b"' AS t FROM goroutines ORDER BY gid LIMIT 2`
    const csv = io()
    expect(await runCli(['sql', trace, q, '--cache-dir', cacheDir], csv)).toBe(0)
    expect(csv.out()).toBe('gid,t\n1,"a,""b"""\n2,"a,""b"""\n')
    const json = io()
    expect(await runCli(['sql', trace, q, '--json', '--cache-dir', cacheDir], json)).toBe(0)
    expect(JSON.parse(json.out())).toEqual([
      { gid: 1, t: 'a,"b"' },
      { gid: 2, t: 'a,"b"' },
    ])
  })

  it('fails with one line on a write', async () => {
    const r = io()
    expect(await runCli(['sql', trace, 'DROP TABLE meta', '--cache-dir', cacheDir], r)).toBe(1)
    expect(r.err()).toBe('gotrace: sql: only read-only statements are allowed\n')
  })
})
