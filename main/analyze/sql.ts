import type Database from 'better-sqlite3'
import { readGcWork, readGoroutineStates } from '../store/read-chunks.ts'
import { stringLookup } from './strings.ts'

/** Thrown for a statement `gotrace sql` will not run (it writes, or returns nothing). */
export class SqlRefused extends Error {
  override name = 'SqlRefused'
}

export interface SqlResult {
  columns: string[]
  /** Values: number, string, null, or a blob as lowercase hex. Integers past 2^53 are strings. */
  rows: (number | string | null)[][]
}

const STATE_NAMES = ['', '', 'runnable', 'running', 'waiting', 'syscall']

/**
 * Registers virtual tables on `db` that decode chunk tables into a row per span:
 * goroutine_states (goroutine_state_chunks; give a goroutine id as an argument,
 * `goroutine_states(42)`, to decode only that goroutine's chunks) and gc_work (gc_work_chunks:
 * sweeps and mark assists, with the columns of the ranges table). The rows are read through
 * `source`, a second connection to the same store: a connection cannot run a query while it is
 * in the middle of another (the one reading the virtual table).
 */
export function registerVirtualTables(db: Database.Database, source: Database.Database): void {
  const reasonOf = stringLookup(source)
  db.table('goroutine_states', {
    columns: [
      'gid',
      'start_ns',
      'end_ns',
      'state',
      'reason',
      'start_stack',
      'end_stack',
      'p',
      'm',
      'cause_gid',
      'blocked_ns',
      'before_trace',
    ],
    parameters: ['only_gid'],
    rows: function* (onlyGid: unknown) {
      const gid =
        typeof onlyGid === 'number' || typeof onlyGid === 'bigint' ? Number(onlyGid) : undefined
      const s = readGoroutineStates(source, gid)
      for (let i = 0; i < s.count; i++) {
        yield [
          s.gid[i]!,
          s.startNs[i]!,
          orNull(s.endNs[i]!),
          STATE_NAMES[s.state[i]!] ?? String(s.state[i]),
          reasonOf(s.reasonId[i]!),
          orNull(s.startStack[i]!, -1),
          orNull(s.endStack[i]!, -1),
          s.p[i]!,
          s.m[i]!,
          s.causeGid[i]!,
          orNull(s.blockedNs[i]!),
          s.flags[i]! & 1,
        ]
      }
    },
  })
  db.table('gc_work', {
    columns: [
      'kind',
      'gid',
      'p',
      'start_ns',
      'end_ns',
      'start_stack',
      'end_stack',
      'swept_bytes',
      'reclaimed_bytes',
      'before_trace',
    ],
    rows: function* () {
      const keys = source
        .prepare('SELECT DISTINCT kind, key FROM gc_work_chunks ORDER BY kind, key')
        .all() as { kind: 2 | 3; key: number }[]
      for (const { kind, key } of keys) {
        const w = readGcWork(source, kind, key)
        for (let i = 0; i < w.count; i++) {
          yield [
            kind,
            kind === 3 ? key : -1,
            kind === 2 ? key : w.p[i]!,
            w.startNs[i]!,
            orNull(w.endNs[i]!),
            orNull(w.startStack[i]!, -1),
            orNull(w.endStack[i]!, -1),
            orNull(w.sweptBytes[i]!),
            orNull(w.reclaimedBytes[i]!),
            w.flags[i]! & 1,
          ]
        }
      }
    },
  })
}

/** null for NaN or for `none`. */
function orNull(x: number, none = NaN): number | null {
  return Number.isNaN(x) || x === none ? null : x
}

/**
 * Runs one read-only query on a store. The connection must be read-only already; this also
 * refuses anything that is not a single statement returning rows (so no ATTACH, no PRAGMA
 * assignments, no transactions).
 */
export function runReadOnlySql(db: Database.Database, sql: string): SqlResult {
  if (!db.readonly) throw new Error('runReadOnlySql needs a read-only connection')
  let stmt
  try {
    stmt = db.prepare(sql)
  } catch (err) {
    throw new SqlRefused((err as Error).message)
  }
  if (!stmt.readonly) throw new SqlRefused('only read-only statements are allowed')
  if (!stmt.reader) throw new SqlRefused('only statements that return rows are allowed')
  stmt.safeIntegers(true)
  stmt.raw(true)
  const columns = stmt.columns().map((c) => c.name)
  const rows = (stmt.all() as unknown[][]).map((row) => row.map(cell))
  return { columns, rows }
}

function cell(v: unknown): number | string | null {
  if (v === null || typeof v === 'number' || typeof v === 'string') return v
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString()
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex')
  return JSON.stringify(v) ?? null
}
