import Database from 'better-sqlite3'

/**
 * Opens a SQLite database with the right native build: `nativeBinding` comes from
 * nativeBindingPath() (undefined under plain Node). The one place that calls the constructor.
 */
export function openDatabase(
  file: string,
  nativeBinding?: string,
  options: Omit<Database.Options, 'nativeBinding'> = {},
): Database.Database {
  return new Database(file, nativeBinding === undefined ? options : { ...options, nativeBinding })
}

/** Returns SQLite's version, proving the native addon loads in this process. */
export function probeSqlite(nativeBinding?: string): string {
  const db = openDatabase(':memory:', nativeBinding)
  try {
    const row = db.prepare('select sqlite_version() as v').get() as { v: string }
    return row.v
  } finally {
    db.close()
  }
}
