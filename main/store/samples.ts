/**
 * CPU profile samples for the timeline: where samples fall on a goroutine, proc or thread track
 * between two times, merged into ticks at least a pixel apart. Reads only the samples inside the
 * window, through cpu_samples' time index.
 */
import type Database from 'better-sqlite3'
import {
  SAMPLE_FRAMES,
  type SampleBlock,
  type SpanQuery,
  type SpanTrackKind,
} from '../../common/timeline-api.ts'
import { cachedStatement } from './statements.ts'

const COLUMN: Record<SpanTrackKind, string> = { goroutine: 'gid', proc: 'p', thread: 'm' }

interface Bucket {
  key: number
  first: number
  last: number
  n: number
}

/** Growable tick columns. */
class TickBuilder {
  readonly start: number[] = []
  readonly end: number[] = []
  readonly count: number[] = []

  /** A pixel bucket's samples: a new tick, or more of the last one if less than `res` after it. */
  add(b: Bucket, res: number): void {
    const i = this.start.length - 1
    if (i >= 0 && b.first - this.end[i]! < res) {
      this.end[i] = b.last
      this.count[i] = this.count[i]! + b.n
      return
    }
    this.start.push(b.first)
    this.end.push(b.last)
    this.count.push(b.n)
  }

  /** `frames(t)`: the top functions of the stack of the first sample at time t. */
  finish(frames: (timeNs: number) => number[]): SampleBlock {
    const f = new Int32Array(this.start.length * SAMPLE_FRAMES)
    this.start.forEach((t, i) => f.set(frames(t), i * SAMPLE_FRAMES))
    return {
      startNs: Float64Array.from(this.start),
      endNs: Float64Array.from(this.end),
      count: Uint32Array.from(this.count),
      frames: f,
    }
  }
}

/**
 * Samples of each queried track in [startNs, endNs] at `res` ns per pixel (a power of two):
 * samples in one pixel bucket are counted in SQL, and buckets less than a pixel apart are merged.
 */
export function querySamples(
  db: Database.Database,
  queries: SpanQuery[],
  startNs: number,
  endNs: number,
  res: number,
): SampleBlock[] {
  const byKind = new Map<SpanTrackKind, Map<number, TickBuilder>>()
  for (const q of queries) {
    let m = byKind.get(q.kind)
    if (m === undefined) byKind.set(q.kind, (m = new Map<number, TickBuilder>()))
    m.set(q.id, new TickBuilder())
  }
  for (const [kind, builders] of byKind) {
    const col = COLUMN[kind]
    const rows = cachedStatement(
      db,
      `SELECT ${col} AS key, min(time_ns) AS first, max(time_ns) AS last, count(*) AS n
       FROM cpu_samples
       WHERE time_ns >= ? AND time_ns <= ? AND ${col} IN (SELECT value FROM json_each(?))
       GROUP BY ${col}, CAST(time_ns / ? AS INTEGER) ORDER BY ${col}, first`,
    ).all(startNs, endNs, JSON.stringify([...builders.keys()]), res) as Bucket[]
    for (const r of rows) builders.get(r.key)!.add(r, res)
  }
  const frames = topFrames(db)
  return queries.map((q) => {
    const stackAt = cachedStatement(
      db,
      `SELECT stack FROM cpu_samples WHERE time_ns = ? AND ${COLUMN[q.kind]} = ? LIMIT 1`,
    ).pluck()
    const ticks = byKind.get(q.kind)!.get(q.id)!
    return ticks.finish((t) => frames(stackAt.get(t, q.id) as number | null))
  })
}

/** The function names' string IDs of a stack's top SAMPLE_FRAMES frames, 0-padded. */
function topFrames(db: Database.Database): (stack: number | null) => number[] {
  const memo = new Map<number, number[]>()
  const read = cachedStatement(
    db,
    `SELECT f.func_id FROM stack_frames s JOIN frames f ON f.id = s.frame_id
     WHERE s.stack_id = ? AND s.pos < ? ORDER BY s.pos`,
  ).pluck()
  return (stack) => {
    if (stack === null) return []
    let ids = memo.get(stack)
    if (ids === undefined) memo.set(stack, (ids = read.all(stack, SAMPLE_FRAMES) as number[]))
    return ids
  }
}
