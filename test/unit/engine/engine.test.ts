import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pkg from '../../../package.json' with { type: 'json' }
import { createEngine } from '../../../main/engine/engine.ts'
import { parseTraceHeader } from '../../../main/engine/trace-header.ts'

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'))

describe('parseTraceHeader', () => {
  it('reads the Go trace header without its NUL padding', () => {
    expect(parseTraceHeader(bytes('go 1.26 trace\0\0\0'))).toBe('go 1.26 trace')
    expect(parseTraceHeader(bytes('go 1.5 trace\0\0\0\0'))).toBe('go 1.5 trace')
  })

  it('says "unknown" for anything else', () => {
    expect(parseTraceHeader(bytes(''))).toBe('unknown')
    expect(parseTraceHeader(bytes('go 1.26 trace'))).toBe('unknown') // truncated
    expect(parseTraceHeader(bytes('go 1.26 traceXYZ'))).toBe('unknown')
    expect(parseTraceHeader(bytes('\x89PNG\r\n\x1a\n\0\0\0\rIHDR'))).toBe('unknown')
  })
})

describe('createEngine', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gotrace-engine-'))
    await writeFile(
      join(dir, 'good.trace'),
      Buffer.concat([bytes('go 1.26 trace\0\0\0'), new Uint8Array(100)]),
    )
    await writeFile(join(dir, 'notes.txt'), 'not a trace at all')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('reports its version', async () => {
    expect(await createEngine().version()).toBe(pkg.version)
  })

  it('has no trace info when started without a trace', async () => {
    expect(await createEngine().traceInfo()).toBeUndefined()
  })

  it('describes the trace: absolute path, size and header', async () => {
    const rel = relative(process.cwd(), join(dir, 'good.trace'))
    expect(await createEngine({ tracePath: rel }).traceInfo()).toEqual({
      path: join(dir, 'good.trace'),
      sizeBytes: 116,
      header: 'go 1.26 trace',
    })
    expect((await createEngine({ tracePath: join(dir, 'notes.txt') }).traceInfo())?.header).toBe(
      'unknown',
    )
  })

  it('rejects when the trace file is gone', async () => {
    await expect(
      createEngine({ tracePath: join(dir, 'missing.trace') }).traceInfo(),
    ).rejects.toThrow(/ENOENT/)
  })
})
