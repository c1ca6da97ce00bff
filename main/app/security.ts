import { pathToFileURL } from 'node:url'
import type { RendererTarget } from './platform.ts'

/** The webPreferences every gotrace window gets. Literal types pin the security-relevant flags. */
export interface SecureWebPreferences {
  preload: string
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
  spellcheck: false
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/**
 * True if url is gotrace's own renderer: the dev server's origin, or exactly the built
 * index.html (query and fragment aside). Everything else — other origins, other local files —
 * is untrusted: windows never navigate there, and IPC from there is ignored.
 */
export function isTrustedRendererUrl(url: string, target: RendererTarget): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (target.kind === 'url') return parsed.origin === new URL(target.url).origin
  const expected = pathToFileURL(target.path)
  return parsed.protocol === 'file:' && parsed.pathname === expected.pathname
}
