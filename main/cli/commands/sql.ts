import Database from 'better-sqlite3'
import { parseArgs } from 'node:util'
import { registerVirtualTables, runReadOnlySql, SqlRefused } from '../../analyze/sql.ts'
import { CliError, UsageError, type CliIo, type Command } from '../command.ts'
import { formatCsv, formatJsonRows } from '../format-table.ts'
import { withStoreDb } from '../open-store-db.ts'
import { writeOutput } from '../write-output.ts'

export const sql: Command = {
  name: 'sql',
  summary: "Run a read-only SQL query on a trace's store (CSV or JSON)",
  usage: `Usage: gotrace sql TRACE "SELECT ..." [--json] [-o FILE]

Runs one read-only statement on the trace's SQLite store (built first if needed) and prints
the rows as CSV with a header line, or as a JSON array of objects. Statements that write, or
that return no rows, are refused. The tables are documented in native-schema/store.sql; text
is interned in \`strings\` (join on *_id columns).

Besides the stored tables, goroutine_states shows goroutine_state_chunks decoded, one row per
interval: gid, start_ns, end_ns (NULL: open at the end), state (runnable, running, waiting,
syscall), reason, start_stack, end_stack, p, m, cause_gid, blocked_ns, before_trace. Use
goroutine_states(GID) to decode a single goroutine's intervals only. gc_work shows
gc_work_chunks decoded, one row per sweep (kind 2) or mark assist (kind 3), with the columns of
the ranges table (which has the GC mark phases and stop-the-world pauses) and before_trace.

  gotrace sql t.out "SELECT reason, count(*), sum(end_ns - start_ns) FROM goroutine_states
                     WHERE state = 'waiting' GROUP BY reason ORDER BY 3 DESC"

Options:
  --json           a JSON array of objects instead of CSV
  -o FILE          write to FILE instead of stdout
  --cache-dir DIR  where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 2) throw new UsageError('sql takes a trace file and one query')
    const result = await withStoreDb(positionals[0]!, io, values['cache-dir'], (db) => {
      const source = new Database(db.name, { readonly: true, fileMustExist: true })
      try {
        registerVirtualTables(db, source)
        return runReadOnlySql(db, positionals[1]!)
      } catch (err) {
        if (err instanceof SqlRefused) throw new CliError(`sql: ${err.message}`)
        if ((err as { code?: string }).code?.startsWith('SQLITE_')) {
          throw new CliError(`sql: ${(err as Error).message}`)
        }
        throw err
      } finally {
        source.close()
      }
    })
    const text = values.json
      ? formatJsonRows(result.columns, result.rows)
      : formatCsv(result.columns, result.rows)
    writeOutput(io, text, values.output)
    return 0
  },
}
