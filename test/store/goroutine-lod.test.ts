import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { SpanBlock } from '../../common/timeline-api.ts'
import { type StateInterval, StateChunkEncoder } from '../../main/store/chunks/goroutine-chunk.ts'
import { chunkBlobs } from '../../main/store/chunk-blobs.ts'
import { type StateChunkRef, decodedStates } from '../../main/store/decoded-states.ts'
import { loadSchema } from '../../main/store/schema.ts'
import {
  LodMerger,
  SpanBuilder,
  quantizeResolution,
  querySpans,
} from '../../main/store/viewport.ts'
import { mulberry32 } from '../support/prng.ts'

const GID = 7
const SPANS_PER_CHUNK = 50
const RUNNING = 3
const SYSCALL = 5

/**
 * One goroutine's intervals, up to 2^28 ns long in stretches of a chunk or so, so that at every
 * stored level some chunks hold a span a pixel wide and some do not; some gaps (the goroutine not
 * existing), also before chunks that begin with a span wide at every level (where a merged span
 * reaches across the gap from the chunk before); syscalls (an extra field to step over); the
 * last interval still open at the end.
 */
function intervals(seed: number, n: number): StateInterval[] {
  const rand = mulberry32(seed)
  const out: StateInterval[] = []
  let t = 1000
  let scale = 0
  for (let i = 0; i < n; i++) {
    if (i % 40 === 0) scale = 2 ** (10 + Math.floor(rand() * 18))
    // Some exactly a pixel wide at a level: the narrowest spans the merge passes through whole.
    let dur =
      rand() < 0.05 ? 2 ** (13 + 3 * Math.floor(rand() * 5)) : Math.floor(rand() * scale) + 1
    if (rand() < 0.02) t += Math.floor(rand() * 2 ** 24)
    if (i % SPANS_PER_CHUNK === 0 && rand() < 0.3) {
      t += Math.floor(rand() * 2 ** 20)
      dur = 2 ** 27
    }
    const state = [2, RUNNING, 4, SYSCALL][Math.floor(rand() * 4)]!
    out.push({
      state,
      flags: 0,
      reasonId: 1 + Math.floor(rand() * 5),
      startNs: t,
      endNs: i === n - 1 ? null : t + dur,
      p: 0,
      m: 0,
      startStack: null,
      endStack: null,
      causeGid: -1,
      blockedNs: state === SYSCALL && rand() < 0.5 ? t + 1 : null,
    })
    t += dur
  }
  return out
}

