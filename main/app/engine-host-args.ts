import { parseArgs } from 'node:util'
import type { EngineOptions } from '../engine/engine.ts'

/** Command-line arguments the main process passes to the engine utility process. */
export function engineHostArgs(options: EngineOptions): string[] {
  const args: string[] = []
  if (options.tracePath !== undefined) args.push(`--trace=${options.tracePath}`)
  if (options.nativeBinding !== undefined) args.push(`--native-binding=${options.nativeBinding}`)
  return args
}

/** Inverse of engineHostArgs; tolerant of whatever else Electron puts in argv. */
export function parseEngineHostArgs(argv: readonly string[]): EngineOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { trace: { type: 'string' }, 'native-binding': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  })
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
  return { tracePath: str(values.trace), nativeBinding: str(values['native-binding']) }
}
