/** Where a command writes. process.stdout/stderr in the launcher, string collectors in tests. */
export interface Writer {
  /** Bytes are for output that must be exact (Go strings need not be valid UTF-8). */
  write(chunk: string | Uint8Array): unknown
}

export interface CliIo {
  stdout: Writer
  stderr: Writer
  /**
   * Aborted when the user asks a long-running command (e.g. `web`) to stop: bin/gotrace.js wires
   * SIGINT/SIGTERM to it. Short commands may ignore it.
   */
  signal?: AbortSignal
}

/**
 * One `gotrace <name>` subcommand, in its own file main/cli/commands/<name>.ts and listed in
 * main/cli/commands/index.ts. The dispatcher handles --help/-h for every command (printing
 * `usage`), so run() only sees the command's own arguments.
 */
export interface Command {
  name: string
  /** One line for `gotrace --help`. */
  summary: string
  /** Full help for `gotrace help <name>`: starts with "Usage: gotrace <name> …". */
  usage: string
  /** Returns the process exit code. Throw CliError (or any Error) to fail with one line. */
  run(argv: string[], io: CliIo): Promise<number>
}

/** An expected failure: printed as `gotrace: <message>` with no stack, exit code 1. */
export class CliError extends Error {
  override name = 'CliError'
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
  }
}

/** Bad arguments: exit code 2, like parseArgs errors. */
export class UsageError extends CliError {
  override name = 'UsageError'
  constructor(message: string) {
    super(message, 2)
  }
}
