import type Database from 'better-sqlite3'
import { ChunkWriter } from '../chunks/chunk-writer.ts'
import { CounterChunkWriter } from '../chunks/counter-chunk.ts'
import { CounterLodWriter } from '../chunks/counter-lod.ts'
import { StateChunkEncoder } from '../chunks/goroutine-chunk.ts'
import { RunChunkEncoder } from '../chunks/run-chunk.ts'
import { GcWorkChunkEncoder } from '../chunks/gc-work-chunk.ts'
import { TableWriter } from '../table-writer.ts'
import { CounterRecorder, type Series } from './counters.ts'
import { LOD_PROC, LOD_THREAD, LodBuilder } from './lod.ts'
import { type StateAccount, StateTotals } from './state-totals.ts'
import { type GoroutineSums, GoroutineTotals } from './goroutine-totals.ts'

/** Bits of ChunkSink.state's flags. */
export const enum StateFlag {
  /** The state was entered before the trace started (stored with the interval). */
  BeforeTrace = 1,
  /** The interval's run on its P was already written with procRun (a syscall that lost it). */
  ProcRunWritten = 2,
}

const RUNNING = 3
const SYSCALL = 5
/** RangeKind.Sweep and MarkAssist (ranges.ts). */
const SWEEP = 2
const MARK_ASSIST = 3

/**
 * Where the builders' spans and counter changes go: the store's chunk tables, the bulk of an
 * ingestion's work (tens of millions of varints). EncodingChunkSink encodes and writes them
 * (and the sums kept for analyses: state_totals, goroutine_totals);
 * PipeChunkSink (chunk-pipe.ts) ships them to a worker thread that runs an EncodingChunkSink, so
 * decoding and encoding each get a core.
 *
 * Arguments are plain numbers so that a call is a fixed-size record: a time that is not known
 * (an interval still open when the trace ended, a syscall that never blocked) is NaN, a missing
 * stack is -1.
 */
export interface ChunkSink {
  /**
   * One goroutine state interval (goroutine_state_chunks), in each goroutine's time order. A
   * running or syscall interval is also a run of its P (unless p is -1 or flags has
   * ProcRunWritten) and of its M (unless m is -1): the sink writes those from it, which spares
   * a pipelined ingest two records per run. `nextState` is the state the goroutine moved to at
   * endNs: the goroutine counts per state follow from it (and from goroutineEntered).
   */
  state(
    gid: number,
    state: number,
    flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    p: number,
    m: number,
    startStack: number,
    endStack: number,
    causeGid: number,
    blockedNs: number,
    nextState: number,
  ): void
  /** A goroutine entered `state` at timeNs from no state interval (it was created, or first seen). */
  goroutineEntered(timeNs: number, state: number): void
  /** Goroutine `gid` ended: its last chunk can be written. */
  goroutineEnded(gid: number): void
  /**
   * A goroutine occupied proc `p` (proc_run_chunks and the procs' levels of detail) for part of
   * an interval: one that state() gets later, with ProcRunWritten.
   */
  procRun(p: number, startNs: number, endNs: number, gid: number, state: number): void
  /**
   * A counter's new value: metrics as they come, goroutine and thread counts one per series and
   * microsecond (CounterRecorder).
   */
  counter(series: Series, timeNs: number, value: number): void
  /**
   * A GC range (kind: RangeKind): sweeps and mark assists go to gc_work_chunks, the others to
   * the ranges table. `flags` StateFlag.BeforeTrace: it was active when the trace began, and
   * startNs is when the trace first saw it. An unknown end and byte counts are NaN, a missing
   * stack -1.
   */
  range(
    kind: number,
    nameId: number,
    gid: number,
    p: number,
    flags: number,
    startNs: number,
    endNs: number,
    startStack: number,
    endStack: number,
    sweptBytes: number,
    reclaimedBytes: number,
  ): void
  /** The time of the trace's first event (its first Sync); call before any interval. */
  traceStarted(timeNs: number): void
  /** Writes the partial chunks held in memory (bounds memory; called at a generation's end). */
  flushChunks(): void
  /** Where runs still open at the end stop in the levels of detail; call before closing them. */
  traceEnded(timeNs: number): void
  /** Writes everything still held. */
  finish(): void
}

