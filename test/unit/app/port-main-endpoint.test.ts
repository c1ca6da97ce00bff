import * as Comlink from 'comlink'
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { mainPortEndpoint } from '../../../main/app/port-main-endpoint.ts'
import { createEngine } from '../../../main/engine/engine.ts'
import type { EngineApi } from '../../../common/engine-api.ts'

/** Behaves like Electron's MessagePortMain: an EventEmitter delivering { data, ports } events. */
class FakeMainPort extends EventEmitter {
  other: FakeMainPort | undefined
  started = false
  postMessage(message: unknown) {
    const data = structuredClone(message)
    setImmediate(() => this.other?.emit('message', { data, ports: [] }))
  }
  start() {
    this.started = true
  }
}

function channel(): [FakeMainPort, FakeMainPort] {
  const a = new FakeMainPort()
  const b = new FakeMainPort()
  a.other = b
  b.other = a
  return [a, b]
}

describe('mainPortEndpoint (engine utility process side)', () => {
  it('serves the engine to a Comlink client over a MessagePortMain', async () => {
    const [enginePort, rendererPort] = channel()
    Comlink.expose(createEngine(), mainPortEndpoint(enginePort))
    expect(enginePort.started).toBe(true)
    const remote = Comlink.wrap<EngineApi>(mainPortEndpoint(rendererPort))
    expect(await remote.version()).toMatch(/^\d+\.\d+\.\d+/)
    expect(await remote.traceInfo()).toBeUndefined()
  })

  it('removes exactly the listener it added', () => {
    const [port] = channel()
    const endpoint = mainPortEndpoint(port)
    const seen: unknown[] = []
    const listener = (ev: { data: unknown }) => seen.push(ev.data)
    endpoint.addEventListener('message', listener)
    port.emit('message', { data: 1, ports: [] })
    endpoint.removeEventListener('message', listener)
    port.emit('message', { data: 2, ports: [] })
    expect(seen).toEqual([1])
    expect(port.listenerCount('message')).toBe(0)
  })
})
