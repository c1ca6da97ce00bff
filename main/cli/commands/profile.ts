import { parseArgs } from 'node:util'
import { PROFILE_TYPES, type ProfileScope, type ProfileType } from '../../../common/analysis-api.ts'
import { formatFolded } from '../../analyze/folded.ts'
import { encodePprof } from '../../analyze/pprof-export.ts'
import { computeProfile, isWholeTraceScope } from '../../analyze/profile.ts'
import { ScopeError } from '../../analyze/profile-scope.ts'
import { CliError, UsageError, type CliIo, type Command } from '../command.ts'
import { withStoreDb } from '../open-store-db.ts'
import { parseDuration, parseId } from '../parse-duration.ts'
import { writeOutput } from '../write-output.ts'

const FORMATS = ['pprof', 'folded', 'json'] as const
type Format = (typeof FORMATS)[number]

export const profile: Command = {
  name: 'profile',
  summary: 'Blocking, syscall or scheduling profile (as `go tool trace -pprof=TYPE`)',
  usage: `Usage: gotrace profile TRACE --type net|sync|syscall|sched [scope] [--format F] [-o FILE]

Adds up the time goroutines spent in one state, by the stack that entered it:
  net      blocked on network I/O            sync     blocked on channels, select, sync.*
  syscall  in system calls                   sched    runnable, waiting to be scheduled
Each sample has a contention count and a total delay. On the whole trace the result equals
\`go tool trace -pprof=TYPE TRACE\` (same stacks, counts and delays).

Scope (options combine; intervals crossing an edge are clipped):
  --from T, --to T     a time window since the trace start: ns, or with a unit (250us, 1.5ms, 2s)
  --goroutine ID       only this goroutine (repeat, or a comma-separated list)
  --name TEXT          only goroutines whose start function contains TEXT
  --region TYPE        only time inside regions of this type (outermost instances)
  --task ID            only time inside the regions of this task and its subtasks
  --lifetime           count each goroutine from its creation: Go counts from its first run,
                       which leaves the wait before a new goroutine first runs out of sched

Output:
  --format pprof       gzipped pprof protobuf, for \`go tool pprof\` (default)
  --format folded      folded stacks text, root first ("a;b;c 1234"), for flame graphs
  --format json        frames and samples as JSON
  --value delay|count  what folded stacks count (default delay, in ns)
  -o FILE              write to FILE instead of stdout
  --cache-dir DIR      where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        type: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        goroutine: { type: 'string', multiple: true },
        name: { type: 'string' },
        region: { type: 'string' },
        task: { type: 'string' },
        lifetime: { type: 'boolean', default: false },
        format: { type: 'string', default: 'pprof' },
        value: { type: 'string', default: 'delay' },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('profile takes one trace file')
    const type = values.type as ProfileType | undefined
    if (type === undefined) throw new UsageError('--type is required (net, sync, syscall, sched)')
    if (!PROFILE_TYPES.includes(type)) {
      throw new UsageError(`--type: unknown profile "${type}" (net, sync, syscall, sched)`)
    }
    const format = values.format as Format
    if (!FORMATS.includes(format)) throw new UsageError(`--format: expected pprof, folded or json`)
    if (values.value !== 'delay' && values.value !== 'count') {
      throw new UsageError('--value: expected delay or count')
    }
    const scope = parseScope(values)
    const tty = (io.stdout as { isTTY?: boolean }).isTTY === true
    if (format === 'pprof' && values.output === undefined && tty) {
      throw new UsageError('not writing binary pprof to a terminal: use -o FILE or --format folded')
    }
    const result = await withStoreDb(
      positionals[0]!,
      io,
      values['cache-dir'],
      (db) => {
        try {
          return computeProfile(db, type, scope)
        } catch (err) {
          if (err instanceof ScopeError) throw new CliError(err.message)
          throw err
        }
      },
      { onePass: isWholeTraceScope(scope) },
    )
    const data =
      format === 'pprof'
        ? encodePprof(result)
        : format === 'folded'
          ? formatFolded(result, values.value)
          : JSON.stringify(result, null, 2) + '\n'
    writeOutput(io, data, values.output)
    return 0
  },
}

function parseScope(values: {
  from?: string
  to?: string
  goroutine?: string[]
  name?: string
  region?: string
  task?: string
  lifetime?: boolean
}): ProfileScope {
  const scope: ProfileScope = {}
  if (values.from !== undefined) scope.fromNs = parseDuration('from', values.from)
  if (values.to !== undefined) scope.toNs = parseDuration('to', values.to)
  if (scope.fromNs !== undefined && scope.toNs !== undefined && scope.toNs < scope.fromNs) {
    throw new UsageError('--to is before --from')
  }
  if (values.goroutine !== undefined) {
    scope.gids = values.goroutine.flatMap((v) => v.split(',')).map((v) => parseId('goroutine', v))
  }
  if (values.name !== undefined) scope.nameContains = values.name
  if (values.region !== undefined) scope.regionType = values.region
  if (values.task !== undefined) scope.taskId = parseId('task', values.task)
  if (values.lifetime) scope.goroutineSpan = 'lifetime'
  return scope
}
