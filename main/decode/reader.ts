import { TraceError } from './errors.ts'
import { Event, EvSync, mulTicks } from './event.ts'
import { isV1, readHeader } from './header.ts'
import { ByteSource } from './source.ts'
import { Ev } from './spec.ts'
import type { EvTable } from './table.ts'
import { convertV1 } from './v1/convert.ts'
import { BatchCursor, heapInsert, heapRemove, heapUpdate } from './v2/cursor.ts'
import {
  type Generation,
  readGeneration,
  readGenerationWithSpill,
  type Spill,
} from './v2/generation.ts'
import { Ordering } from './v2/order.ts'
import { goSortFunc } from './go-sort.ts'
import { specs } from './spec.ts'

/** What the v1 converter offers the reader (v1/convert.ts). */
export interface V1Events {
  /** The converted events' table (the whole v1 trace is one generation). */
  readonly table: EvTable
  /** Time of the first converted event, or undefined for an empty trace. */
  peekTime(): number | undefined
  next(): Event | undefined
  /** Time of the last event returned. */
  readonly lastTs: number
}

/**
 * Reads a Go execution trace of any format as a stream of parsed events, exactly as Go's
 * internal/trace Reader: a Sync event opens each generation and one more ends the trace; v2
 * generations are read one at a time, so memory follows the largest generation, not the file.
 *
 * `readEvent` returns undefined at the end and throws a TraceError for a broken trace; events
 * returned before the error are valid up to the last Sync. The Event returned may be reused by the
 * next call (that spares allocating tens of millions of objects): `clone()` one to keep it.
 */
export class TraceReader {
  /** Absolute ns of time 0 of the events' `time` (the first Sync of a v2 trace). */
  epochNs = 0n
  private lastTs = 0
  private gen: Generation | undefined
  private frontier: BatchCursor[] = []
  private cpuSamples: Generation['cpuSamples'] = []
  private cpuIdx = 0
  private readonly order = new Ordering()
  private syncs = 0
  private done = false
  private readGenErr: TraceError | undefined
  private spill: Spill | undefined
  private spillErr: TraceError | undefined
  private spillErrSync = false
  private readonly v1: V1Events | undefined
  private epochSet = false
  /** Complete generations read so far (for progress and partial-result reports). */
  generations = 0
  /** File offset just past the last generation that was read completely. */
  validOffset = 0

  private constructor(
    private readonly src: ByteSource,
    readonly version: number,
  ) {
    this.v1 = isV1(version) ? convertV1(src, version) : undefined
    this.validOffset = src.offset
  }

  static open(path: string): TraceReader {
    const src = ByteSource.fromFile(path)
    try {
      return TraceReader.fromSource(src)
    } catch (err) {
      src.close()
      throw err
    }
  }

  static fromBytes(bytes: Uint8Array): TraceReader {
    return TraceReader.fromSource(ByteSource.fromBytes(bytes))
  }

  private static fromSource(src: ByteSource): TraceReader {
    return new TraceReader(src, readHeader(src))
  }

  get header(): string {
    return `go 1.${this.version} trace`
  }

  /** Bytes of the file consumed so far. */
  get offset(): number {
    return this.src.offset
  }

  get size(): number {
    return this.src.size
  }

  close(): void {
    this.src.close()
  }

  readEvent(): Event | undefined {
    if (this.done) return undefined
    if (this.v1 !== undefined) return this.readV1()
    const ev = this.readV2()
    if (ev === undefined) return undefined
    validateTableIDs(ev)
    if (ev.time <= this.lastTs) ev.time = this.lastTs + 1
    this.lastTs = ev.time
    return ev
  }

  private readV1(): Event | undefined {
    const v1 = this.v1!
    if (this.syncs === 0) {
      const t = v1.peekTime()
      if (t !== undefined) {
        this.syncs++
        return syncEvent(v1.table, t - 1, this.syncs)
      }
    }
    const ev = v1.next()
    if (ev === undefined) {
      this.done = true
      this.syncs++
      this.generations = 1
      this.validOffset = this.src.offset
      return syncEvent(null, v1.lastTs + 1, this.syncs)
    }
    return ev
  }

  private readV2(): Event | undefined {
    const queued = this.order.next()
    if (queued !== undefined) return queued

    if (this.frontier.length === 0 && this.cpuIdx === this.cpuSamples.length) {
      if (this.version < 26) return this.nextGenWithSpill()
      if (this.readGenErr !== undefined) throw this.readGenErr
      let gen: Generation | undefined
      try {
        gen = readGeneration(this.src, this.version)
      } catch (err) {
        if (!(err instanceof TraceError)) throw err
        this.readGenErr = err.at(this.src.offset, this.generations + 1)
        this.gen = undefined
        this.syncs++
        return syncEvent(null, this.lastTs, this.syncs)
      }
      return this.installGen(gen)
    }
    const gen = this.gen!
    if (this.cpuIdx < this.cpuSamples.length) {
      const s = this.cpuSamples[this.cpuIdx]!
      if (this.frontier.length === 0 || s.time < this.frontier[0]!.ev.time) {
        this.cpuIdx++
        return new Event(gen.table, s.m, s.p, s.g, Ev.CPUSample, s.time, s.stack)
      }
    }
    if (!this.tryAdvance(0)) {
      goSortFunc(this.frontier, compareCursors)
      let success = false
      for (let i = 1; i < this.frontier.length; i++) {
        if (this.tryAdvance(i)) {
          success = true
          break
        }
      }
      if (!success) {
        throw new TraceError(
          'broken trace: failed to advance: no consistent ordering of events',
          undefined,
          gen.gen,
        )
      }
    }
    const ev = this.order.next()
    if (ev === undefined)
      throw new Error('invariant violation: advance successful, but queue is empty')
    return ev
  }

