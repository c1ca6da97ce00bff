import Database from 'better-sqlite3'
import { parseArgs } from 'node:util'
import { UsageError, type CliIo, type Command } from '../command.ts'
import { openStoreInfo } from '../open-store-db.ts'

export const open: Command = {
  name: 'open',
  summary: 'Ingest a trace into its SQLite store (or reuse the cached one) and describe it',
  usage: `Usage: gotrace open TRACE [--json] [--strict] [--rebuild] [--cache-dir DIR]

Builds the trace's event store (a SQLite file, kept in a cache folder and reused while the
trace is unchanged) and prints where it is, what it holds and how long it took.

Options:
  --json           print a JSON object (store, events, goroutines, seconds, cached, ...)
  --strict         fail on a trace that breaks off instead of keeping its complete part
  --rebuild        ignore a cached store and ingest again
  --cache-dir DIR  where stores are kept (default: GOTRACE_CACHE_DIR or the user cache folder)
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        rebuild: { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('open takes one trace file')
    const tracePath = positionals[0]!
    const info = await openStoreInfo(tracePath, io, {
      cacheDir: values['cache-dir'],
      strict: values.strict,
      rebuild: values.rebuild,
    })
    const db = new Database(info.path, { readonly: true })
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    const sum = (table: string) =>
      (db.prepare(`SELECT coalesce(sum(count), 0) AS n FROM ${table}`).get() as { n: number }).n
    const report = {
      store: info.path,
      cached: info.cached,
      seconds: Number(info.seconds.toFixed(3)),
      format: info.meta.format,
      complete: info.meta.complete === 1,
      durationNs: info.meta.duration_ns,
      generations: info.meta.generations,
      events: info.meta.events,
      goroutines: count('goroutines'),
      goroutineStates: sum('goroutine_state_chunks'),
      procStates: count('proc_states'),
      ranges: count('ranges') + sum('gc_work_chunks'),
      tasks: count('tasks'),
      regions: count('regions'),
      logs: count('logs'),
      cpuSamples: count('cpu_samples'),
      ingestSeconds: info.meta.ingest_seconds,
      ...(info.meta.warning ? { warning: info.meta.warning } : {}),
    }
    db.close()
    if (values.json) {
      io.stdout.write(JSON.stringify(report, null, 2) + '\n')
    } else {
      const width = Math.max(...Object.keys(report).map((k) => k.length))
      for (const [k, v] of Object.entries(report)) io.stdout.write(`${k.padEnd(width)}  ${v}\n`)
    }
    if (report.warning) io.stderr.write(`gotrace: warning: ${report.warning}\n`)
    return 0
  },
}
