import { writeFileSync } from 'node:fs'
import { CliError, type CliIo } from './command.ts'

/** Writes a command's result to FILE (-o), or to stdout when there is none. */
export function writeOutput(io: CliIo, data: string | Uint8Array, file: string | undefined): void {
  if (file === undefined || file === '-') {
    io.stdout.write(data)
    return
  }
  try {
    writeFileSync(file, data)
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`)
  }
}
