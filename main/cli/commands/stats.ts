import { parseArgs } from 'node:util'
import { eventKindNames } from '../../decode/model.ts'
import { describeIncomplete, readTrace, uselessTraceMessage } from '../../decode/read-trace.ts'
import { CliError, UsageError, type CliIo, type Command } from '../command.ts'
import { openTrace } from '../open-trace.ts'

export const stats: Command = {
  name: 'stats',
  summary: 'Parse a trace and report its format, size, event counts and parse speed',
  usage: `Usage: gotrace stats TRACE [--json] [--strict]

Parses the whole trace (nothing is stored) and prints its format, generations, events (in all
and by kind), bytes, seconds taken and MB/s.

Options:
  --json      print a JSON object instead of text
  --strict    treat an incomplete trace as an error (exit status 1)
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('stats takes one trace file')
    const t0 = performance.now()
    const reader = openTrace(positionals[0]!)
    const byKind = new Array<number>(eventKindNames.length).fill(0)
    let outcome
    try {
      outcome = readTrace(reader, (ev) => byKind[ev.kind()]!++)
    } finally {
      reader.close()
    }
    const seconds = (performance.now() - t0) / 1000
    const useless = uselessTraceMessage(outcome)
    if (useless !== undefined) throw new CliError(useless)
    if (outcome.error !== undefined && values.strict) throw new CliError(outcome.error.message)
    const kinds = Object.fromEntries(
      eventKindNames.map((name, i) => [name, byKind[i]!] as const).filter(([, n]) => n > 0),
    )
    const report = {
      format: outcome.header,
      generations: outcome.generations,
      events: outcome.events,
      eventsByKind: kinds,
      bytes: outcome.bytes,
      seconds: Number(seconds.toFixed(3)),
      mbPerSecond: Number((outcome.bytes / 1e6 / seconds).toFixed(1)),
      complete: outcome.error === undefined,
      ...(outcome.error === undefined ? {} : { warning: describeIncomplete(outcome) }),
    }
    if (values.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n')
    } else {
      const width = Math.max(...Object.keys(kinds).map((k) => k.length))
      const lines = [
        `format       ${report.format}`,
        `generations  ${report.generations}`,
        `events       ${report.events}`,
        ...Object.entries(kinds).map(([k, n]) => `  ${k.padEnd(width)}  ${n}`),
        `bytes        ${report.bytes}`,
        `seconds      ${report.seconds}`,
        `MB/s         ${report.mbPerSecond}`,
      ]
      io.stdout.write(lines.join('\n') + '\n')
    }
    if (report.warning !== undefined) io.stderr.write(`gotrace: warning: ${report.warning}\n`)
    return 0
  },
}
