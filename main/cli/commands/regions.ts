import { parseArgs } from 'node:util'
import { summarizeRegions } from '../../analyze/regions.ts'
import { UsageError, type CliIo, type Command } from '../command.ts'
import { DURATION_COLUMNS, durationCells, formatTable, quoteType } from '../duration-table.ts'
import { withStoreDb } from '../open-store-db.ts'
import { writeOutput } from '../write-output.ts'

export const regions: Command = {
  name: 'regions',
  summary: 'User regions by type: count and duration distribution (as /userregions)',
  usage: `Usage: gotrace regions TRACE [--type T] [--by-site | --go-compat] [--json | --csv] [-o FILE]

Summarizes runtime/trace regions by type: how many there were, how many both began and ended
in the trace, and the distribution of their durations (min, p50, p90, p99, max; Go's
histogram in --json). A region that began before the trace or was still active at its end
counts from the trace's start or to its end, as in \`go tool trace\`.

Options:
  --type T         only regions of type T
  --by-site        group by type and start site (outermost frame of the start stack), as Go
  --go-compat      exactly Go's /userregions: by site, and with the synthetic "" regions a
                   goroutine inherits when created inside a region
  --json           the whole summary (every instance with its goroutine and task) as JSON
  --csv            CSV instead of an aligned table (times in ns)
  -o FILE          write to FILE instead of stdout
  --cache-dir DIR  where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        type: { type: 'string' },
        'by-site': { type: 'boolean', default: false },
        'go-compat': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('regions takes one trace file')
    if (values.json && values.csv) throw new UsageError('--json and --csv exclude each other')
    const summary = await withStoreDb(
      positionals[0]!,
      io,
      values['cache-dir'],
      (db) =>
        summarizeRegions(db, {
          type: values.type,
          bySite: values['by-site'],
          goCompat: values['go-compat'],
        }),
      { onePass: true },
    )
    if (values.json) {
      writeOutput(io, JSON.stringify(summary, null, 2) + '\n', values.output)
      return 0
    }
    const bySite = values['by-site'] || values['go-compat']
    const columns = ['type', ...(bySite ? ['site'] : []), 'count', 'complete', ...DURATION_COLUMNS]
    const rows = summary.groups.map((g) => [
      values.csv ? g.type : quoteType(g.type),
      ...(bySite ? [g.site!.pc === 0 ? '(no stack)' : `${g.site!.func}:${g.site!.line}`] : []),
      g.count,
      g.completeCount,
      ...durationCells(g.durations),
    ])
    writeOutput(
      io,
      formatTable(columns, rows, values.csv ? 'csv' : 'text', bySite ? 2 : 1),
      values.output,
    )
    return 0
  },
}
