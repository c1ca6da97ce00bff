import * as Comlink from 'comlink'
import { request } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { EngineApi } from '../../../common/engine-api.ts'
import { socketEndpoint } from '../../../common/socket-endpoint.ts'
import { startWebServer, type WebServer } from '../../../main/serve/server.ts'

const TOKEN = 'tok_' + 'x'.repeat(28)

const notHere = () => Promise.reject(new Error('not used by these tests'))
const engine: EngineApi = {
  version: () => Promise.resolve('9.9.9'),
  traceInfo: () =>
    Promise.resolve({ path: '/t/trace.out', sizeBytes: 42, header: 'go 1.26 trace' }),
  open: notHere,
  openProgress: notHere,
  tracks: notHere,
  viewport: notHere,
  goroutineSpan: notHere,
  rangeDetails: notHere,
  profile: notHere,
  exportProfile: notHere,
  goroutineSummary: notHere,
  regionSummary: notHere,
  taskSummary: notHere,
  mmu: notHere,
  mmuProgress: notHere,
  cancelMmu: notHere,
  search: notHere,
  flows: notHere,
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw GET: unlike fetch, it lets the test send any path and Host header. */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject).end()
  })
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => {
      ws.close()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', () => resolve(-1))
  })
}

describe('web server', () => {
  let dir: string
  let server: WebServer

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gotrace-serve-'))
    await mkdir(join(dir, 'web', 'assets'), { recursive: true })
    await writeFile(join(dir, 'web', 'index.html'), '<!doctype html><title>gotrace</title>')
    await writeFile(join(dir, 'web', 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(dir, 'web', '.gotrace-build.json'), '{}')
    await writeFile(join(dir, 'secret.txt'), 'outside the web root')
    server = await startWebServer({ engine, webRoot: join(dir, 'web'), token: TOKEN })
  })

  afterAll(async () => {
    await server.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 and puts the token in the URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/${TOKEN}/`)
  })

  it('answers 403 without the token, or with a wrong one', async () => {
    expect((await get(server.port, '/')).status).toBe(403)
    expect((await get(server.port, '/index.html')).status).toBe(403)
    expect((await get(server.port, `/${TOKEN.slice(0, -1)}y/`)).status).toBe(403)
    expect((await get(server.port, `/${TOKEN}x/`)).status).toBe(403)
    expect((await get(server.port, `/?token=${TOKEN}`)).status).toBe(403)
  })

  it('serves the page and its assets with the token, with security headers', async () => {
    const page = await get(server.port, `/${TOKEN}/`)
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<title>gotrace</title>')
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    const js = await get(server.port, `/${TOKEN}/assets/app.js`)
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('redirects the bare token path to the directory URL', async () => {
    const reply = await get(server.port, `/${TOKEN}`)
    expect(reply.status).toBe(308)
    expect(reply.headers.location).toBe(`/${TOKEN}/`)
  })

  it('refuses foreign Host headers (DNS rebinding)', async () => {
    const reply = await get(server.port, `/${TOKEN}/`, { Host: `evil.example:${server.port}` })
    expect(reply.status).toBe(403)
    expect(
      (await get(server.port, `/${TOKEN}/`, { Host: `localhost:${server.port}` })).status,
    ).toBe(200)
  })

  it('never serves files outside the web root', async () => {
    for (const path of [
      '../secret.txt',
      '%2e%2e/secret.txt',
      '..%2fsecret.txt',
      'assets/..%2f..%2fsecret.txt',
    ]) {
      const reply = await get(server.port, `/${TOKEN}/${path}`)
      expect(reply.status, path).toBe(404)
    }
    expect((await get(server.port, `/${TOKEN}/assets`)).status).toBe(404)
    expect((await get(server.port, `/${TOKEN}/.gotrace-build.json`)).status).toBe(404)
    expect((await get(server.port, `/${TOKEN}/nope.js`)).status).toBe(404)
  })

  it('only allows GET and HEAD', async () => {
    expect((await get(server.port, `/${TOKEN}/`, {}, 'POST')).status).toBe(405)
    const head = await get(server.port, `/${TOKEN}/`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('refuses engine WebSockets without the token or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}`
    expect(await upgradeStatus(`${base}/engine`)).toBe(403)
    expect(await upgradeStatus(`${base}/wrong/engine`)).toBe(403)
    expect(await upgradeStatus(`${base}/${TOKEN}/elsewhere`)).toBe(403)
    expect(await upgradeStatus(`${base}/${TOKEN}/engine`, { Origin: 'https://evil.example' })).toBe(
      403,
    )
    const own = `http://127.0.0.1:${server.port}`
    expect(await upgradeStatus(`${base}/${TOKEN}/engine`, { Origin: own })).toBe(101)
  })

  it('serves the engine over the WebSocket with the token', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/${TOKEN}/engine`)
    const remote = Comlink.wrap<EngineApi>(socketEndpoint(socket))
    expect(await remote.version()).toBe('9.9.9')
    expect(await remote.traceInfo()).toEqual({
      path: '/t/trace.out',
      sizeBytes: 42,
      header: 'go 1.26 trace',
    })
    socket.close()
  })

  it('tells a plain GET of the engine path to upgrade', async () => {
    expect((await get(server.port, `/${TOKEN}/engine`)).status).toBe(426)
  })
})
