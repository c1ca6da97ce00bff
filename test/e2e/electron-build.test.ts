import Database from 'better-sqlite3'
import * as Comlink from 'comlink'
import { execFile } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL, fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { MessageChannel, Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi } from '../../common/engine-api.ts'
import { mainPortEndpoint } from '../../main/app/port-main-endpoint.ts'
import { PIPE_SLOTS, PipeChunkSink } from '../../main/store/build/chunk-pipe.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// Inside the project, so the bundles' external imports (comlink, better-sqlite3) resolve.
const OUT = join(ROOT, 'out', `electron-build-test-${process.pid}`)

/**
 * Stands in for Electron's utility process around the built engine-host.js: process.parentPort
 * is an EventEmitter, and each Node MessagePort the test sends is wrapped to look like a
 * MessagePortMain ({ data } events, start()).
 */
const UTILITY_PROCESS_SHIM = `
const { EventEmitter } = require('node:events')
const { workerData, parentPort: thread } = require('node:worker_threads')
const parentPort = new EventEmitter()
process.parentPort = parentPort
thread.on('message', ({ port }) => {
  const main = new EventEmitter()
  main.postMessage = (message) => port.postMessage(message)
  main.start = () => port.start()
  port.on('message', (data) => main.emit('message', { data, ports: [] }))
  parentPort.emit('message', { data: { type: 'connect' }, ports: [main] })
})
import(workerData.entry).then(() => thread.postMessage('ready'))
`

describe('Electron build (electron-vite build, no Electron binary needed)', () => {
  let dir: string
  beforeAll(async () => {
    await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'),
        'build',
        '--outDir',
        OUT,
        '--logLevel',
        'warn',
      ],
      { cwd: ROOT },
    )
    dir = await mkdtemp(join(tmpdir(), 'gotrace-ebuild-'))
  })
  afterAll(async () => {
    await rm(OUT, { recursive: true, force: true })
    await rm(dir, { recursive: true, force: true })
  })

  it('emits a CommonJS preload (sandboxed preloads cannot be ES modules)', async () => {
    const preload = await readFile(join(OUT, 'preload', 'index.cjs'), 'utf8')
    expect(preload).toContain('require("electron")')
    expect(preload).not.toMatch(/^import /m)
    expect(preload).toContain('exposeInMainWorld')
  })

  it('emits an ES module main process that finds its siblings', async () => {
    const main = await readFile(join(OUT, 'main', 'index.js'), 'utf8')
    expect(main).toMatch(/from "electron"/)
    for (const sibling of ['../preload/index.cjs', './engine-host.js', '../renderer/index.html']) {
      expect(main).toContain(sibling)
    }
  })

  it('emits a self-contained ingest worker beside the engine host', async () => {
    const storePath = join(dir, 'worker.sqlite')
    const sab = new SharedArrayBuffer(PIPE_SLOTS * 4)
    const worker = new Worker(join(OUT, 'main', 'ingest-worker.js'), {
      workerData: { path: storePath, nativeBinding: undefined, shared: sab },
    })
    try {
      const done = new Promise<unknown>((resolve) =>
        worker.on('message', (reply: object) => {
          // Replayed batches come back to be reused; the last reply says how it ended.
          if (!('recycle' in reply)) resolve(reply)
        }),
      )
      const sink = new PipeChunkSink(worker, new Int32Array(sab), () => {})
      sink.procRun(0, 100, 250, 7, 3)
      sink.finish()
      expect(await done).toEqual({ done: true })
    } finally {
      await worker.terminate()
    }
    const db = new Database(storePath, { readonly: true })
    expect(db.prepare('SELECT p, count, start_ns, end_ns FROM proc_run_chunks').all()).toEqual([
      { p: 0, count: 1, start_ns: 100, end_ns: 250 },
    ])
    db.close()
  })

  it('keeps the strict CSP in the built renderer', async () => {
    const html = await readFile(join(OUT, 'renderer', 'index.html'), 'utf8')
    expect(html).toContain("script-src 'self'")
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/) // no inline scripts
  })

  it('serves EngineApi from the built engine host over a port', async () => {
    const tracePath = join(dir, 'built.trace')
    await writeFile(tracePath, 'go 1.23 trace\0\0\0')
    const nodeBuild = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    const worker = new Worker(UTILITY_PROCESS_SHIM, {
      eval: true,
      workerData: { entry: pathToFileURL(join(OUT, 'main', 'engine-host.js')).href },
      argv: [`--trace=${tracePath}`, `--native-binding=${nodeBuild}`],
      stderr: true,
    })
    let stderr = ''
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    try {
      await once(worker, 'message')
      const { port1, port2 } = new MessageChannel()
      worker.postMessage({ port: port2 }, [port2])
      const client = Object.assign(new EventEmitter(), {
        postMessage: (message: unknown) => port1.postMessage(message),
        start: () => port1.start(),
      })
      port1.on('message', (data: unknown) => client.emit('message', { data }))
      const engine = Comlink.wrap<EngineApi>(mainPortEndpoint(client))
      expect(await engine.traceInfo()).toEqual({
        path: tracePath,
        sizeBytes: 16,
        header: 'go 1.23 trace',
      })
      expect(await engine.version()).toMatch(/^\d+\.\d+\.\d+/)
      port1.close()
      expect(stderr).toBe('') // the native-binding probe loaded SQLite without complaint
    } finally {
      await worker.terminate()
    }
  })
})
