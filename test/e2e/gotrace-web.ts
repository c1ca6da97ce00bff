import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const GOTRACE = fileURLToPath(new URL('../../bin/gotrace.js', import.meta.url))

export interface RunningWeb {
  url: string
  child: ChildProcess
  /** Everything the process wrote to stderr so far (for failure messages). */
  stderr(): string
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>
}

/**
 * Starts `gotrace web ARGS` as a real process and waits for the URL on its first stdout line.
 * `env` adds to the environment (e.g. GOTRACE_CACHE_DIR, so tests never touch the user cache).
 */
export async function startGotraceWeb(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunningWeb> {
  const child = spawn(process.execPath, [GOTRACE, 'web', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', (line) => resolve(line.trim()))
    void exited.then((code) => reject(new Error(`gotrace web exited (${code}): ${stderr}`)))
  })
  return {
    url,
    child,
    stderr: () => stderr,
    stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}
