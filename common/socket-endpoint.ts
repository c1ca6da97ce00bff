import type { Endpoint } from 'comlink'
import { decode, encode } from './wire.ts'

/**
 * The part of the WebSocket API that both the browser's WebSocket and the `ws` package's
 * WebSocket implement, so one adapter serves the renderer (client) and the CLI (server).
 */
export interface SocketLike {
  readonly readyState: number
  binaryType: string
  send(data: Uint8Array): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void
  addEventListener(type: 'open' | 'close', listener: () => void): void
}

export interface SocketEndpointOptions {
  /** Called once when the socket closes, after pending calls have been failed. */
  onClose?: () => void
}

const CONNECTING = 0
const OPEN = 1

/** Comlink request types; responses ("RAW"/"HANDLER") carry the request's id back. */
const REQUEST_TYPES = new Set(['GET', 'SET', 'APPLY', 'CONSTRUCT', 'ENDPOINT', 'RELEASE'])

type Listener = (ev: { data: unknown }) => void

/**
 * A Comlink Endpoint over a WebSocket, with messages encoded by common/wire.ts.
 *
 * Two things a raw socket lacks are added here: messages posted while the socket is still
 * connecting are queued, and when the socket closes every call still waiting for an answer is
 * failed with "engine connection closed" (Comlink itself would leave those promises pending
 * forever). Comlink.proxy() and transfer() need MessageChannels and do not work over this.
 */
export function socketEndpoint(socket: SocketLike, options: SocketEndpointOptions = {}): Endpoint {
  socket.binaryType = 'arraybuffer'
  const listeners = new Set<Listener>()
  const pending = new Set<string>()
  let queue: Uint8Array[] | undefined = socket.readyState === CONNECTING ? [] : undefined
  let closed = false

  const dispatch = (data: unknown): void => {
    const id = messageId(data)
    if (id !== undefined) pending.delete(id)
    for (const listener of [...listeners]) listener({ data })
  }

  const failPending = (): void => {
    for (const id of [...pending]) dispatch(closedError(id))
  }

  socket.addEventListener('open', () => {
    const queued = queue ?? []
    queue = undefined
    for (const frame of queued) socket.send(frame)
  })
  socket.addEventListener('message', (ev) => {
    let data: unknown
    try {
      data = decode(toBytes(ev.data))
    } catch {
      socket.close(1007, 'malformed frame') // the peer is not speaking our protocol
      return
    }
    dispatch(data)
  })
  socket.addEventListener('close', () => {
    if (closed) return
    closed = true
    queue = undefined
    failPending()
    options.onClose?.()
  })

  return {
    postMessage(message: unknown) {
      const id = messageId(message)
      if (id !== undefined && isRequest(message)) {
        pending.add(id)
        if (closed || socket.readyState > OPEN) {
          queueMicrotask(failPending)
          return
        }
      }
      if (closed) return
      const frame = encode(message)
      if (queue) queue.push(frame)
      else socket.send(frame)
    },
    addEventListener(_type: string, listener: unknown) {
      // Comlink only ever listens for 'message', always with a plain function.
      if (typeof listener === 'function') listeners.add(listener as Listener)
    },
    removeEventListener(_type: string, listener: unknown) {
      listeners.delete(listener as Listener)
    },
  }
}

function toBytes(data: unknown): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (data instanceof Uint8Array) return data
  throw new TypeError('expected a binary WebSocket message')
}

function messageId(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const id = (message as { id?: unknown }).id
  return typeof id === 'string' ? id : undefined
}

function isRequest(message: unknown): boolean {
  return REQUEST_TYPES.has(String((message as { type?: unknown }).type))
}

/** A Comlink "throw" response, as Comlink's own throwTransferHandler would have produced it. */
function closedError(id: string): unknown {
  return {
    id,
    type: 'HANDLER',
    name: 'throw',
    value: { isError: true, value: { name: 'Error', message: 'engine connection closed' } },
  }
}