  private tryAdvance(i: number): boolean {
    const gen = this.gen!
    const bc = this.frontier[i]!
    let ok: boolean
    try {
      ok = this.order.advance(bc.ev, gen.table, bc.m, gen.gen, bc)
    } catch (err) {
      if (err instanceof TraceError) throw err.at(undefined, gen.gen)
      throw err
    }
    if (!ok) return false
    if (bc.next()) heapUpdate(this.frontier, i)
    else heapRemove(this.frontier, i)
    return true
  }

  private nextGenWithSpill(): Event | undefined {
    if (this.spillErr !== undefined) {
      if (this.spillErrSync) throw this.spillErr
      this.spillErrSync = true
      this.syncs++
      return syncEvent(null, this.lastTs, this.syncs)
    }
    if (this.gen !== undefined && this.spill === undefined) {
      this.done = true
      this.syncs++
      return syncEvent(null, this.lastTs, this.syncs)
    }
    let gen: Generation | undefined
    try {
      const res = readGenerationWithSpill(this.src, this.spill, this.version)
      gen = res.gen
      this.spill = res.spill
      this.spillErr = res.err
    } catch (err) {
      if (!(err instanceof TraceError)) throw err
      gen = undefined
      this.spill = undefined
      this.spillErr = err.at(this.src.offset, this.generations + 1)
    }
    if (gen === undefined) {
      this.gen = undefined
      this.spillErrSync = true
      this.syncs++
      return syncEvent(null, this.lastTs, this.syncs)
    }
    return this.installGen(gen, this.spillErr === undefined)
  }

  /** `complete` is false for a generation cut short by a read error (pre-1.26 formats). */
  private installGen(gen: Generation | undefined, complete = true): Event | undefined {
    if (gen === undefined) {
      this.gen = undefined
      this.done = true
      this.syncs++
      return syncEvent(null, this.lastTs, this.syncs)
    }
    const syncAbs = mulTicks(gen.minTs, gen.table.nsPerTick)
    if (!this.epochSet) {
      // Times are kept relative to the first Sync, so they stay exact in JS numbers.
      this.epochSet = true
      this.epochNs = syncAbs
      this.lastTs = Number(-syncAbs)
    }
    this.gen = gen
    if (complete) {
      this.generations++
      this.validOffset = gen.endOffset
    }
    gen.fixUpCpuSamples(this.epochNs)
    this.cpuSamples = gen.cpuSamples
    this.cpuIdx = 0
    for (const m of gen.batchMs) {
      const bc = new BatchCursor(m, gen.batches.get(m)!, gen.table.nsPerTick, this.epochNs)
      let ok: boolean
      try {
        ok = bc.next()
      } catch (err) {
        if (err instanceof TraceError) throw err.at(undefined, gen.gen)
        throw err
      }
      if (ok) heapInsert(this.frontier, bc)
    }
    this.syncs++
    return syncEvent(gen.table, Number(syncAbs - this.epochNs), this.syncs)
  }
}

function compareCursors(a: BatchCursor, b: BatchCursor): number {
  return a.ev.time < b.ev.time ? -1 : a.ev.time > b.ev.time ? 1 : 0
}

function syncEvent(table: EvTable | null, time: number, n: number): Event {
  return new Event(table, -1, -1, -1, EvSync, time, n)
}

/** Per wire type, the argument indexes of stack IDs and of string IDs (Go's spec, minus dt). */
const stackArgs: (readonly number[] | undefined)[] = []
const stringArgs: (readonly number[] | undefined)[] = []
specs.forEach((s, typ) => {
  if (s === undefined) return
  if (s.stackIDs.length > 0) stackArgs[typ] = s.stackIDs.map((i) => i - 1)
  if (s.stringIDs.length > 0) stringArgs[typ] = s.stringIDs.map((i) => i - 1)
})

/** Go's validateTableIDs: every stack and string an event refers to exists (ID 0 always does). */
function validateTableIDs(ev: Event): void {
  if (ev.type === EvSync) return
  const stacks = stackArgs[ev.type]
  if (stacks !== undefined) {
    for (let k = 0; k < stacks.length; k++) {
      const id = ev.arg(stacks[k]!)
      if (id !== 0 && !ev.table!.stacks.has(id)) {
        throw new TraceError(`found invalid stack ID ${id} for event ${specs[ev.type]!.name}`)
      }
    }
  }
  const strings = stringArgs[ev.type]
  if (strings !== undefined) {
    for (let k = 0; k < strings.length; k++) {
      const id = ev.arg(strings[k]!)
      if (id !== 0 && !ev.table!.strings.has(id)) {
        throw new TraceError(`found invalid string ID ${id} for event ${specs[ev.type]!.name}`)
      }
    }
  }
}
