import type Database from 'better-sqlite3'
import type {
  Profile,
  ProfileFrame,
  ProfileSample,
  ProfileScope,
  ProfileType,
} from '../../common/analysis-api.ts'
import { forEachStateChunk } from '../store/read-chunks.ts'
import { resolveScope, type ScopeIntervals } from './profile-scope.ts'
import { readStacks } from './stacks.ts'
import { stringLookup } from './strings.ts'

const RUNNABLE = 2
const WAITING = 4
const SYSCALL = 5

/** The goroutine state each profile measures (Go's makeComputePprofFunc callers in pprof.go). */
const profileState: Record<ProfileType, number> = {
  net: WAITING,
  sync: WAITING,
  syscall: SYSCALL,
  sched: RUNNABLE,
}

/** Which reasons for entering the state count, as Go's trackReason functions. */
function reasonCounts(type: ProfileType, reason: string): boolean {
  if (type === 'net') return reason === 'network'
  if (type === 'sync') {
    return reason.includes('chan') || reason.includes('sync') || reason.includes('select')
  }
  return true
}

/** Go's stackMap deduplicates on the first 128 PCs (pprofMaxStack), zero-padded. */
const MAX_KEY_PCS = 128
/** ...and each record keeps its stack's first 129 frames. */
const MAX_FRAMES = MAX_KEY_PCS + 1

interface StackRecord {
  count: number
  delayNs: number
}

/**
 * A state profile of the trace: every interval a goroutine spent in the profile's state (entered
 * for a counted reason, and left before the trace ended), attributed to the stack of the event
 * that entered the state and counted for its overlap with the scope. On the whole trace this is
 * `go tool trace -pprof=TYPE`, sample for sample.
 */
export function computeProfile(
  db: Database.Database,
  type: ProfileType,
  scope: ProfileScope = {},
): Profile {
  const byStack = isWholeTraceScope(scope)
    ? wholeTrace(db, type)
    : collect(db, type, resolveScope(db, scope))
  return buildProfile(db, type, byStack)
}

/** A scope that is the whole trace under Go's rule: what state_totals holds. */
export function isWholeTraceScope(scope: ProfileScope): boolean {
  return Object.entries(scope).every(
    ([key, value]) => value === undefined || (key === 'goroutineSpan' && value === 'go'),
  )
}

/** Count and delay per stack of the whole trace, from the sums kept at ingest (state_totals). */
function wholeTrace(
  db: Database.Database,
  type: ProfileType,
): Map<number, StackRecord & { lastEndNs: number }> {
  const reasonOf = stringLookup(db)
  const rows = db
    .prepare(
      'SELECT reason_id, stack_id, count, delay_ns, last_end_ns FROM state_totals WHERE state = ?',
    )
    .all(profileState[type]) as {
    reason_id: number
    stack_id: number
    count: number
    delay_ns: number
    last_end_ns: number
  }[]
  const out = new Map<number, StackRecord & { lastEndNs: number }>()
  for (const r of rows) {
    if (!reasonCounts(type, reasonOf(r.reason_id))) continue
    const rec = out.get(r.stack_id)
    if (rec === undefined) {
      out.set(r.stack_id, { count: r.count, delayNs: r.delay_ns, lastEndNs: r.last_end_ns })
    } else {
      rec.count += r.count
      rec.delayNs += r.delay_ns
      if (r.last_end_ns > rec.lastEndNs) rec.lastEndNs = r.last_end_ns
    }
  }
  return out
}

/**
 * Count and delay per store stack id (-1, no stack, is folded into 0, the empty stack), from
 * every interval of the goroutines in scope.
 */
