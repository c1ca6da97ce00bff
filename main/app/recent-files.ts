import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { readJsonFile, writeJsonFile } from './json-file.ts'

export const RECENT_FILE = 'recent-traces.json'
export const MAX_RECENT = 10

/**
 * File > Open Recent: absolute trace paths, most recent first, at most MAX_RECENT, persisted as
 * `{ "files": [...] }` in userData. Files that no longer exist are pruned when the list is
 * read (so the menu never offers a dead entry) and when opening one fails.
 */
export class RecentFiles {
  private files: string[]
  private readonly path: string

  constructor(
    userDataPath: string,
    private readonly exists: (path: string) => boolean = existsSync,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.path = join(userDataPath, RECENT_FILE)
    const data = readJsonFile(this.path)
    const files = (data as { files?: unknown } | undefined)?.files
    this.files = Array.isArray(files)
      ? files.filter((f): f is string => typeof f === 'string' && f !== '')
      : []
    this.files = [...new Set(this.files)].slice(0, MAX_RECENT)
  }

  /** The list, with missing files pruned (and the pruned list saved if it changed). */
  list(): string[] {
    const kept = this.files.filter((f) => this.exists(f))
    if (kept.length !== this.files.length) {
      this.files = kept
      this.save()
    }
    return [...this.files]
  }

  add(path: string): void {
    this.files = [path, ...this.files.filter((f) => f !== path)].slice(0, MAX_RECENT)
    this.save()
  }

  remove(path: string): void {
    const before = this.files.length
    this.files = this.files.filter((f) => f !== path)
    if (this.files.length !== before) this.save()
  }

  clear(): void {
    this.files = []
    this.save()
  }

  private save(): void {
    const err = writeJsonFile(this.path, { files: this.files })
    if (err !== undefined) this.log(`gotrace: could not save the recent traces: ${err.message}`)
  }
}
