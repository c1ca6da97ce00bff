import * as Comlink from 'comlink'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { socketEndpoint } from '../../../common/socket-endpoint.ts'

/** A service shaped like the engine will be: async methods with bulky, typed results. */
const service = {
  echo: (value: unknown) => Promise.resolve(value),
  viewport: (from: bigint, n: number) =>
    Promise.resolve({
      from,
      starts: BigInt64Array.from({ length: n }, (_, i) => from + BigInt(i) * 1000n),
      widths: Float64Array.from({ length: n }, (_, i) => i / 2),
    }),
  fail: () => Promise.reject(new Error('no such goroutine')),
  never: () => new Promise<never>(() => {}),
}
type Service = typeof service

let server: WebSocketServer | undefined
afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

async function connect(): Promise<{ remote: Comlink.Remote<Service>; client: WebSocket }> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  server.on('connection', (socket) => Comlink.expose(service, socketEndpoint(socket)))
  await new Promise((resolve) => server!.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  const client = new WebSocket(`ws://127.0.0.1:${port}`)
  // Wrapped before the socket is open: calls must queue until it is.
  return { remote: Comlink.wrap<Service>(socketEndpoint(client)), client }
}

describe('Comlink over a WebSocket', () => {
  it('calls methods, queueing calls made before the socket opens', async () => {
    const { remote } = await connect()
    expect(await remote.echo('hello')).toBe('hello')
  })

  it('carries bigint and typed arrays both ways', async () => {
    const { remote } = await connect()
    const result = await remote.viewport(10n ** 18n, 3)
    expect(result.from).toBe(10n ** 18n)
    expect(result.starts).toEqual(
      new BigInt64Array([10n ** 18n, 10n ** 18n + 1000n, 10n ** 18n + 2000n]),
    )
    expect(result.widths).toEqual(new Float64Array([0, 0.5, 1]))
    const arg = { ids: new Uint32Array([1, 2, 3]), t: -5n, missing: undefined }
    expect(await remote.echo(arg)).toEqual(arg)
  })

  it('turns a thrown error into a rejected promise with the same message', async () => {
    const { remote } = await connect()
    await expect(remote.fail()).rejects.toThrow('no such goroutine')
  })

  it('fails pending and later calls when the connection closes', async () => {
    const { remote, client } = await connect()
    await remote.echo('warm up')
    const pending = remote.never()
    for (const socket of server!.clients) socket.close()
    await expect(pending).rejects.toThrow('engine connection closed')
    await new Promise((resolve) =>
      client.readyState === WebSocket.CLOSED ? resolve(0) : client.once('close', resolve),
    )
    await expect(remote.echo('late')).rejects.toThrow('engine connection closed')
  })

  it('closes the connection on a frame that is not ours', async () => {
    const { remote, client } = await connect()
    await remote.echo('open')
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)))
    client.send('{"id":"1","type":"GET","path":[]}') // text, not a wire frame
    expect(await closed).toBe(1007)
  })
})
