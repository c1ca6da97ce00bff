import { parseArgs } from 'node:util'
import { summarizeTasks } from '../../analyze/tasks.ts'
import { UsageError, type CliIo, type Command } from '../command.ts'
import { DURATION_COLUMNS, durationCells, formatTable, quoteType } from '../duration-table.ts'
import { withStoreDb } from '../open-store-db.ts'
import { writeOutput } from '../write-output.ts'

export const tasks: Command = {
  name: 'tasks',
  summary: 'User tasks by type: count and duration distribution (as /usertasks)',
  usage: `Usage: gotrace tasks TRACE [--type T] [--each] [--go-compat] [--json | --csv] [-o FILE]

Summarizes runtime/trace tasks by type: how many there were (tasks that began before the trace
or had not ended when it stopped included), how many are complete, and the distribution of the
durations of complete tasks (min, p50, p90, p99, max; Go's histogram in --json), as
\`go tool trace\`'s /usertasks page.

Options:
  --type T         only tasks of type T
  --each           one row per task (longest first), with its goroutines, regions and logs
  --go-compat      also list the background task (ID 0, type ""), as Go does when regions or
                   logs run outside any task
  --json           the whole summary (each task's goroutines, regions and logs) as JSON
  --csv            CSV instead of an aligned table (times in ns)
  -o FILE          write to FILE instead of stdout
  --cache-dir DIR  where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        type: { type: 'string' },
        each: { type: 'boolean', default: false },
        'go-compat': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('tasks takes one trace file')
    if (values.json && values.csv) throw new UsageError('--json and --csv exclude each other')
    const summary = await withStoreDb(
      positionals[0]!,
      io,
      values['cache-dir'],
      (db) => summarizeTasks(db, { type: values.type, goCompat: values['go-compat'] }),
      { onePass: true },
    )
    if (values.json) {
      writeOutput(io, JSON.stringify(summary, null, 2) + '\n', values.output)
      return 0
    }
    const format = values.csv ? 'csv' : 'text'
    const type = (t: string) => (values.csv ? t : quoteType(t))
    let text
    if (values.each) {
      const columns = ['id', 'type', 'parent', 'start_ns', 'end_ns', 'duration_ns']
      columns.push('goroutines', 'regions', 'logs')
      const rows = summary.groups.flatMap((g) =>
        g.instances.map((t) => [
          t.id,
          type(t.type),
          t.parentId,
          t.startNs,
          t.endNs,
          t.durationNs,
          t.gids.join(' '),
          t.regions.length,
          t.logs.length,
        ]),
      )
      text = formatTable(columns, rows, format, 2)
    } else {
      const columns = ['type', 'count', 'complete', ...DURATION_COLUMNS]
      const rows = summary.groups.map((g) => [
        type(g.type),
        g.count,
        g.completeCount,
        ...durationCells(g.durations),
      ])
      text = formatTable(columns, rows, format)
    }
    writeOutput(io, text, values.output)
    return 0
  },
}
