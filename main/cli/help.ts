import type { Command } from './command.ts'

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(4, ...commands.map((c) => c.name.length))
  const lines = [...commands, { name: 'help', summary: 'Show help for a command' }].map(
    (c) => `  ${c.name.padEnd(width)}  ${c.summary}`,
  )
  return [
    'gotrace: a viewer for Go execution traces',
    '',
    'Usage: gotrace <command> [arguments]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -V, --version  Print the version',
    '      --debug    Print stack traces on errors',
    '',
    'Analyses read the trace\'s cached store (built by "gotrace open" or the app). Without one,',
    'whole-trace analyses read the trace in one pass and cache nothing; a scoped profile builds it.',
    '',
    'Run "gotrace help <command>" for a command\'s arguments.',
    '',
  ].join('\n')
}

export function commandHelp(command: Command): string {
  return command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`
}
