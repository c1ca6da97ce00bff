import { parseArgs } from 'node:util'
import type { GoroutineSummary } from '../../../common/analysis-api.ts'
import { classifyBlock, summarizeGoroutines } from '../../analyze/goroutine-summary.ts'
import { UsageError, type CliIo, type Command } from '../command.ts'
import { formatCsv } from '../format-table.ts'
import { withStoreDb } from '../open-store-db.ts'
import { writeOutput } from '../write-output.ts'

export const goroutines: Command = {
  name: 'goroutines',
  summary: "Goroutines by start function: execution, scheduler wait, block time (Go's analysis)",
  usage: `Usage: gotrace goroutines TRACE [--each] [--json | --csv] [-o FILE]

Groups goroutines by start function, largest total execution time first, with their count,
execution time (total and average), scheduler wait, syscall time and block time by class
(network, sync: channels/select/sync.*, syscall: blocked syscalls, gc, other). The numbers are
those of \`go tool trace\`'s goroutine analysis pages.

Options:
  --each           one row per goroutine instead of per start function
  --json           the whole summary (groups and goroutines, block time by exact reason) as JSON
  --csv            CSV instead of an aligned table (times in ns)
  -o FILE          write to FILE instead of stdout
  --cache-dir DIR  where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        each: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('goroutines takes one trace file')
    if (values.json && values.csv) throw new UsageError('--json and --csv exclude each other')
    const summary = await withStoreDb(
      positionals[0]!,
      io,
      values['cache-dir'],
      (db) => summarizeGoroutines(db),
      { onePass: true },
    )
    if (values.json) {
      writeOutput(io, JSON.stringify(summary, null, 2) + '\n', values.output)
      return 0
    }
    const { columns, rows } = values.each ? perGoroutine(summary) : perGroup(summary)
    const text = values.csv ? formatCsv(columns, rows) : formatAligned(columns, rows)
    writeOutput(io, text, values.output)
    return 0
  },
}

type Table = { columns: string[]; rows: (string | number)[][] }

const BLOCK_COLUMNS = ['block_network_ns', 'block_sync_ns', 'block_syscall_ns', 'block_gc_ns']

function perGroup(s: GoroutineSummary): Table {
  return {
    columns: [
      'start_function',
      'count',
      'exec_ns',
      'avg_exec_ns',
      'sched_wait_ns',
      'syscall_ns',
    ].concat(BLOCK_COLUMNS, ['block_other_ns']),
    rows: s.groups.map((g) => [
      g.name || '(no stack)',
      g.count,
      g.execNs,
      g.avgExecNs,
      g.schedWaitNs,
      g.syscallNs,
      g.block.network,
      g.block.sync,
      g.block.syscall,
      g.block.gc,
      g.block.other,
    ]),
  }
}

function perGoroutine(s: GoroutineSummary): Table {
  return {
    columns: ['gid', 'start_function', 'total_ns', 'exec_ns', 'sched_wait_ns', 'syscall_ns'].concat(
      BLOCK_COLUMNS,
      ['block_other_ns', 'unknown_ns'],
    ),
    rows: [...s.goroutines]
      .sort((a, b) => b.totalNs - a.totalNs || a.gid - b.gid)
      .map((g) => {
        const b = classifyBlock(g)
        return [
          g.gid,
          g.name || '(no stack)',
          g.totalNs,
          g.execNs,
          g.schedWaitNs,
          g.syscallNs,
          b.network,
          b.sync,
          b.syscall,
          b.gc,
          b.other,
          g.unknownNs,
        ]
      }),
  }
}

/** A table for people: times in ms, numbers right-aligned. */
function formatAligned(columns: string[], rows: (string | number)[][]): string {
  const head = columns.map((c) => c.replace(/_ns$/, ' (ms)').replace(/_/g, ' '))
  const cells = rows.map((r) =>
    r.map((v, i) => (typeof v === 'number' && columns[i]!.endsWith('_ns') ? ms(v) : String(v))),
  )
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r
      .map((v, i) =>
        i === 0 || (i === 1 && columns[1] === 'start_function')
          ? v.padEnd(widths[i]!)
          : v.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd() + '\n'
  return line(head) + cells.map(line).join('')
}

function ms(ns: number): string {
  return (ns / 1e6).toFixed(3)
}
