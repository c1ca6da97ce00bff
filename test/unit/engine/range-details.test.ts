import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi } from '../../../common/engine-api.ts'
import { decode, encode } from '../../../common/wire.ts'
import { summarizeTasks } from '../../../main/analyze/tasks.ts'
import { createEngine } from '../../../main/engine/engine.ts'
import { rangeDetails } from '../../../main/store/range-details.ts'
import { FIXTURE_DIR } from '../../support/fixtures.ts'

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-range-details-'))
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }))

interface RegionRow {
  id: number
  gid: number
  task_id: number
  depth: number
  type: string
}

describe('engine: rangeDetails (annotations-go1.26)', () => {
  let engine: EngineApi
  let db: Database.Database
  let storePath: string
  beforeAll(async () => {
    engine = createEngine({ tracePath: join(FIXTURE_DIR, 'annotations-go1.26.trace'), cacheDir })
    ;({ storePath } = await engine.open())
    db = new Database(storePath, { readonly: true })
  })
  afterAll(() => db?.close())

  const region = (type: string, gid: number) =>
    db
      .prepare(
        `SELECT r.id, r.gid, r.task_id, r.depth, s.value AS type
         FROM regions r JOIN strings s ON s.id = r.type_id WHERE s.value = ? AND r.gid = ?`,
      )
      .get(type, gid) as RegionRow

  it("gives a nested region's task, the task's ancestry, its enclosing regions and logs", async () => {
    // G22 ran item.process (depth 0) around item.lock (depth 1) in its own "item" task.
    const lock = region('item.lock', 22)
    const proc = region('item.process', 22)
    expect([lock.depth, proc.depth, lock.task_id]).toEqual([1, 0, proc.task_id])
    const task = db
      .prepare(
        'SELECT t.parent_id, s.value AS type FROM tasks t JOIN strings s ON s.id = t.type_id WHERE t.id = ?',
      )
      .get(lock.task_id) as { parent_id: number; type: string }
    const batch = db.prepare('SELECT parent_id FROM tasks WHERE id = ?').get(task.parent_id) as {
      parent_id: number
    }
    const d = await engine.rangeDetails({ kind: 'region', id: lock.id })
    expect(d).toEqual({
      kind: 'region',
      task: { id: lock.task_id, type: 'item' },
      parentTasks: [
        { id: task.parent_id, type: 'batch' },
        { id: batch.parent_id, type: 'main' },
      ],
      enclosing: [expect.objectContaining({ id: proc.id, type: 'item.process' })],
      // The log is written in item.process before item.lock begins.
      logs: [],
      total: 0,
    })
    expect(decode(encode(d))).toEqual(d)

    const outer = await engine.rangeDetails({ kind: 'region', id: proc.id })
    const log = db
      .prepare(
        `SELECT l.time_ns, c.value AS category, m.value AS message FROM logs l
         JOIN strings c ON c.id = l.category_id JOIN strings m ON m.id = l.message_id
         WHERE l.gid = 22`,
      )
      .get() as { time_ns: number; category: string; message: string }
    expect(log.message).toBe('index=0')
    expect(outer).toMatchObject({
      task: { id: lock.task_id, type: 'item' },
      enclosing: [],
      logs: [{ timeNs: log.time_ns, category: 'item', message: 'index=0' }],
      total: 1,
    })
  })

  it('gives three levels of enclosing regions, outermost first, and none for the background task', async () => {
    const deepest = region('setup.inner.deepest', 1)
    expect(deepest.depth).toBe(2)
    const d = await engine.rangeDetails({ kind: 'region', id: deepest.id })
    expect(d?.kind === 'region' && d.enclosing.map((e) => [e.id, e.type])).toEqual([
      [region('setup', 1).id, 'setup'],
      [region('setup.inner', 1).id, 'setup.inner'],
    ])
    expect(d).toMatchObject({ task: { type: 'main' }, parentTasks: [] })
    expect(await engine.rangeDetails({ kind: 'region', id: 1e9 })).toBeUndefined()
  })

  it("gives a task's ancestry, goroutine and region counts and logs, as the tasks analysis", async () => {
    const tasks = summarizeTasks(db).groups.flatMap((g) => g.instances)
    const byId = new Map(tasks.map((t) => [t.id, t]))
    for (const t of tasks) {
      const d = await engine.rangeDetails({ kind: 'task', id: t.id })
      const parents: { id: number; type: string }[] = []
      for (let p = t.parentId; p !== null; p = byId.get(p)!.parentId) {
        parents.push({ id: p, type: byId.get(p)!.type })
      }
      expect(d).toEqual({
        kind: 'task',
        parentTasks: parents,
        goroutines: t.gids.length,
        regions: t.regions.length,
        logs: t.logs.map(({ timeNs, category, message }) => ({ timeNs, category, message })),
        total: t.logs.length,
      })
    }
    const main = tasks.find((t) => t.type === 'main')!
    expect(await engine.rangeDetails({ kind: 'task', id: main.id })).toMatchObject({
      goroutines: 3,
      regions: 7,
      total: 3,
      logs: [{ message: 'log without category', category: '' }, { message: 'setup 1' }, {}],
    })
    expect(await engine.rangeDetails({ kind: 'task', id: 9999 })).toBeUndefined()
  })

  it('caps the logs at 100 and counts them all', () => {
    const copy = join(cacheDir, 'many-logs.db')
    copyFileSync(storePath, copy)
    const rw = new Database(copy)
    try {
      const proc = region('item.process', 22)
      const span = rw.prepare('SELECT start_ns, end_ns FROM regions WHERE id = ?').get(proc.id) as {
        start_ns: number
        end_ns: number
      }
      const log = rw.prepare('SELECT category_id, message_id FROM logs WHERE gid = 22').get() as {
        category_id: number
        message_id: number
      }
      const insert = rw.prepare(
        'INSERT INTO logs (time_ns, gid, task_id, category_id, message_id) VALUES (?, 22, ?, ?, ?)',
      )
      for (let i = 0; i < 150; i++) {
        insert.run(span.end_ns - 150 + i, proc.task_id, log.category_id, log.message_id)
      }
      for (const ref of [
        { kind: 'region', id: proc.id },
        { kind: 'task', id: proc.task_id },
      ] as const) {
        const d = rangeDetails(rw, ref, 0, 1e12)!
        expect([d.logs.length, d.total]).toEqual([100, 151])
        expect(d.logs[0]!.message).toBe('index=0')
        expect(d.logs.map((l) => l.timeNs)).toEqual(
          [...d.logs.map((l) => l.timeNs)].sort((a, b) => a - b),
        )
      }
    } finally {
      rw.close()
    }
  })
})
