import { resolve } from 'node:path'

/**
 * Finds the trace path in the main process's argv. Development runs `electron . [trace]` (or
 * `electron <entry> [trace]`), a packaged app runs `gotrace [trace]`; Chromium and Electron
 * switches (--foo, --foo=bar) may appear anywhere and are skipped.
 */
export function traceArgFromArgv(
  argv: readonly string[],
  isPackaged: boolean,
  cwd: string,
): string | undefined {
  const args = argv.slice(isPackaged ? 1 : 2)
  const trace = args.find((a) => !a.startsWith('-'))
  return trace === undefined ? undefined : resolve(cwd, trace)
}
