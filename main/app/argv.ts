import { resolve } from 'node:path'

/**
 * Finds the trace paths in the main process's argv. Development runs `electron . [trace…]` (or
 * `electron <entry> [trace…]`), a packaged app runs `gotrace [trace…]`; Chromium and Electron
 * switches (--foo, --foo=bar) may appear anywhere and are skipped. Paths are resolved against
 * `cwd` (for a second launch: that launch's working directory).
 */
export function traceArgsFromArgv(
  argv: readonly string[],
  isPackaged: boolean,
  cwd: string,
): string[] {
  return argv
    .slice(isPackaged ? 1 : 2)
    .filter((a) => a !== '' && !a.startsWith('-'))
    .map((a) => resolve(cwd, a))
}

/** The first trace path in argv (see traceArgsFromArgv). */
export function traceArgFromArgv(
  argv: readonly string[],
  isPackaged: boolean,
  cwd: string,
): string | undefined {
  return traceArgsFromArgv(argv, isPackaged, cwd)[0]
}

/**
 * The files a second launch asked for: the resolved paths it passed as the single-instance lock's
 * additional data when that is well formed, else its argv resolved against its cwd (older
 * instances, or data lost on the way).
 */
export function secondInstanceFiles(
  argv: readonly string[],
  cwd: string,
  data: unknown,
  isPackaged: boolean,
): string[] {
  if (typeof data === 'object' && data !== null) {
    const files = (data as { files?: unknown }).files
    if (Array.isArray(files) && files.every((f) => typeof f === 'string' && f !== '')) {
      return files.map((f: string) => resolve(cwd, f))
    }
  }
  return traceArgsFromArgv(argv, isPackaged, cwd)
}
