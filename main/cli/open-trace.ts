import { TraceError } from '../decode/errors.ts'
import { TraceReader } from '../decode/reader.ts'
import { CliError } from './command.ts'

/** Opens a trace for reading, turning file-system and header errors into one-line CLI errors. */
export function openTrace(path: string): TraceReader {
  try {
    return TraceReader.open(path)
  } catch (err) {
    if (err instanceof TraceError) throw new CliError(`${path}: ${err.message}`)
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new CliError(`cannot open ${path}: no such file`)
    if (code === 'EISDIR') throw new CliError(`cannot open ${path}: is a directory`)
    if (code === 'EACCES') throw new CliError(`cannot open ${path}: permission denied`)
    throw err
  }
}