/** The tables an EncodingChunkSink fills (in a pipelined ingest, the worker's): chunks and sums. */
export const SINK_TABLES: readonly string[] = [
  'goroutine_state_chunks',
  'proc_run_chunks',
  'thread_run_chunks',
  'lod_chunks',
  'counter_chunks',
  'counter_lod_chunks',
  'state_totals',
  'goroutine_totals',
  'ranges',
  'gc_work_chunks',
]

/** ChunkSink's conventions for an unknown value (NaN) and a missing stack (-1), as SQL NULL. */
const orNull = (x: number) => (Number.isNaN(x) ? null : x)
const stack = (x: number) => (x < 0 ? null : x)

const chunkColumns = (key: string) => [key, 'seq', 'start_ns', 'end_ns', 'count', 'busy_ns', 'data']
/** Chunk rows are few and big: each is written at once, from its encoder's own buffer. */
const AT_ONCE = { batchRows: 1 }

/**
 * A goroutine's open state chunk, with its sums: looked up once per goroutine rather than once
 * per interval (a lookup and its cache misses cost more than the sums themselves).
 */
class GoroutineChunk extends StateChunkEncoder {
  constructor(
    readonly account: StateAccount,
    readonly sums: GoroutineSums,
  ) {
    super()
  }
}

export class EncodingChunkSink implements ChunkSink {
  private readonly states: ChunkWriter<GoroutineChunk>
  private readonly procRuns: ChunkWriter<RunChunkEncoder>
  private readonly threadRuns: ChunkWriter<RunChunkEncoder>
  private readonly procLod: LodBuilder
  private readonly threadLod: LodBuilder
  private readonly lodRows: TableWriter
  private readonly counterRows: TableWriter
  private readonly counterLodRows: TableWriter
  private readonly counters: CounterChunkWriter
  private readonly rangeRows: TableWriter
  /** Sweeps by P and mark assists by goroutine. */
  private readonly sweeps: ChunkWriter<GcWorkChunkEncoder>
  private readonly assists: ChunkWriter<GcWorkChunkEncoder>
  private readonly totals: StateTotals
  private readonly goroutineTotals: GoroutineTotals
  /** The goroutine counts per state, from the intervals' transitions. */
  private readonly goroutineCounts = new CounterRecorder(this)
  private traceEndNs = 0

  constructor(db: Database.Database) {
    this.totals = new StateTotals(db)
    this.goroutineTotals = new GoroutineTotals(db)
    this.states = new ChunkWriter(
      new TableWriter(db, 'goroutine_state_chunks', chunkColumns('gid'), AT_ONCE),
      (gid) => new GoroutineChunk(this.totals.of(gid), this.goroutineTotals.of(gid)),
    )
    this.procRuns = new ChunkWriter(
      new TableWriter(db, 'proc_run_chunks', chunkColumns('p'), AT_ONCE),
      () => new RunChunkEncoder(),
    )
    this.threadRuns = new ChunkWriter(
      new TableWriter(db, 'thread_run_chunks', chunkColumns('m'), AT_ONCE),
      () => new RunChunkEncoder(),
    )
    this.lodRows = new TableWriter(
      db,
      'lod_chunks',
      ['kind', 'level', ...chunkColumns('key')],
      AT_ONCE,
    )
    this.procLod = new LodBuilder(this.lodRows, LOD_PROC)
    this.threadLod = new LodBuilder(this.lodRows, LOD_THREAD)
    this.counterRows = new TableWriter(
      db,
      'counter_chunks',
      [
        'series',
        'seq',
        'start_ns',
        'end_ns',
        'count',
        'min_value',
        'max_value',
        'last_value',
        'data',
      ],
      AT_ONCE,
    )
    this.counterLodRows = new TableWriter(
      db,
      'counter_lod_chunks',
      ['series', 'level', 'seq', 'start_ns', 'end_ns', 'count', 'data'],
      AT_ONCE,
    )
    this.counters = new CounterChunkWriter(
      this.counterRows,
      new CounterLodWriter(this.counterLodRows),
    )
    this.rangeRows = new TableWriter(db, 'ranges', [
      'kind',
      'name_id',
      'gid',
      'p',
      'start_ns',
      'end_ns',
      'start_stack',
      'end_stack',
      'swept_bytes',
      'reclaimed_bytes',
    ])
    const gcWorkRows = new TableWriter(
      db,
      'gc_work_chunks',
      ['kind', ...chunkColumns('key')],
      AT_ONCE,
    )
    const gcWork = (kind: number) =>
      new ChunkWriter(gcWorkRows, () => new GcWorkChunkEncoder(), [kind])
    this.sweeps = gcWork(SWEEP)
    this.assists = gcWork(MARK_ASSIST)
  }

