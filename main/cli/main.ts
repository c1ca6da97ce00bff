import { VERSION } from '../version.ts'
import { CliError, UsageError, type CliIo, type Command } from './command.ts'
import { commands as registeredCommands } from './commands/index.ts'
import { commandHelp, generalHelp } from './help.ts'

/**
 * The gotrace CLI: `gotrace <command> [args]`. Returns the exit code instead of exiting so that
 * tests (and bin/gotrace.js) decide what to do with it. Errors become one line on stderr,
 * `gotrace: <message>`; `--debug` (anywhere before `--`) adds the stack trace.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[] = registeredCommands,
): Promise<number> {
  const { args, debug } = extractDebugFlag(argv)
  try {
    return await dispatch(args, io, commands)
  } catch (err) {
    return reportError(err, io, debug)
  }
}

async function dispatch(args: string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const find = (name: string) => commands.find((c) => c.name === name)
  const [first, ...rest] = args
  if (first === undefined) {
    io.stderr.write(generalHelp(commands))
    return 2
  }
  if (first === '-h' || first === '--help') {
    io.stdout.write(generalHelp(commands))
    return 0
  }
  if (first === '-V' || first === '--version') {
    io.stdout.write(`gotrace ${VERSION}\n`)
    return 0
  }
  if (first === 'help') {
    const [name, ...extra] = rest
    if (extra.length > 0) throw new UsageError('help takes at most one command name')
    if (name === undefined) {
      io.stdout.write(generalHelp(commands))
      return 0
    }
    const command = find(name)
    if (command === undefined) throw unknownCommand(name)
    io.stdout.write(commandHelp(command))
    return 0
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first} (see "gotrace --help")`)
  const command = find(first)
  if (command === undefined) throw unknownCommand(first)
  if (beforeTerminator(rest).some((a) => a === '-h' || a === '--help')) {
    io.stdout.write(commandHelp(command))
    return 0
  }
  return await command.run(rest, io)
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command "${name}" (see "gotrace --help")`)
}

/** Arguments before a `--` terminator: after it, everything is a positional argument. */
function beforeTerminator(args: readonly string[]): readonly string[] {
  const end = args.indexOf('--')
  return end === -1 ? args : args.slice(0, end)
}

function extractDebugFlag(argv: readonly string[]): { args: string[]; debug: boolean } {
  const end = argv.indexOf('--')
  const head = end === -1 ? argv : argv.slice(0, end)
  const tail = end === -1 ? [] : argv.slice(end)
  const args = [...head.filter((a) => a !== '--debug'), ...tail]
  return { args, debug: args.length !== argv.length }
}

function reportError(err: unknown, io: CliIo, debug: boolean): number {
  const message = (err instanceof Error ? err.message : String(err))
    // parseArgs appends advice on `--` that does not help here.
    .replace(/\. To specify a positional argument .*$/s, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
  io.stderr.write(`gotrace: ${message}\n`)
  if (debug && err instanceof Error && err.stack !== undefined) io.stderr.write(`${err.stack}\n`)
  if (err instanceof CliError) return err.exitCode
  // node:util parseArgs rejects unknown options and missing values with these codes.
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return 2
  return 1
}