/** A store holding one goroutine's intervals, in chunks of SPANS_PER_CHUNK. */
function store(ivs: StateInterval[]): Database.Database {
  const db = new Database(':memory:')
  const schema = loadSchema()
  db.exec(schema.tables)
  db.exec(schema.indexes)
  const insert = db.prepare(
    `INSERT INTO goroutine_state_chunks (gid, seq, start_ns, end_ns, count, busy_ns, data)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  )
  for (let seq = 0; seq * SPANS_PER_CHUNK < ivs.length; seq++) {
    const enc = new StateChunkEncoder()
    for (const iv of ivs.slice(seq * SPANS_PER_CHUNK, (seq + 1) * SPANS_PER_CHUNK)) enc.add(iv)
    const row = [GID, seq, enc.firstStartNs, enc.lastEndNs, enc.count, enc.busyNs] as const
    insert.run(...row, enc.take())
  }
  return db
}

/** What a zoomed-out goroutine track shows: its whole merge at `level`, merged on to `nsPerPx`. */
function wholeMerge(
  ivs: StateInterval[],
  level: number,
  startNs: number,
  endNs: number,
  nsPerPx: number,
  traceEndNs: number,
): SpanBlock {
  const lod = new SpanBuilder()
  const m = new LodMerger(lod, 2 ** level)
  for (const iv of ivs) {
    const end = iv.endNs ?? traceEndNs
    m.add(iv.startNs, end, iv.state, iv.reasonId, 1, iv.state === RUNNING ? end - iv.startNs : 0)
  }
  m.flush()
  const whole = lod.finish()
  const out = new SpanBuilder()
  const q = new LodMerger(out, quantizeResolution(nsPerPx))
  for (let i = 0; i < whole.startNs.length; i++) {
    const [s, e] = [whole.startNs[i]!, whole.endNs[i]!]
    if (e < startNs || s > endNs) continue
    q.add(s, e, whole.code[i]!, whole.id[i]!, whole.count[i]!, whole.busy[i]! * (e - s))
  }
  q.flush()
  return out.finish()
}

describe('busy goroutines zoomed out, made piece by piece', () => {
  it('show exactly the spans of a merge of the whole goroutine, whatever the order of views', () => {
    const ivs = intervals(11, 40 * SPANS_PER_CHUNK)
    const db = store(ivs)
    const last = ivs.at(-1)!
    const traceEndNs = last.startNs + 2 ** 26
    // Where windows start: at spans, in the gaps between them (a merged span may reach in from
    // before), in the last one (open: it ends with the trace), before them all, after them all.
    const gaps = ivs.slice(1).filter((iv, i) => iv.startNs > ivs[i]!.endNs!)
    const rand = mulberry32(5)
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!
    for (let q = 0; q < 600; q++) {
      const level = pick([13, 16, 19, 22, 25])
      const nsPerPx = 2 ** (level + Math.floor(rand() * 3))
      const windowNs = Math.floor(2 ** (10 + rand() * (Math.log2(traceEndNs) - 9)))
      const startNs = pick([
        () => pick(ivs).startNs,
        () => pick(gaps).startNs - Math.floor(rand() * 2 ** level),
        () => last.startNs + Math.floor(rand() * (traceEndNs - last.startNs)),
        () => -windowNs / 2,
        () => traceEndNs + 1,
      ])()
      const endNs = startNs + windowNs
      const got = querySpans(db, 'goroutine', GID, startNs, endNs, nsPerPx, traceEndNs)
      const want = wholeMerge(ivs, level, startNs, endNs, nsPerPx, traceEndNs)
      expect(got, `view ${q}: ${startNs}+${windowNs} at 2^${Math.log2(nsPerPx)} ns/px`).toEqual(
        want,
      )
    }
    db.close()
  })
})

describe('chunk blobs', () => {
  it('come in the order asked, across gaps between runs of consecutive chunks', () => {
    const db = store(intervals(3, 10 * SPANS_PER_CHUNK))
    const src = { table: 'goroutine_state_chunks', where: 'gid = ?', params: [GID], busy: '0' }
    const one = db.prepare('SELECT data FROM goroutine_state_chunks WHERE gid = ? AND seq = ?')
    const seqs = [0, 1, 2, 5, 7, 8]
    const want = seqs.map((seq) => (one.get(GID, seq) as { data: Uint8Array }).data)
    expect(chunkBlobs(db, src, seqs)).toEqual(want)
    expect(() => chunkBlobs(db, src, [9, 10])).toThrow(/misses a chunk/)
    db.close()
  })
})

describe('decoded state chunks', () => {
  it('hold the drawn columns of their intervals, and are kept for the next view', () => {
    const ivs = intervals(5, 6 * SPANS_PER_CHUNK)
    const db = store(ivs)
    const refs = db
      .prepare('SELECT seq, start_ns, count FROM goroutine_state_chunks WHERE gid = ? ORDER BY seq')
      .all(GID) as StateChunkRef[]
    const all = decodedStates(db, GID, refs)
    const column = (f: (i: number, k: number) => number) =>
      all.flatMap((d, k) => Array.from({ length: d.count }, (_, i) => f(i, k)))
    expect(column((i, k) => all[k]!.startNs[i]!)).toEqual(ivs.map((iv) => iv.startNs))
    expect(column((i, k) => all[k]!.endNs[i]!)).toEqual(ivs.map((iv) => iv.endNs ?? NaN))
    expect(column((i, k) => all[k]!.state[i]!)).toEqual(ivs.map((iv) => iv.state))
    expect(column((i, k) => all[k]!.reasonId[i]!)).toEqual(ivs.map((iv) => iv.reasonId))
    const again = decodedStates(db, GID, [refs[1]!, refs[4]!])
    expect(again[0]).toBe(all[1])
    expect(again[1]).toBe(all[4])
    db.close()
  })
})
