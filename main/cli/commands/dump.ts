import { parseArgs } from 'node:util'
import { writeDump } from '../../decode/dump.ts'
import { describeIncomplete, uselessTraceMessage } from '../../decode/read-trace.ts'
import { CliError, UsageError, type CliIo, type Command } from '../command.ts'
import { openTrace } from '../open-trace.ts'

export const dump: Command = {
  name: 'dump',
  summary: 'Print every parsed event, exactly as `go tool trace -d=parsed` does',
  usage: `Usage: gotrace dump TRACE [--strict]

Prints each event of the trace in the text form of Go's own parser (internal/trace), byte for
byte what \`go tool trace -d=parsed TRACE\` prints (Sync wall clocks use the local time zone; set
TZ=UTC to compare). Reads every format from Go 1.11 to Go 1.27.

A trace that breaks off (a process killed before trace.Stop, a partial download) prints what
Go's parser reads before the break, then a warning on stderr.

Options:
  --strict    treat an incomplete trace as an error (exit status 1)
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { strict: { type: 'boolean', default: false } },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('dump takes one trace file')
    const reader = openTrace(positionals[0]!)
    try {
      const outcome = writeDump(reader, (chunk) => io.stdout.write(chunk))
      const useless = uselessTraceMessage(outcome)
      if (useless !== undefined) throw new CliError(useless)
      if (outcome.error !== undefined) {
        if (values.strict) throw new CliError(outcome.error.message)
        io.stderr.write(`gotrace: warning: ${describeIncomplete(outcome)}\n`)
      }
      return 0
    } finally {
      reader.close()
    }
  },
}