  state(
    gid: number,
    state: number,
    flags: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    p: number,
    m: number,
    startStack: number,
    endStack: number,
    causeGid: number,
    blockedNs: number,
    nextState: number,
  ): void {
    if (!Number.isNaN(endNs)) this.goroutineCounts.goroutineMoved(endNs, state, nextState)
    const enc = this.states.encoder(gid)
    enc.addFields(
      state,
      flags,
      reasonId,
      startNs,
      endNs,
      p,
      m,
      startStack,
      endStack,
      causeGid,
      blockedNs,
    )
    this.states.added(gid, enc)
    this.totals.add(enc.account, state, reasonId, startNs, endNs, startStack)
    this.goroutineTotals.add(enc.sums, state, flags, reasonId, startNs, endNs, p, blockedNs)
    if (state !== RUNNING && state !== SYSCALL) return
    if (p >= 0 && (flags & StateFlag.ProcRunWritten) === 0) {
      this.procRun(p, startNs, endNs, gid, state)
    }
    if (m >= 0) this.threadRun(m, startNs, endNs, gid, state)
  }

  goroutineEntered(timeNs: number, state: number): void {
    this.goroutineCounts.goroutineMoved(timeNs, 0, state)
  }

  goroutineEnded(gid: number): void {
    this.states.close(gid)
    this.assists.close(gid)
  }

  procRun(p: number, startNs: number, endNs: number, gid: number, state: number): void {
    const enc = this.procRuns.encoder(p)
    enc.add(startNs, endNs, gid, state)
    this.procRuns.added(p, enc)
    this.procLod.add(p, startNs, Number.isNaN(endNs) ? this.traceEndNs : endNs, state, gid)
  }

  private threadRun(m: number, startNs: number, endNs: number, gid: number, state: number): void {
    const enc = this.threadRuns.encoder(m)
    enc.add(startNs, endNs, gid, state)
    this.threadRuns.added(m, enc)
    this.threadLod.add(m, startNs, Number.isNaN(endNs) ? this.traceEndNs : endNs, state, gid)
  }

  counter(series: Series, timeNs: number, value: number): void {
    this.counters.add(series, timeNs, value)
  }

  range(
    kind: number,
    nameId: number,
    gid: number,
    p: number,
    flags: number,
    startNs: number,
    endNs: number,
    startStack: number,
    endStack: number,
    sweptBytes: number,
    reclaimedBytes: number,
  ): void {
    if (kind === SWEEP || kind === MARK_ASSIST) {
      const sweep = kind === SWEEP
      const writer = sweep ? this.sweeps : this.assists
      const key = sweep ? p : gid
      const enc = writer.encoder(key)
      enc.add(
        startNs,
        endNs,
        flags,
        sweep ? -1 : p,
        startStack,
        endStack,
        sweptBytes,
        reclaimedBytes,
      )
      writer.added(key, enc)
      return
    }
    this.rangeRows.add(
      kind,
      nameId,
      gid,
      p,
      (flags & StateFlag.BeforeTrace) !== 0 ? null : startNs,
      orNull(endNs),
      stack(startStack),
      stack(endStack),
      orNull(sweptBytes),
      orNull(reclaimedBytes),
    )
  }

  flushChunks(): void {
    this.states.flushAll()
    this.procRuns.flushAll()
    this.threadRuns.flushAll()
    this.procLod.flushChunks()
    this.threadLod.flushChunks()
    this.sweeps.flushAll()
    this.assists.flushAll()
  }

  traceStarted(timeNs: number): void {
    this.goroutineTotals.started(timeNs)
  }

  traceEnded(timeNs: number): void {
    this.traceEndNs = timeNs
    this.goroutineTotals.ended(timeNs)
  }

  finish(): void {
    this.totals.finish()
    this.goroutineTotals.finish()
    this.goroutineCounts.finish()
    this.counters.finish()
    this.procLod.finish()
    this.threadLod.finish()
    this.flushChunks()
    // The chunk tables' writers write each row at once (AT_ONCE): only the ranges' batch waits.
    this.rangeRows.flush()
  }
}
