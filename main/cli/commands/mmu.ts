import { parseArgs } from 'node:util'
import type { MmuFlags } from '../../../common/analysis-api.ts'
import { computeMmu } from '../../analyze/mmu.ts'
import { UsageError, type CliIo, type Command } from '../command.ts'
import { withStoreDb } from '../open-store-db.ts'
import { parseDuration } from '../parse-duration.ts'
import { writeOutput } from '../write-output.ts'

const FLAG_NAMES = ['stw', 'background', 'assist', 'sweep', 'perproc'] as const

export const mmu: Command = {
  name: 'mmu',
  summary: 'Minimum mutator utilization curve and worst GC windows (as /mmu)',
  usage: `Usage: gotrace mmu TRACE [--flags LIST] [--window DUR] [--go-compat] [--json] [-o FILE]

The minimum mutator utilization: for each window size, the smallest share of the Ps left to the
program (not to the GC) over any window of that size. Prints the curve Go's MMU page plots
(100 window sizes); with --window, the MMU for that window and its 10 worst windows.

Options:
  --flags LIST     what counts against the program, comma-separated (default stw,background,assist):
                   stw (GC stop-the-world pauses), background (mark workers), assist (mark
                   assists), sweep (sweeping), perproc (one utilization per P, not one for all)
  --window DUR     a window size: ns, or with a unit (500us, 1ms, 2s)
  --go-compat      Go's background accounting, bug included (a GC worker's P stays "busy" after
                   the worker's second run): reproduces \`go tool trace\`'s numbers
  --json           curve, and window details, as JSON
  -o FILE          write to FILE instead of stdout
  --cache-dir DIR  where trace stores are kept
`,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        flags: { type: 'string', default: 'stw,background,assist' },
        window: { type: 'string' },
        'go-compat': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        'cache-dir': { type: 'string' },
      },
      allowPositionals: true,
    })
    if (positionals.length !== 1) throw new UsageError('mmu takes one trace file')
    const flags = parseFlags(values.flags)
    flags.goCompat = values['go-compat']
    const windowNs =
      values.window === undefined ? undefined : parseDuration('window', values.window)
    if (windowNs === 0) throw new UsageError('--window: must be more than 0')
    const result = await withStoreDb(
      positionals[0]!,
      io,
      values['cache-dir'],
      (db) => computeMmu(db, flags, windowNs),
      { onePass: true, mmu: true },
    )
    if (values.json) {
      writeOutput(io, JSON.stringify(result, null, 2) + '\n', values.output)
      return 0
    }
    let text = ''
    if (result.window === undefined) {
      text += 'window           mmu\n'
      for (const [w, u] of result.curve.points)
        text += `${fmtNs(w).padStart(10)}  ${u.toFixed(6)}\n`
    } else {
      const { windowNs: w, mmu: m, worst } = result.window
      text += `window ${fmtNs(w)}: MMU ${m.toFixed(6)}\n\nworst windows (start, utilization):\n`
      for (const x of worst) text += `${fmtNs(x.timeNs).padStart(14)}  ${x.util.toFixed(6)}\n`
    }
    writeOutput(io, text, values.output)
    return 0
  },
}

function parseFlags(list: string): MmuFlags {
  const flags: MmuFlags = {}
  for (const name of list.split(',').map((s) => s.trim().toLowerCase())) {
    if (name === '') continue
    if (!(FLAG_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--flags: unknown flag "${name}" (${FLAG_NAMES.join(', ')})`)
    }
    if (name === 'perproc') flags.perProc = true
    else flags[name as 'stw' | 'background' | 'assist' | 'sweep'] = true
  }
  return flags
}

function fmtNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(6)}s`
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(6)}ms`
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)}µs`
  return `${ns}ns`
}
