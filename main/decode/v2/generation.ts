import { TraceError } from '../errors.ts'
import { mulTicks } from '../event.ts'
import { goSortFunc } from '../go-sort.ts'
import type { ByteSource } from '../source.ts'
import { Ev } from '../spec.ts'
import { EvTable } from '../table.ts'
import { decodeGoString } from '../strings.ts'
import { VarintReader } from '../varint.ts'
import { type Batch, batchKind, readBatch } from './batch.ts'

const MAX_STRING_BYTES = 1 << 10
const MAX_FRAMES_PER_STACK = 128

/** A CPU profile sample, ready to become a StackSample event. */
export interface CpuSample {
  readonly m: number
  readonly p: number
  readonly g: number
  /** ns relative to the reader's epoch (set by fixUpCpuSamples). */
  time: number
  readonly ticks: bigint
  readonly stack: number
}

/** One generation: its tables and its M event batches, ready for ordering. */
export class Generation {
  gen = 0
  readonly table = new EvTable()
  readonly batches = new Map<number, Batch[]>()
  /** Ms in the order their first event batch appeared in the file. */
  readonly batchMs: number[] = []
  cpuSamples: CpuSample[] = []
  /** Minimum header time over all batches, in ticks; 0 while none (Go's sentinel, quirks included). */
  minTs = 0n
  /** File offset of the generation's first batch. */
  startOffset = 0
  /** File offset just past the generation. */
  endOffset = 0
  bytes = 0

  add(b: Batch, version: number): void {
    if (this.minTs === 0n || b.time < this.minTs) this.minTs = b.time
    this.bytes += b.data.length
    switch (batchKind(b, version)) {
      case 'strings':
        return addStrings(this.table, b)
      case 'stacks':
        return addStacks(this.table, b)
      case 'cpuSamples':
        return addCpuSamples(this.cpuSamples, b)
      case 'sync':
        return setSync(this.table, b, version)
      case 'endOfGeneration':
        throw new TraceError(
          'internal error: unexpectedly processing EndOfGeneration; broken trace?',
          b.offset,
        )
      case 'events':
        if (b.exp !== 0) {
          let list = this.table.expBatches.get(b.exp)
          if (list === undefined) this.table.expBatches.set(b.exp, (list = []))
          list.push({ thread: b.m, data: b.data })
          return
        }
        {
          let list = this.batches.get(b.m)
          if (list === undefined) {
            this.batches.set(b.m, (list = []))
            this.batchMs.push(b.m)
          }
          list.push(b)
        }
    }
  }

  /** Checks run once the generation is complete (Go's tail of readGeneration). */
  finish(version: number): void {
    const t = this.table
    if (t.nsPerTick === 0) throw new TraceError('no frequency event found', undefined, this.gen)
    if (version >= 25 && t.clockSnapshot === undefined) {
      throw new TraceError('no clock snapshot event found', undefined, this.gen)
    }
    for (const [id, pcs] of t.stacks.entries()) {
      for (const pc of pcs) {
        const f = t.pcs.get(pc)
        if (f === undefined) {
          throw new TraceError(
            `found unknown pc ${pc.toString(16)} for stack ${id}`,
            undefined,
            this.gen,
          )
        }
        if (!t.strings.has(f.funcID)) {
          throw new TraceError(
            `found invalid func string ID ${f.funcID} for stack ${id}`,
            undefined,
            this.gen,
          )
        }
        if (!t.strings.has(f.fileID)) {
          throw new TraceError(
            `found invalid file string ID ${f.fileID} for stack ${id}`,
            undefined,
            this.gen,
          )
        }
      }
    }
  }

