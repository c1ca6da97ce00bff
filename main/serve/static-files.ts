import { stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
}

export interface StaticFile {
  path: string
  size: number
  contentType: string
}

/**
 * Maps a URL path below the token prefix (still percent-encoded, "" for the index) to a file in
 * root. Returns undefined for anything that is not a regular, non-hidden file inside root:
 * traversal ("..", encoded slashes, NUL), dotfiles, directories and missing files all look the
 * same to the client (404).
 */
export async function resolveStaticFile(
  root: string,
  urlPath: string,
): Promise<StaticFile | undefined> {
  let relative: string
  try {
    relative = decodeURIComponent(urlPath === '' ? 'index.html' : urlPath)
  } catch {
    return undefined
  }
  if (relative.includes('\0') || relative.includes('\\')) return undefined
  // Dotfiles (the build stamp, editor leftovers) are never part of the app.
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return undefined
  const base = resolve(root)
  const path = resolve(base, relative)
  if (!path.startsWith(base + sep)) return undefined
  try {
    const info = await stat(path)
    if (!info.isFile()) return undefined
    const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
    return { path, size: info.size, contentType }
  } catch {
    return undefined
  }
}
