import type Database from 'better-sqlite3'
import { openDatabase } from './open-database.ts'
import { loadSchema } from './schema.ts'

/**
 * A new store file with the schema's tables, set up for a bulk load inside one transaction. The
 * file is private until it is renamed into place, so it needs no journal and no fsync.
 */
export function openForBulkLoad(
  path: string,
  cacheMiB: number,
  nativeBinding: string | undefined,
): Database.Database {
  const db = openForWriting(path, cacheMiB, nativeBinding)
  try {
    db.exec(loadSchema().tables)
    db.exec('BEGIN')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** An existing store file being completed (no journal, no fsync: see openForBulkLoad). */
export function openForWriting(
  path: string,
  cacheMiB: number,
  nativeBinding: string | undefined,
): Database.Database {
  const db = openDatabase(path, nativeBinding)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('locking_mode = EXCLUSIVE')
  db.pragma('temp_store = MEMORY')
  db.pragma(`cache_size = -${cacheMiB * 1024}`)
  return db
}