function collect(
  db: Database.Database,
  type: ProfileType,
  spans: ScopeIntervals,
): Map<number, StackRecord & { lastEndNs: number }> {
  const state = profileState[type]
  const reasonOf = stringLookup(db)
  const counted = new Map<number, boolean>()
  const out = new Map<number, StackRecord & { lastEndNs: number }>()
  // A few goroutines: read just theirs (scoped queries on big traces).
  const gids = spans.size <= 64 ? [...spans.keys()] : [undefined]
  for (const gid of gids) {
    forEachStateChunk(db, gid, (s, n, chunkGid) => {
      const iv = spans.get(chunkGid)
      if (iv === undefined) return
      for (let i = 0; i < n; i++) {
        if (s.state[i] !== state) continue
        const end = s.endNs[i]!
        if (Number.isNaN(end)) continue // still in the state at the end: Go never records it
        const reasonId = s.reasonId[i]!
        let ok = counted.get(reasonId)
        if (ok === undefined) {
          ok = reasonCounts(type, reasonOf(reasonId))
          counted.set(reasonId, ok)
        }
        if (!ok) continue
        const d = overlap(iv, s.startNs[i]!, end)
        if (d <= 0) continue
        const stack = Math.max(0, s.startStack[i]!)
        const rec = out.get(stack)
        if (rec === undefined) out.set(stack, { count: 1, delayNs: d, lastEndNs: end })
        else {
          rec.count++
          rec.delayNs += d
          if (end > rec.lastEndNs) rec.lastEndNs = end
        }
      }
    })
  }
  return out
}

/**
 * Σ of the positive overlaps of [start, end] with each interval, with Go's closed-interval test
 * (interval.overlap in pprof.go).
 */
export function overlap(spans: Float64Array, start: number, end: number): number {
  let total = 0
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const s = spans[i]!
    const e = spans[i + 1]!
    if (e < start || end < s) continue
    const d = Math.min(e, end) - Math.max(s, start)
    if (d > 0) total += d
  }
  return total
}

function buildProfile(
  db: Database.Database,
  type: ProfileType,
  byStack: Map<number, StackRecord & { lastEndNs: number }>,
): Profile {
  const stacks = readStacks(db, byStack.keys())
  // Merge stacks whose first 128 PCs agree (Go's key); a merged record shows the stack of its
  // latest interval, as Go keeps the newest stack seen for a key.
  const merged = new Map<string, StackRecord & { lastEndNs: number; frames: ProfileFrame[] }>()
  for (const [id, rec] of byStack) {
    const frames = stacks.get(id) ?? []
    const key = pcKey(frames)
    const m = merged.get(key)
    if (m === undefined) merged.set(key, { ...rec, frames })
    else {
      m.count += rec.count
      m.delayNs += rec.delayNs
      if (rec.lastEndNs > m.lastEndNs) {
        m.lastEndNs = rec.lastEndNs
        m.frames = frames
      }
    }
  }
  const records = [...merged.entries()]
    .map(([key, r]) => ({ key, ...r }))
    .sort((a, b) => b.delayNs - a.delayNs || b.count - a.count || (a.key < b.key ? -1 : 1))
  const frames: ProfileFrame[] = []
  const frameIndex = new Map<number, number>()
  const samples: ProfileSample[] = []
  let totalCount = 0
  let totalDelayNs = 0
  for (const r of records) {
    const stack: number[] = []
    for (const f of r.frames.slice(0, MAX_FRAMES)) {
      let at = frameIndex.get(f.pc)
      if (at === undefined) {
        at = frames.length
        frames.push(f)
        frameIndex.set(f.pc, at)
      }
      stack.push(at)
    }
    samples.push({ stack, count: r.count, delayNs: r.delayNs })
    totalCount += r.count
    totalDelayNs += r.delayNs
  }
  return { type, frames, samples, totalCount, totalDelayNs }
}

/** Go's dedup key: the first 128 PCs, zero-padded (so trailing zero PCs don't tell apart). */
function pcKey(frames: readonly ProfileFrame[]): string {
  const pcs = frames.slice(0, MAX_KEY_PCS).map((f) => f.pc)
  while (pcs.length > 0 && pcs[pcs.length - 1] === 0) pcs.pop()
  return pcs.join(',')
}
