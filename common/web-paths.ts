/**
 * URL layout of web mode (`gotrace web`). Everything lives under a per-run secret token:
 *   http://127.0.0.1:PORT/<token>/          the renderer (index.html and its assets)
 *   ws://127.0.0.1:PORT/<token>/engine      the engine, Comlink over common/socket-endpoint.ts
 * The page derives the socket URL from its own location, so the token never has to be injected.
 */
export const ENGINE_SOCKET_PATH = 'engine'

/** The engine socket URL for a page at pageUrl (which must end with "/<token>/"). */
export function engineSocketUrl(pageUrl: string): string {
  const url = new URL(ENGINE_SOCKET_PATH, pageUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.search = ''
  url.hash = ''
  return url.href
}