  /** Times the CPU samples relative to the epoch and sorts them, as Go's fixUpCPUSamples. */
  fixUpCpuSamples(epochNs: bigint): void {
    for (const s of this.cpuSamples)
      s.time = Number(mulTicks(s.ticks, this.table.nsPerTick) - epochNs)
    goSortFunc(this.cpuSamples, (a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
  }
}

function reader(b: Batch, header: number, what: string): VarintReader {
  const r = new VarintReader(b.data)
  if (r.byte() !== header) throw new TraceError(`missing ${what} batch header`, b.offset)
  return r
}

function check(r: VarintReader, b: Batch): void {
  if (r.bad) throw new TraceError('found invalid uvarint', b.offset)
}

function addStrings(t: EvTable, b: Batch): void {
  const r = reader(b, Ev.Strings, 'strings')
  while (r.remaining !== 0) {
    const ev = r.byte()
    if (ev !== Ev.String) throw new TraceError(`expected string event, got ${ev}`, b.offset)
    const id = r.uvarint()
    const len = r.uvarint()
    check(r, b)
    if (len > MAX_STRING_BYTES || len < 0) {
      throw new TraceError(`invalid string size ${len}, maximum is ${MAX_STRING_BYTES}`, b.offset)
    }
    if (r.remaining < len) {
      throw new TraceError(
        `failed to read full string: read ${r.remaining} but wanted ${len}`,
        b.offset,
      )
    }
    t.strings.insert(id, decodeGoString(b.data, r.pos, r.pos + len))
    r.pos += len
  }
}

function addStacks(t: EvTable, b: Batch): void {
  const r = reader(b, Ev.Stacks, 'stacks')
  while (r.remaining !== 0) {
    const ev = r.byte()
    if (ev !== Ev.Stack) throw new TraceError(`expected stack event, got ${ev}`, b.offset)
    const id = r.uvarint()
    const n = r.uvarint()
    check(r, b)
    if (n > MAX_FRAMES_PER_STACK || n < 0) {
      throw new TraceError(`invalid stack size ${n}, maximum is ${MAX_FRAMES_PER_STACK}`, b.offset)
    }
    const pcs: number[] = []
    for (let i = 0; i < n; i++) {
      const pc = r.uvarint()
      const funcID = r.uvarint()
      const fileID = r.uvarint()
      const line = r.uvarint()
      if (r.bad) {
        throw new TraceError(`reading frame ${i + 1} for stack ${id}: invalid uvarint`, b.offset)
      }
      pcs.push(pc)
      if (!t.pcs.has(pc)) t.pcs.set(pc, { pc, funcID, fileID, line })
    }
    t.stacks.insert(id, pcs)
  }
}

function addCpuSamples(samples: CpuSample[], b: Batch): void {
  const r = reader(b, Ev.CPUSamples, 'CPU samples')
  while (r.remaining !== 0) {
    const ev = r.byte()
    if (ev !== Ev.CPUSample) throw new TraceError(`expected CPU sample event, got ${ev}`, b.offset)
    const ticks = r.uvarintBig()
    const m = r.uvarint()
    const p = r.uvarint()
    const g = r.uvarint()
    const stack = r.uvarint()
    check(r, b)
    samples.push({ m, p, g: g === 0 ? -1 : g, time: 0, ticks, stack })
  }
}

function setSync(t: EvTable, b: Batch, version: number): void {
  const r = new VarintReader(b.data)
  if (version >= 25 && r.byte() !== Ev.Sync) {
    throw new TraceError('missing sync batch header', b.offset)
  }
  let lastTs = b.time
  while (r.remaining !== 0) {
    const ev = r.byte()
    if (ev === Ev.Frequency) {
      if (t.nsPerTick !== 0) throw new TraceError('found multiple frequency events', b.offset)
      const f = r.uvarint()
      check(r, b)
      t.nsPerTick = 1.0 / (f / 1e9)
    } else if (ev === Ev.ClockSnapshot && version >= 25) {
      if (t.clockSnapshot !== undefined) {
        throw new TraceError('found multiple clock snapshot events', b.offset)
      }
      lastTs += r.uvarintBig()
      const mono = r.uvarintBig()
      const sec = r.uvarintBig()
      const nsec = r.uvarint()
      check(r, b)
      t.clockSnapshot = { ticks: lastTs, mono, wallSec: BigInt.asIntN(64, sec), wallNsec: nsec }
    } else {
      throw new TraceError(`expected frequency or clock snapshot event, got ${ev}`, b.offset)
    }
  }
}

/** Reads a Go 1.26+ generation, which ends with an EndOfGeneration byte (Go's readGeneration). */
export function readGeneration(src: ByteSource, version: number): Generation | undefined {
  const g = new Generation()
  g.startOffset = src.offset
  for (;;) {
    const next = readBatch(src)
    if (next === undefined) {
      if (g.batches.size !== 0) {
        throw new TraceError(
          'incomplete generation found; trace likely truncated',
          src.offset,
          g.gen,
        )
      }
      return undefined
    }
    const { batch, gen } = next
    if (g.gen === 0) g.gen = gen
    if (batchKind(batch, version) === 'endOfGeneration') break
    if (gen === 0) throw new TraceError(`invalid generation number ${gen}`, batch.offset)
    if (gen !== g.gen) {
      throw new TraceError(
        'broken trace: missing end-of-generation event, or generations are interleaved',
        batch.offset,
        g.gen,
      )
    }
    g.add(batch, version)
  }
  g.endOffset = src.offset
  g.finish(version)
  return g
}

/** A batch of the next generation, read while looking for the end of the current one. */
export interface Spill {
  readonly gen: number
  readonly batch: Batch
}

/**
 * Reads a generation of a pre-1.26 trace, which has no end marker: a batch of the next generation
 * ends it and is "spilled" into the next call (Go's readGenerationWithSpill). A read error after
 * some batches is returned alongside the generation, to be reported after it.
 */
export function readGenerationWithSpill(
  src: ByteSource,
  spill: Spill | undefined,
  version: number,
): { gen: Generation | undefined; spill: Spill | undefined; err: TraceError | undefined } {
  const g = new Generation()
  g.startOffset = spill?.batch.offset ?? src.offset
  if (spill !== undefined) {
    g.gen = spill.gen
    g.add(spill.batch, version)
    spill = undefined
  }
  let err: TraceError | undefined
  for (;;) {
    let next
    try {
      next = readBatch(src)
    } catch (e) {
      if (!(e instanceof TraceError)) throw e
      if (g.gen !== 0) {
        err = e.at(undefined, g.gen)
        break
      }
      throw e
    }
    if (next === undefined) break
    const { batch, gen } = next
    if (gen === 0) throw new TraceError(`invalid generation number ${gen}`, batch.offset)
    if (g.gen === 0) g.gen = gen
    if (gen === g.gen + 1) {
      spill = { gen, batch }
      break
    }
    if (gen !== g.gen) throw new TraceError('generations out of order', batch.offset, g.gen)
    g.add(batch, version)
  }
  g.endOffset = spill?.batch.offset ?? src.offset
  g.finish(version)
  return { gen: g, spill, err }
}
