import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The store's DDL, read from native-schema/store.sql (the single source of truth). The file's
 * "INDEXES" section is applied after the bulk load, so inserts don't maintain those indexes (the
 * small ones above it, over the big tables, are kept up during the load instead).
 */
export interface Schema {
  readonly version: number
  readonly tables: string
  readonly indexes: string
}

const SCHEMA_PATH = findSchema(import.meta.dirname)

/**
 * native-schema/store.sql in the nearest folder above this module that has one: the project
 * root from main/store/ and from a build's out/main/ (or a chunk below it), and the app's root
 * inside a package.
 */
function findSchema(from: string): string {
  const candidate = (dir: string) => join(dir, 'native-schema', 'store.sql')
  for (let dir = from, up = 0; up < 5; dir = dirname(dir), up++) {
    if (existsSync(candidate(dir))) return candidate(dir)
  }
  return candidate(join(from, '..', '..'))
}

let cached: Schema | undefined

export function loadSchema(path = SCHEMA_PATH): Schema {
  if (cached !== undefined && path === SCHEMA_PATH) return cached
  const sql = readFileSync(path, 'utf8')
  const version = /^-- schema-version: (\d+)$/m.exec(sql)
  if (version === null) throw new Error(`${path}: no "-- schema-version: N" line`)
  const split = sql.indexOf('-- INDEXES')
  if (split < 0) throw new Error(`${path}: no "-- INDEXES" section`)
  const schema = {
    version: Number(version[1]),
    tables: sql.slice(0, split),
    indexes: sql.slice(split),
  }
  if (path === SCHEMA_PATH) cached = schema
  return schema
}
