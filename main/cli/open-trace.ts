import { TraceError } from '../decode/errors.ts'
import { TraceReader } from '../decode/reader.ts'
import { CliError } from './command.ts'

/**
 * The one-line CLI error for a trace that cannot be read (missing, a folder, unreadable, or not
 * a valid trace), or the error itself when it is something else.
 */
export function traceReadError(path: string, err: unknown): unknown {
  if (err instanceof TraceError) return new CliError(`${path}: ${err.message}`)
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return new CliError(`cannot open ${path}: no such file`)
  if (code === 'EISDIR') return new CliError(`cannot open ${path}: is a directory`)
  if (code === 'EACCES') return new CliError(`cannot open ${path}: permission denied`)
  return err
}

/** Opens a trace for reading, turning file-system and header errors into one-line CLI errors. */
export function openTrace(path: string): TraceReader {
  try {
    return TraceReader.open(path)
  } catch (err) {
    throw traceReadError(path, err)
  }
}
