import { describe, expect, it } from 'vitest'
import pkg from '../../../package.json' with { type: 'json' }
import { CliError, UsageError, type CliIo, type Command } from '../../../main/cli/command.ts'
import { commands } from '../../../main/cli/commands/index.ts'
import { runCli } from '../../../main/cli/main.ts'

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    out: () => out,
    err: () => err,
  }
}

const ran: string[][] = []
const fakes: Command[] = [
  {
    name: 'echo',
    summary: 'Print the arguments',
    usage: 'Usage: gotrace echo [ARGS...]\n\nPrints its arguments.',
    run(argv, io) {
      ran.push(argv)
      io.stdout.write(`${argv.join(' ')}\n`)
      return Promise.resolve(0)
    },
  },
  {
    name: 'boom',
    summary: 'Fail with an unexpected error',
    usage: 'Usage: gotrace boom',
    run: () => Promise.reject(new Error('kaboom\n  with a second line')),
  },
  {
    name: 'refuse',
    summary: 'Fail with an expected error',
    usage: 'Usage: gotrace refuse',
    run: () => Promise.reject(new CliError('trace.out: not a Go trace', 3)),
  },
  {
    name: 'misuse',
    summary: 'Fail with a usage error',
    usage: 'Usage: gotrace misuse',
    run: () => Promise.reject(new UsageError('misuse takes no arguments')),
  },
]

async function run(argv: string[], registry: readonly Command[] = fakes) {
  const io = captureIo()
  const code = await runCli(argv, io, registry)
  return { code, out: io.out(), err: io.err() }
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '')

describe('gotrace CLI dispatcher', () => {
  it('--help lists every command with its summary', async () => {
    const { code, out, err } = await run(['--help'])
    expect(code).toBe(0)
    expect(err).toBe('')
    for (const c of fakes) expect(out).toMatch(new RegExp(`^ {2}${c.name} +${c.summary}$`, 'm'))
    expect(out).toMatch(/^ {2}help +/m)
    expect((await run(['-h'])).out).toBe(out)
    expect((await run(['help'])).out).toBe(out)
  })

  it('with no arguments prints the help to stderr and fails', async () => {
    const { code, out, err } = await run([])
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toContain('Commands:')
  })

  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const { code, out } = await run([flag])
      expect(code).toBe(0)
      expect(out).toBe(`gotrace ${pkg.version}\n`)
    }
  })

  it('help <cmd> and <cmd> --help print the command usage without running it', async () => {
    ran.length = 0
    const help = await run(['help', 'echo'])
    expect(help.code).toBe(0)
    expect(help.out).toBe('Usage: gotrace echo [ARGS...]\n\nPrints its arguments.\n')
    expect((await run(['echo', 'a', '--help'])).out).toBe(help.out)
    expect(ran).toEqual([])
  })

  it('passes the remaining arguments to the command, `--` included', async () => {
    const { code, out } = await run(['echo', 'a', '--x', '--', '--help'])
    expect(code).toBe(0)
    expect(out).toBe('a --x -- --help\n')
  })

  it('rejects an unknown command or option with one line and exit code 2', async () => {
    for (const argv of [['frobnicate'], ['help', 'frobnicate'], ['--frobnicate']]) {
      const { code, out, err } = await run(argv)
      expect(code).toBe(2)
      expect(out).toBe('')
      expect(lines(err)).toHaveLength(1)
      expect(err).toMatch(/^gotrace: unknown (command "frobnicate"|option --frobnicate)/)
    }
  })

  it('prints an error as one line without a stack trace', async () => {
    const { code, err } = await run(['boom'])
    expect(code).toBe(1)
    expect(err).toBe('gotrace: kaboom with a second line\n')
  })

  it('uses the exit code of a CliError, and 2 for usage errors', async () => {
    expect(await run(['refuse'])).toMatchObject({
      code: 3,
      err: 'gotrace: trace.out: not a Go trace\n',
    })
    expect(await run(['misuse'])).toMatchObject({
      code: 2,
      err: 'gotrace: misuse takes no arguments\n',
    })
  })

  it('adds the stack trace with --debug, wherever it appears', async () => {
    for (const argv of [
      ['--debug', 'boom'],
      ['boom', '--debug'],
    ]) {
      const { code, err } = await run(argv)
      expect(code).toBe(1)
      expect(lines(err)[0]).toBe('gotrace: kaboom with a second line')
      expect(err).toMatch(/\n\s+at /)
    }
    ran.length = 0
    await run(['echo', '--', '--debug']) // after `--` it is the command's argument
    expect(ran).toEqual([['--', '--debug']])
  })
})

describe('registered commands', () => {
  it('have unique names and usages that start with their command line', () => {
    const names = commands.map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toContain('web')
    for (const c of commands) {
      expect(c.usage.startsWith(`Usage: gotrace ${c.name}`), c.name).toBe(true)
      expect(c.summary).not.toContain('\n')
    }
  })

  it('report argument errors of a real command in one line (web)', async () => {
    const unknown = await run(['web', '--bogus'], commands)
    expect(unknown.code).toBe(2)
    expect(unknown.err).toBe("gotrace: Unknown option '--bogus'\n")
    const port = await run(['web', '--port', 'eighty'], commands)
    expect(port).toMatchObject({ code: 2, err: 'gotrace: invalid --port eighty\n' })
    const missing = await run(['web', '/nonexistent/trace.out'], commands)
    expect(missing).toMatchObject({
      code: 1,
      err: 'gotrace: cannot open /nonexistent/trace.out: no such file\n',
    })
  })
})
