import type Database from 'better-sqlite3'
import type { GoroutineSpanDetails } from '../../common/timeline-api.ts'
import { readStacks } from '../analyze/stacks.ts'
import { allocStateColumns, decodeStateChunk } from './chunks/goroutine-chunk.ts'
import { cachedStatement } from './statements.ts'

/**
 * Everything the store knows about the state a goroutine was in at `timeNs`: the interval, why,
 * where (P, thread), who caused it, and the stacks at its start and end with file:line.
 */
export function goroutineSpanDetails(
  db: Database.Database,
  gid: number,
  timeNs: number,
  traceEndNs: number,
): GoroutineSpanDetails | undefined {
  const chunk = cachedStatement(
    db,
    `SELECT seq, start_ns, count, data FROM goroutine_state_chunks
     WHERE gid = ? AND start_ns <= ? ORDER BY start_ns DESC LIMIT 1`,
  ).get(gid, timeNs) as
    { seq: number; start_ns: number; count: number; data: Uint8Array } | undefined
  if (chunk === undefined) return undefined
  const s = allocStateColumns(chunk.count)
  const n = decodeStateChunk(chunk.data, chunk.start_ns, s, 0)
  let i = n - 1
  while (i >= 0 && s.startNs[i]! > timeNs) i--
  if (i < 0) return undefined
  const open = Number.isNaN(s.endNs[i])
  const endNs = open ? traceEndNs : s.endNs[i]!
  if (timeNs > endNs) return undefined
  const reason = cachedStatement(db, 'SELECT value FROM strings WHERE id = ?')
    .pluck()
    .get(s.reasonId[i]) as string | undefined
  const stacks = readStacks(db, [s.startStack[i]!, s.endStack[i]!])
  return {
    gid,
    state: s.state[i]!,
    reason: reason ?? '',
    startNs: s.startNs[i]!,
    endNs,
    open,
    beganBeforeTrace: (s.flags[i]! & 1) !== 0,
    p: s.p[i]!,
    m: s.m[i]!,
    causeGid: s.causeGid[i]!,
    blockedNs: Number.isNaN(s.blockedNs[i]) ? null : s.blockedNs[i]!,
    startStack: s.startStack[i]! < 0 ? null : stacks.get(s.startStack[i]!)!,
    endStack: s.endStack[i]! < 0 ? null : stacks.get(s.endStack[i]!)!,
  }
}
