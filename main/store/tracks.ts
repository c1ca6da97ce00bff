import type Database from 'better-sqlite3'
import type { TrackList } from '../../common/timeline-api.ts'

/** Every track a timeline can show, with what it needs to lay them out. */
export function listTracks(db: Database.Database, durationNs: number): TrackList {
  const spans = (table: string, key: string) =>
    db
      .prepare(
        `SELECT ${key} AS id, sum(count) AS spans FROM ${table} GROUP BY ${key} ORDER BY ${key}`,
      )
      .all() as {
      id: number
      spans: number
    }[]
  const goroutineSpans = new Map(spans('goroutine_state_chunks', 'gid').map((r) => [r.id, r.spans]))
  const goroutines = (
    db
      .prepare(
        `SELECT g.gid, n.value AS name, g.is_system, g.created_ns, g.end_ns, l.value AS label
         FROM goroutines g JOIN strings n ON n.id = g.name_id JOIN strings l ON l.id = g.label_id
         ORDER BY g.gid`,
      )
      .all() as {
      gid: number
      name: string
      is_system: number
      created_ns: number | null
      end_ns: number | null
      label: string
    }[]
  ).map((g) => ({
    kind: 'goroutine' as const,
    id: g.gid,
    spans: goroutineSpans.get(g.gid) ?? 0,
    name: g.name,
    isSystem: g.is_system === 1,
    createdNs: g.created_ns,
    endNs: g.end_ns,
    label: g.label,
  }))
  const counters = db
    .prepare(
      `SELECT s.id AS series, s.name, s.unit, min(c.min_value) AS min, max(c.max_value) AS max
       FROM counter_series s JOIN counter_chunks c ON c.series = s.id GROUP BY s.id ORDER BY s.id`,
    )
    .all() as TrackList['counters']
  return {
    durationNs,
    procs: spans('proc_run_chunks', 'p').map((r) => ({ kind: 'proc' as const, ...r })),
    threads: spans('thread_run_chunks', 'm').map((r) => ({ kind: 'thread' as const, ...r })),
    goroutines,
    counters,
    cpuSamples: db.prepare('SELECT count(*) FROM cpu_samples').pluck().get() as number,
  }
}
