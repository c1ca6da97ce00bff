import type Database from 'better-sqlite3'
import { readGoroutineStates } from '../store/read-chunks.ts'
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
 * Registers goroutine_states on `db`: goroutine_state_chunks decoded, one row per interval. Give
 * a goroutine id as an argument, `goroutine_states(42)`, to decode only that goroutine's chunks.
 * The rows are read through `source`, a second connection to the same store: a connection cannot
 * run a query while it is in the middle of another (the one reading the virtual table).
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
        const end = s.endNs[i]!
        const blocked = s.blockedNs[i]!
        const startStack = s.startStack[i]!
        const endStack = s.endStack[i]!
        yield [
          s.gid[i]!,
          s.startNs[i]!,
          Number.isNaN(end) ? null : end,
          STATE_NAMES[s.state[i]!] ?? String(s.state[i]),
          reasonOf(s.reasonId[i]!),
          startStack < 0 ? null : startStack,
          endStack < 0 ? null : endStack,
          s.p[i]!,
          s.m[i]!,
          s.causeGid[i]!,
          Number.isNaN(blocked) ? null : blocked,
          s.flags[i]! & 1,
        ]
      }
    },
  })
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
