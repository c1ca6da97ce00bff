import Database from 'better-sqlite3'
import { type StateInterval, StateChunkEncoder } from '../../main/store/chunks/goroutine-chunk.ts'
import { StateTotals } from '../../main/store/build/state-totals.ts'
import { loadSchema } from '../../main/store/schema.ts'

/** A hand-made store for analyses' edge cases: only the tables the test fills hold rows. */
export interface SyntheticTrace {
  durationNs: number
  /** Stack id -> function names, leaf first (PC = 0x1000 + index of the name in all names). */
  stacks?: Record<number, string[]>
  goroutines: SyntheticGoroutine[]
  regions?: {
    gid: number
    type: string
    taskId?: number
    startNs: number | null
    endNs: number | null
  }[]
  tasks?: {
    id: number
    parentId?: number
    type: string
    startNs: number | null
    endNs: number | null
  }[]
}

export interface SyntheticGoroutine {
  gid: number
  name: string
  createdNs?: number
  firstRunNs?: number
  endNs?: number
  /** Consecutive intervals: state, start, end (null: open), and what else the test needs. */
  states: (Pick<StateInterval, 'state' | 'startNs' | 'endNs'> &
    Partial<StateInterval> & {
      reason?: string
    })[]
}

export function syntheticStore(trace: SyntheticTrace): Database.Database {
  const db = new Database(':memory:')
  db.exec(loadSchema().tables)
  const strings = new Map<string, number>([['', 0]])
  const str = (s: string): number => {
    let id = strings.get(s)
    if (id === undefined) {
      id = strings.size
      strings.set(s, id)
    }
    return id
  }
  db.prepare(`INSERT INTO meta VALUES ('duration_ns', ?)`).run(trace.durationNs)
  const pcs = new Map<string, number>()
  for (const [id, names] of Object.entries(trace.stacks ?? {})) {
    db.prepare('INSERT INTO stacks VALUES (?, ?)').run(Number(id), names.length)
    names.forEach((name, pos) => {
      let frameId = pcs.get(name)
      if (frameId === undefined) {
        frameId = pcs.size + 1
        pcs.set(name, frameId)
        db.prepare('INSERT INTO frames VALUES (?, ?, ?, ?, ?)').run(
          frameId,
          0x1000 + frameId,
          str(name),
          str('main.go'),
          frameId,
        )
      }
      db.prepare('INSERT INTO stack_frames VALUES (?, ?, ?)').run(Number(id), pos, frameId)
    })
  }
  const chunkColumns = (
    db.prepare(`PRAGMA table_info('goroutine_state_chunks')`).all() as {
      name: string
    }[]
  ).map((c) => c.name)
  // The whole-trace profile sums, as ingest keeps them.
  const totals = new StateTotals(db)
  for (const g of trace.goroutines) {
    db.prepare(
      `INSERT INTO goroutines (gid, name_id, created_ns, parent_gid, first_run_ns, end_ns,
       is_system, label_id) VALUES (?, ?, ?, -1, ?, ?, 0, 0)`,
    ).run(g.gid, str(g.name), g.createdNs ?? null, g.firstRunNs ?? null, g.endNs ?? null)
    if (g.states.length === 0) continue
    const enc = new StateChunkEncoder()
    const account = totals.of(g.gid)
    for (const s of g.states) {
      const iv = {
        flags: 0,
        reasonId: str(s.reason ?? ''),
        p: 0,
        m: 0,
        startStack: null,
        endStack: null,
        causeGid: -1,
        blockedNs: null,
        ...s,
      }
      enc.add(iv)
      totals.add(account, iv.state, iv.reasonId, iv.startNs, iv.endNs ?? NaN, iv.startStack ?? -1)
    }
    const row: Record<string, number | Uint8Array> = {
      gid: g.gid,
      seq: 0,
      start_ns: enc.firstStartNs,
      end_ns: enc.lastEndNs,
      count: enc.count,
    }
    row['data'] = enc.take()
    const values = chunkColumns.map((c) => row[c] ?? 0)
    db.prepare(
      `INSERT INTO goroutine_state_chunks (${chunkColumns.join(', ')})
       VALUES (${chunkColumns.map(() => '?').join(', ')})`,
    ).run(...values)
  }
  totals.finish()
  for (const r of trace.regions ?? []) {
    db.prepare(
      `INSERT INTO regions (gid, task_id, type_id, depth, start_ns, end_ns) VALUES (?, ?, ?, 0, ?, ?)`,
    ).run(r.gid, r.taskId ?? 0, str(r.type), r.startNs, r.endNs)
  }
  for (const t of trace.tasks ?? []) {
    db.prepare(
      'INSERT INTO tasks (id, parent_id, type_id, start_ns, end_ns) VALUES (?, ?, ?, ?, ?)',
    ).run(t.id, t.parentId ?? null, str(t.type), t.startNs, t.endNs)
  }
  const insert = db.prepare('INSERT INTO strings VALUES (?, ?)')
  for (const [s, id] of strings) insert.run(id, s)
  return db
}
