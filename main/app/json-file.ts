import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Reads a small JSON file from userData; a missing, unreadable or corrupt file gives undefined
 * (settings are a convenience: a bad file must never stop the app from starting).
 */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    return undefined
  }
}

/**
 * Writes JSON atomically (temporary file, then rename), so a crash or a full disk mid-write
 * leaves the previous file intact. Returns the error instead of throwing: callers log it.
 */
export function writeJsonFile(path: string, value: unknown): Error | undefined {
  const tmp = `${path}.tmp-${process.pid}`
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`)
    renameSync(tmp, path)
    return undefined
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err))
  }
}
