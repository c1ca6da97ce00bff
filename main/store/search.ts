import type Database from 'better-sqlite3'
import type { SearchHit } from '../../common/engine-api.ts'
import { cachedStatement } from './statements.ts'

/**
 * Finds goroutines (by ID, or start function containing the text), region types and task types
 * or IDs matching `text`, best first: exact IDs, then goroutines, tasks and regions.
 */
export function search(
  db: Database.Database,
  text: string,
  limit: number,
  durationNs: number,
): SearchHit[] {
  const needle = text.trim()
  if (needle === '') return []
  const id = /^[gG]?(\d+)$/.exec(needle)?.[1]
  const like = `%${needle.replace(/[\\%_]/g, (c) => '\\' + c)}%`
  const params = { id: id === undefined ? null : Number(id), like, limit, end: durationNs }
  const goroutines = cachedStatement(
    db,
    `SELECT 'goroutine' AS kind, g.gid AS id, 'G' || g.gid || ' ' || s.value AS label, g.gid AS gid,
            coalesce(g.created_ns, 0) AS startNs, coalesce(g.end_ns, :end) AS endNs
     FROM goroutines g JOIN strings s ON s.id = g.name_id
     WHERE g.gid = :id OR s.value LIKE :like ESCAPE '\\'
     ORDER BY g.gid = :id DESC, g.is_system, g.gid LIMIT :limit`,
  ).all(params) as SearchHit[]
  const tasks = cachedStatement(
    db,
    `SELECT 'task' AS kind, t.id AS id, 'task ' || t.id || ' ' || s.value AS label, t.start_gid AS gid,
            coalesce(t.start_ns, 0) AS startNs, coalesce(t.end_ns, :end) AS endNs
     FROM tasks t JOIN strings s ON s.id = t.type_id
     WHERE t.id = :id OR s.value LIKE :like ESCAPE '\\'
     ORDER BY t.id = :id DESC, t.start_ns LIMIT :limit`,
  ).all(params) as SearchHit[]
  const regions = cachedStatement(
    db,
    `SELECT 'region' AS kind, r.id AS id, s.value || ' (G' || r.gid || ')' AS label, r.gid AS gid,
            coalesce(r.start_ns, 0) AS startNs, coalesce(r.end_ns, :end) AS endNs
     FROM regions r JOIN strings s ON s.id = r.type_id
     WHERE s.value LIKE :like ESCAPE '\\'
     ORDER BY r.start_ns LIMIT :limit`,
  ).all(params) as SearchHit[]
  return [...goroutines, ...tasks, ...regions].slice(0, limit)
}
