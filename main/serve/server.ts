import * as Comlink from 'comlink'
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { EngineApi } from '../../common/engine-api.ts'
import { socketEndpoint } from '../../common/socket-endpoint.ts'
import { ENGINE_SOCKET_PATH } from '../../common/web-paths.ts'
import { SECURITY_HEADERS } from './security-headers.ts'
import { resolveStaticFile } from './static-files.ts'
import { newToken, tokensEqual } from './token.ts'

/** Web mode only ever listens on loopback: the engine reads local files for whoever connects. */
export const HOST = '127.0.0.1'

/** Requests from the page are small; a larger frame is a bug or an attack. */
const MAX_INCOMING_FRAME = 1 << 20

export interface WebServerOptions {
  engine: EngineApi
  /** Directory holding the built renderer (index.html and assets). */
  webRoot: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Tests pin it; normally a fresh random token per run. */
  token?: string
}

export interface WebServer {
  /** http://127.0.0.1:PORT/<token>/ — the only URL that works. */
  readonly url: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

/**
 * Serves the renderer and the engine (Comlink over WebSocket) to a local browser. Every request
 * must carry the per-run token as its first path segment, and its Host must be loopback with
 * our port (defeats DNS rebinding); WebSocket upgrades must also come from our own origin.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken()
  let port = 0
  const allowedHosts = () => [`${HOST}:${port}`, `localhost:${port}`]
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`)

  /** The path below "/<token>/", or a refusal. */
  const authorize = (req: IncomingMessage): { rest: string } | { status: number } => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return { status: 403 }
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const [, first = '', ...rest] = path.split('/')
    if (!tokensEqual(first, token)) return { status: 403 }
    if (path === `/${first}`) return { status: 308 } // add the trailing slash relative URLs need
    return { rest: rest.join('/') }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_INCOMING_FRAME })
  wss.on('connection', (socket) => Comlink.expose(options.engine, socketEndpoint(socket)))

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'method not allowed')
    const auth = authorize(req)
    if ('status' in auth) {
      if (auth.status === 308) {
        res.writeHead(308, { ...SECURITY_HEADERS, Location: `/${token}/` })
        res.end()
        return
      }
      return reply(res, auth.status, 'forbidden: this URL needs the token gotrace printed')
    }
    if (auth.rest === ENGINE_SOCKET_PATH) return reply(res, 426, 'WebSocket upgrade required')
    const file = await resolveStaticFile(options.webRoot, auth.rest)
    if (file === undefined) return reply(res, 404, 'not found')
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.size,
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    createReadStream(file.path)
      .on('error', () => res.destroy())
      .pipe(res)
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const auth = authorize(req)
    const origin = req.headers.origin
    const ok =
      'rest' in auth &&
      auth.rest === ENGINE_SOCKET_PATH &&
      // Browsers always send Origin; non-browser clients holding the token may omit it.
      (origin === undefined || allowedOrigins().includes(origin))
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://${HOST}:${port}/${token}/`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`${message}\n`)
}
