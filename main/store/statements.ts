import type Database from 'better-sqlite3'

/** Prepared statements by database and SQL text: preparing costs more than a small query. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>()

export function cachedStatement(db: Database.Database, sql: string): Database.Statement {
  let cache = statements.get(db)
  if (cache === undefined) statements.set(db, (cache = new Map<string, Database.Statement>()))
  let s = cache.get(sql)
  if (s === undefined) cache.set(sql, (s = db.prepare(sql)))
  return s
}
