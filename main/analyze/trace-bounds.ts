import type Database from 'better-sqlite3'

/** The trace's end: the time of its last event (Go's parsedTrace.endTime()), from meta. */
export function traceDuration(db: Database.Database): number {
  return Number(metaValue(db, 'duration_ns') ?? 0)
}

/**
 * The time of the first Sync event, which Go's summaries use as the creation time of goroutines
 * that existed before the trace. Store times count from it (0), except for traces of Go 1.21 and
 * older: Go's conversion puts their first Sync 1 ns before the first event, which is time 0.
 */
export function traceStartNs(db: Database.Database): number {
  return Number(metaValue(db, 'start_ns') ?? 0)
}

function metaValue(db: Database.Database, key: string): unknown {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    { value: unknown } | undefined
  return row?.value
}
