/**
 * Flows between goroutines: who created or unblocked whom, and when. A goroutine state interval
 * knows the goroutine that made it runnable (cause_gid), so flows into a goroutine come from its
 * own chunks; flows out of it need every goroutine's intervals that begin in the window, so that
 * search is bounded by the window (and by MAX_INTERVALS: decoding costs about 0.5 µs an interval).
 */
import type Database from 'better-sqlite3'
import { FLOW_KIND, type FlowBlock } from '../../common/timeline-api.ts'
import { allocStateColumns, decodeStateChunk } from './chunks/goroutine-chunk.ts'
import { cachedStatement } from './statements.ts'
import { chunkData, overlappingChunks, spanSource } from './viewport.ts'

const RUNNABLE = 2

/** Intervals decoded at most by one flows query, looking for flows out of a goroutine. */
export const MAX_INTERVALS = 500_000

interface Flow {
  timeNs: number
  fromGid: number
  toGid: number
  kind: number
}

/**
 * The flows of goroutine `gid` around [fromNs, toNs]:
 * - into it: its runnable intervals overlapping the window (ends included, so the wake-up that
 *   led to a running interval, and the one that ended a waiting interval, are in) that another
 *   goroutine caused;
 * - out of it: other goroutines' runnable intervals caused by `gid` that begin in the window.
 */
export function queryFlows(
  db: Database.Database,
  gid: number,
  fromNs: number,
  toNs: number,
  maxIntervals = MAX_INTERVALS,
): FlowBlock {
  const flows: Flow[] = []
  const createdNs = cachedStatement(db, 'SELECT created_ns FROM goroutines WHERE gid = ?').pluck()
  const kindOf = (g: number, startNs: number) =>
    createdNs.get(g) === startNs ? FLOW_KIND.create : FLOW_KIND.unblock

  const src = spanSource('goroutine', gid)
  for (const c of overlappingChunks(db, src, fromNs, toNs)) {
    eachWake(chunkData(db, src, c.seq), c.start_ns, c.count, (start, end, cause) => {
      if (cause === gid || start > toNs || (!Number.isNaN(end) && end < fromNs)) return
      flows.push({ timeNs: start, fromGid: cause, toGid: gid, kind: kindOf(gid, start) })
    })
  }

  // Chunks that may hold an interval beginning in the window (see goroutine_state_chunks: end_ns
  // is the latest end, or the start of an open last interval). A scan of the covering index.
  const candidates = cachedStatement(
    db,
    `SELECT gid, seq, start_ns, count FROM goroutine_state_chunks
     WHERE start_ns <= ? AND end_ns >= ? AND gid != ?`,
  ).all(toNs, fromNs, gid) as { gid: number; seq: number; start_ns: number; count: number }[]
  let budget = maxIntervals
  let truncated = false
  for (const c of candidates) {
    budget -= c.count
    if (budget < 0) {
      truncated = true
      break
    }
    const data = chunkData(db, spanSource('goroutine', c.gid), c.seq)
    eachWake(data, c.start_ns, c.count, (start, _end, cause) => {
      if (cause !== gid || start < fromNs || start > toNs) return
      flows.push({ timeNs: start, fromGid: gid, toGid: c.gid, kind: kindOf(c.gid, start) })
    })
  }

  flows.sort((a, b) => a.timeNs - b.timeNs || a.toGid - b.toGid)
  return {
    timeNs: Float64Array.from(flows, (f) => f.timeNs),
    fromGid: Int32Array.from(flows, (f) => f.fromGid),
    toGid: Int32Array.from(flows, (f) => f.toGid),
    kind: Uint8Array.from(flows, (f) => f.kind),
    truncated,
  }
}

/**
 * Calls `visit` with each runnable interval of a chunk that a goroutine caused (end NaN: still
 * open at the end of the trace). Intervals that began before the trace are left out: what
 * "caused" them is only the context of the status event that reported them.
 */
function eachWake(
  data: Uint8Array,
  chunkStartNs: number,
  count: number,
  visit: (startNs: number, endNs: number, causeGid: number) => void,
): void {
  const s = allocStateColumns(count)
  const n = decodeStateChunk(data, chunkStartNs, s, 0)
  for (let i = 0; i < n; i++) {
    const cause = s.causeGid[i]!
    if (s.state[i] !== RUNNABLE || cause < 0 || (s.flags[i]! & 1) !== 0) continue
    visit(s.startNs[i]!, s.endNs[i]!, cause)
  }
}
