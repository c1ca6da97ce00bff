// The CLI as a child process on bad input (one line on stderr, non-zero exit, no stack trace,
// bounded time); the store opened concurrently (in one process and in two); and the trace file
// never written by any entry point. Prints a tally at the end.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../main/engine/engine.ts'
import { openStore } from '../../main/store/ingest.ts'
import { fixtures } from '../support/fixtures.ts'
import { badInputs, storeDigest, Tally } from './support.ts'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'gotrace-reliability-cli-'))
const tally = new Tally()
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
  console.log(tally.line('CLI + concurrency + read-only'))
})

/** Seconds a CLI run on a tiny bad file may take (tsx start-up included) before it counts as hung. */
const CLI_TIMEOUT_MS = 30_000

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

function run(file: string, args: string[]): Promise<Run> {
  const t0 = performance.now()
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file, ...args],
      {
        cwd: root,
        timeout: CLI_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 1 << 26,
        env: { ...process.env, GOTRACE_CACHE_DIR: join(work, 'cli-cache') },
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null
        resolve({ code, signal: err?.signal ?? null, stdout, stderr, ms: performance.now() - t0 })
      },
    )
  })
}

const gotrace = (...args: string[]) => run(join(root, 'bin', 'gotrace.js'), args)

/** Runs `jobs` two at a time (the machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const out: T[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++
        out[i] = await jobs[i]!()
      }
    }),
  )
  return out
}

const COMMANDS: string[][] = [
  ['dump'],
  ['stats'],
  ['open'],
  ['profile', '--type', 'sched', '-o', '-'],
]

describe('the CLI on bad input', () => {
  it('fails with one line on stderr, a non-zero exit and no stack trace', async () => {
    const dir = join(work, 'bad')
    mkdirSync(dir)
    const wanted = new Set([
      'empty file',
      'wrong header',
      'header of go 1.10',
      'random bytes',
      'JSON',
    ])
    const files = badInputs()
      .filter(
        (b) =>
          wanted.has(b.name) || b.name === 'gzipped pprof' || b.name === 'v1 string of 2^50 bytes',
      )
      .map((b, i) => {
        // The pprof file is named like a trace, as a user would have it.
        const path = join(dir, b.name === 'gzipped pprof' ? 'trace.out' : `bad-${i}.trace`)
        writeFileSync(path, b.bytes)
        return { name: b.name, path }
      })
    files.push({ name: 'missing file', path: join(dir, 'no-such.trace') })
    files.push({ name: 'a directory', path: dir })
    const jobs = files.flatMap((f) =>
      COMMANDS.map((cmd) => async () => ({
        f,
        cmd,
        r: await gotrace(cmd[0]!, f.path, ...cmd.slice(1)),
      })),
    )
    jobs.push(async () => ({
      f: { name: 'missing file', path: join(dir, 'no-such.trace') },
      cmd: ['web'],
      r: await gotrace('web', join(dir, 'no-such.trace')),
    }))
    const failures: string[] = []
    for (const { f, cmd, r } of await pool(jobs)) {
      const label = `gotrace ${cmd[0]} <${f.name}>`
      const lines = r.stderr.split('\n').filter((l) => l !== '')
      const problems = [
        r.signal !== null ? `killed by ${r.signal} after ${Math.round(r.ms)} ms (a hang?)` : '',
        r.code === 0 || r.code === null ? `exit code ${r.code}` : '',
        lines.length !== 1 ? `${lines.length} lines on stderr` : '',
        lines.some((l) => /^\s+at /.test(l)) ? 'a stack trace' : '',
        lines[0]?.startsWith('gotrace: ') === true ? '' : `stderr ${JSON.stringify(lines[0])}`,
      ].filter((p) => p !== '')
      if (problems.length > 0) {
        failures.push(`${label}: ${problems.join(', ')}: ${r.stderr.slice(0, 300)}`)
        tally.failures.push(label)
      } else tally.errors++
    }
    expect(failures).toEqual([])
  }, 300_000)

  it('keeps the complete part of a truncated trace, with a one-line warning', async () => {
    const f = fixtures().find((x) => x.name === 'generations-go1.26')!
    const bytes = f.bytes()
    const path = join(work, 'cut.trace')
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * 0.8)))
    const runs = await pool(COMMANDS.map((cmd) => () => gotrace(cmd[0]!, path, ...cmd.slice(1))))
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toMatch(
        /^gotrace: warning: trace is incomplete: [^\n]*kept [1-9]\d* complete generations?[^\n]*\n$/,
      )
      tally.partial++
    }
    const strict = await gotrace('dump', path, '--strict')
    expect(strict.code).not.toBe(0)
    expect(strict.stderr).toMatch(/^gotrace: [^\n]+\n$/)
    tally.errors++
  }, 120_000)
})

describe('the store opened concurrently', () => {
  const f = fixtures().find((x) => x.name === 'gc-go1.26')!
  const others = fixtures().filter((x) =>
    [
      'annotations-go1.26',
      'blocking-go1.23',
      'cpuprofile-go1.19',
      'syscalls-go1.22',
      'go-testdata-http_1_11',
    ].includes(x.name),
  )

  async function alone(path: string): Promise<string> {
    const info = await openStore(path, { cacheDir: mkdtempSync(join(work, 'alone-')) })
    return storeDigest(info.path)
  }

  it('the same trace twice at once in one process', async () => {
    const expected = await alone(f.tracePath)
    const cacheDir = mkdtempSync(join(work, 'same-'))
    const [a, b] = await Promise.all([
      openStore(f.tracePath, { cacheDir }),
      openStore(f.tracePath, { cacheDir }),
    ])
    expect(a.path).toBe(b.path)
    expect(storeDigest(a.path)).toBe(expected)
    // And a third open reuses the store.
    expect((await openStore(f.tracePath, { cacheDir })).cached).toBe(true)
    tally.clean += 3
  })

  it('the same trace at once in two processes', async () => {
    const expected = await alone(f.tracePath)
    const cacheDir = mkdtempSync(join(work, 'procs-'))
    const child = join(import.meta.dirname, 'open-child.ts')
    const runs = await Promise.all(
      [0, 1].map(() => run(join(root, 'bin', 'run-ts.js'), [child, f.tracePath, cacheDir])),
    )
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0)
      const out = JSON.parse(r.stdout.trim()) as { path: string; digest: string }
      expect(out.digest).toBe(expected)
      tally.clean++
    }
    expect(storeDigest((await openStore(f.tracePath, { cacheDir })).path)).toBe(expected)
  }, 60_000)

  it('several different traces at once', async () => {
    const expected = await Promise.all(others.map((o) => alone(o.tracePath)))
    const cacheDir = mkdtempSync(join(work, 'many-'))
    const infos = await Promise.all(others.map((o) => openStore(o.tracePath, { cacheDir })))
    expect(new Set(infos.map((i) => i.path)).size).toBe(others.length)
    expect(infos.map((i) => storeDigest(i.path))).toEqual(expected)
    tally.clean += others.length
  }, 60_000)
})

describe('the trace file is only ever read', () => {
  it('by dump, stats, open, profile and the engine (web mode)', async () => {
    const f = fixtures().find((x) => x.name === 'annotations-go1.26')!
    const path = join(work, 'readonly.trace')
    copyFileSync(f.tracePath, path)
    const fingerprint = () => {
      const st = statSync(path)
      return {
        mtimeMs: st.mtimeMs,
        size: st.size,
        sha: createHash('sha256').update(readFileSync(path)).digest('hex'),
      }
    }
    const before = fingerprint()
    for (const cmd of [...COMMANDS, ['open', '--rebuild'], ['goroutines'], ['mmu']]) {
      const r = await gotrace(cmd[0]!, path, ...cmd.slice(1))
      expect(r.code, `${cmd.join(' ')}: ${r.stderr}`).toBe(0)
      expect(fingerprint(), cmd.join(' ')).toEqual(before)
      tally.clean++
    }
    // Web mode serves createEngine({tracePath}); the browser's calls land here.
    const engine = createEngine({ tracePath: path, cacheDir: mkdtempSync(join(work, 'engine-')) })
    await engine.open()
    await engine.tracks()
    await engine.traceInfo()
    expect(fingerprint()).toEqual(before)
    tally.clean++
  }, 120_000)
})
