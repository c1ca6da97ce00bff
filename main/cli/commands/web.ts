import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createEngine } from '../../engine/engine.ts'
import { openInBrowser } from '../../serve/open-browser.ts'
import { startWebServer } from '../../serve/server.ts'
import { ensureWebBuild } from '../../serve/web-build.ts'
import { CliError, UsageError, type CliIo, type Command } from '../command.ts'

export const web: Command = {
  name: 'web',
  summary: 'View a trace in a browser (serves on 127.0.0.1)',
  usage: `Usage: gotrace web [TRACE] [--port N] [--open]

Serves the gotrace viewer and its engine to a local browser, for machines without the
desktop app. Listens on 127.0.0.1 only; the printed URL contains a secret per-run token and
nothing is served without it. Builds the web UI (out/web) first if it is missing or stale.
Runs until interrupted (Ctrl+C).

Arguments:
  TRACE       the trace file to open (optional)

Options:
  --port N    port to listen on (default: a free one)
  --open      open the URL in the default browser
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, open: { type: 'boolean', default: false } },
      allowPositionals: true,
    })
    if (positionals.length > 1) throw new UsageError('web takes at most one trace file')
    const port = parsePort(values.port)
    const tracePath = positionals[0] === undefined ? undefined : await checkTrace(positionals[0])

    const webRoot = await ensureWebBuild({ log: (m) => io.stderr.write(`${m}\n`) })
    const server = await startWebServer({
      engine: createEngine({ tracePath }),
      webRoot,
      port,
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use`)
      throw err
    })
    io.stdout.write(`${server.url}\n`)
    io.stderr.write(`gotrace: serving ${tracePath ?? 'no trace'}; press Ctrl+C to stop\n`)
    if (values.open) openInBrowser(server.url, (m) => io.stderr.write(`gotrace: ${m}\n`))

    await untilAborted(io.signal)
    await server.close()
    return 0
  },
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`invalid --port ${value}`)
  return port
}

async function checkTrace(path: string): Promise<string> {
  const absolute = resolve(path)
  try {
    if ((await stat(absolute)).isFile()) return absolute
  } catch {
    throw new CliError(`cannot open ${path}: no such file`)
  }
  throw new CliError(`cannot open ${path}: not a file`)
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  // Without a signal (not from bin/gotrace.js) serve until the process is killed.
  if (signal === undefined) return new Promise(() => {})
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}
