import type Database from 'better-sqlite3'

/** Looks up interned strings by id (0 and unknown ids are ""), caching what it has seen. */
export function stringLookup(db: Database.Database): (id: number) => string {
  const select = db.prepare('SELECT value FROM strings WHERE id = ?').pluck()
  const seen = new Map<number, string>()
  return (id) => {
    let s = seen.get(id)
    if (s === undefined) {
      const v = select.get(id) as string | undefined
      s = v ?? ''
      seen.set(id, s)
    }
    return s
  }
}
