// Parser for the old (Go 1.11–1.21) trace format: a port of Go 1.26's
// src/internal/trace/internal/tracev1/parser.go. Like Go, it reads the whole trace, merges the
// per-P batches into one consistent stream, converts ticks to ns and validates the result.
//
// uint64 values (goroutine IDs, arguments, string IDs, PCs) are non-negative bigints and int64
// timestamps are bigints wrapped to 64 bits, so every comparison and overflow behaves as in Go.
import { TraceError } from '../errors.ts'
import { goSortFunc } from '../go-sort.ts'
import { quote } from '../go-format.ts'
import { decodeGoString } from '../strings.ts'
import { VarintReader } from '../varint.ts'
import {
  OrderEventList,
  type GState,
  stateTransition,
  transition,
  transitionReady,
  zeroGState,
} from './order.ts'
import { postProcessTrace } from './postprocess.ts'
import {
  EvBatch,
  EvCount,
  EvCPUSample,
  EvFrequency,
  EvGoBlock,
  EvGoBlockCond,
  EvGoBlockGC,
  EvGoBlockNet,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSend,
  EvGoBlockSync,
  EvGoEnd,
  EvGoInSyscall,
  EvGoPreempt,
  EvGoSched,
  EvGoSleep,
  EvGoStart,
  EvGoStartLabel,
  EvGoStartLocal,
  EvGoStop,
  EvGoSysBlock,
  EvGoSysExit,
  EvGoSysExitLocal,
  EvGoUnblock,
  EvGoUnblockLocal,
  EvGoWaiting,
  EvNone,
  EvStack,
  EvString,
  EvTimerGoroutine,
  EvUserLog,
  eventDescriptions,
  ProfileP,
  SyscallP,
  TimerP,
} from './spec.ts'

const maxUint64 = (1n << 64n) - 1n
const maxInt32 = 2147483647n

/** One v1 event. `ts` is in ticks while parsing and in ns (relative to the first event) after. */
export class Event {
  constructor(
    public ts: bigint,
    /** G on which the event happened. */
    public g: bigint,
    /** Event-type-specific arguments (Go's Args [4]uint64). */
    public readonly args: bigint[],
    /** Stack ID (uint32). */
    public stkID: number,
    /** P on which the event happened: a real P or one of the fake Ps (int32). */
    public p: number,
    public type: number,
  ) {}

  /** Go's Event.String(), which some validation errors quote. */
  toString(): string {
    const desc = eventDescriptions[this.type]!
    let s = `${this.ts} ${desc.name} p=${this.p} g=${this.g} stk=${this.stkID}`
    desc.args.forEach((a, i) => (s += ` ${a}=${this.args[i] ?? 0n}`))
    return s
  }
}

/** A frame of a stack: PC, function and file string IDs, line. */
export interface Frame {
  readonly pc: bigint
  readonly fn: bigint
  readonly file: bigint
  readonly line: bigint
}

/** The result of parse. */
export interface Trace {
  readonly version: number
  /** The sorted events; their `ts` is in ns. */
  readonly events: Event[]
  /** Stacks as lists of PCs, keyed by stack ID. */
  readonly stacks: Map<number, bigint[]>
  readonly pcs: Map<bigint, Frame>
  readonly strings: Map<bigint, string>
  readonly inlineStrings: string[]
}

/** Byte offset of, and number of events in, a batch (a P's run of time-sorted events). */
interface BatchOffset {
  offset: number
  numEvents: number
}

/** A P's batches; the ones before `head` were loaded (Go reslices instead). */
interface BatchOffsets {
  readonly list: BatchOffset[]
  head: number
}

export interface Proc {
  pid: number
  /** The remaining events in the current batch, from `head` on. */
  events: Event[]
  head: number
  /** There are no more batches left. */
  done: boolean
}

interface RawEvent {
  typ: number
  args: bigint[]
  sargs: string[]
  /** If typ is EvBatch, these describe the batch. */
  batchPid: number
  batchOffset: number
}

const skipArgs = 1
const skipStrings = 2

/** Go's readRawEvent returned io.EOF (no more events, or one of Go's EOF quirks). */
const EOF = false

const errMalformedVarint = 'malformatted base-128 varint'
const errTimeOrder = 'time stamps out of order'

/** Go's ErrTimeOrder. */
export function timeOrderError(): TraceError {
  return new TraceError(errTimeOrder)
}

/**
 * Go's Parse: `data` holds everything after the 16-byte header, which starts at file offset `base`
 * (used for error locations only).
 */
export function parse(data: Uint8Array, base: number, version: number): Trace {
  return new Parser(data, base, version).parse()
}

class Parser {
  private readonly r: VarintReader
  /** Offset in `data` of the raw event being read, for error locations. */
  private evStart = 0

  private readonly strings = new Map<bigint, string>()
  private readonly inlineStrings: string[] = []
  private readonly inlineStringsMapping = new Map<string, number>()
  /** Map from Ps to their batch offsets; iteration order is the order Ps first appear. */
  private readonly batchOffsets = new Map<number, BatchOffsets>()
  private readonly stacks = new Map<number, bigint[]>()
  private ticksPerSec = 0n
  private readonly pcs = new Map<bigint, Frame>()
  private cpuSamples: Event[] = []
  private readonly timerGoids = new Set<bigint>()

  // State for parseEvent.
  private lastTs = 0n
  private lastG = 0n
  /** Map from Ps to the last Gs that ran on them. */
  private readonly lastGs = new Map<number, bigint>()
  private lastP = 0

  constructor(
    data: Uint8Array,
    private readonly base: number,
    private readonly ver: number,
  ) {
    this.r = new VarintReader(data)
  }

  private err(msg: string): TraceError {
    return new TraceError(msg, this.base + this.evStart)
  }

  private get off(): number {
    return this.r.pos
  }

  private set off(v: number) {
    this.r.pos = v
  }

  private discard(n: bigint): boolean {
    const noff = BigInt(this.off) + n
    if (noff > BigInt(this.r.end)) return false
    this.off = Number(noff)
    return true
  }

  parse(): Trace {
    // 1. Collect the batches' locations (and the CPU samples, to save a pass).
    // 2. Parse the batches, merging them into a globally ordered event stream.
    // 3. Convert ticks to ns and move timers and syscalls to their fake Ps.
    // 4. Validate the trace.
    this.collectBatchesAndCPUSamples()
    const events = this.parseEventBatches()
    if (this.ticksPerSec === 0n) throw new TraceError('no EvFrequency event')

    if (events.length > 0) {
      const minTs = events[0]!.ts
      // Go uses floating point to avoid integer overflows.
      const freq = 1e9 / Number(this.ticksPerSec)
      for (const ev of events) {
        ev.ts = floatToInt64(Number(BigInt.asIntN(64, ev.ts - minTs)) * freq)
        if (this.timerGoids.has(ev.g) && ev.type === EvGoUnblock) ev.p = TimerP
        if (ev.type === EvGoSysExit) ev.p = SyscallP
      }
    }

    postProcessTrace(events, this.stacks)

    return {
      version: this.ver,
      events,
      stacks: this.stacks,
      strings: this.strings,
      inlineStrings: this.inlineStrings,
      pcs: this.pcs,
    }
  }

  /**
   * Reads the per-P batches and merges them into one consistent stream. Events within a batch are
   * ordered; the merge repeatedly takes, among the batches' first unmerged events whose
   * dependencies are merged ("ready"), the one with the lowest timestamp. This yields a consistent
   * stream even where timestamps are wrong.
   */
  private parseEventBatches(): Event[] {
    // CPU samples were written after the fact by a separate goroutine; re-sort them by the time
    // the signal handler captured.
    goSortFunc(this.cpuSamples, (a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))

    // Go ranges over a map here, so its P order is random; it only matters for events at equal
    // times on different Ps. The order Ps first appear in the file matches Go's output on every
    // deterministic trace of the corpus.
    const allProcs: Proc[] = []
    for (const pid of this.batchOffsets.keys()) {
      allProcs.push({ pid, events: [], head: 0, done: false })
    }
    allProcs.push({ pid: ProfileP, events: this.cpuSamples, head: 0, done: false })

    const events: Event[] = []
    const gs = new Map<bigint, GState>()
    const frontier = new OrderEventList()
    const availableProcs = allProcs.slice()
    const removeAt = (i: number): void => {
      const last = availableProcs.length - 1
      availableProcs[i] = availableProcs[last]!
      availableProcs.length = last
    }

    for (;;) {
      pidLoop: for (let i = 0; i < availableProcs.length; i++) {
        const proc = availableProcs[i]!
        while (proc.head === proc.events.length) {
          // Batches can be empty, hence the loop.
          const evs = this.loadBatch(proc.pid)
          if (evs === EOF) {
            // This P has no more events.
            proc.done = true
            removeAt(i)
            // Another proc took index i: look at it again.
            i--
            continue pidLoop
          }
          proc.events = evs
          proc.head = 0
        }

        const ev = proc.events[proc.head]!
        const { g, init } = stateTransition(ev)
        if (!transitionReady(g, gs.get(g) ?? zeroGState, init)) continue
        proc.head++
        removeAt(i)
        frontier.push({ ev, proc })
        i--
      }

      if (frontier.length === 0) {
        for (const p of allProcs) {
          if (!p.done) throw new TraceError('no consistent ordering of events possible')
        }
        break
      }
      const f = frontier.pop()

      // stateTransition is pure; recomputing it is cheaper than keeping it in the frontier.
      const { g, init, next } = stateTransition(f.ev)

      // "Local" events exist only for ordering.
      switch (f.ev.type) {
        case EvGoStartLocal:
          f.ev.type = EvGoStart
          break
        case EvGoUnblockLocal:
          f.ev.type = EvGoUnblock
          break
        case EvGoSysExitLocal:
          f.ev.type = EvGoSysExit
          break
      }
      events.push(f.ev)

      transition(gs, g, init, next)
      availableProcs.push(f.proc)
    }

    // The stream is consistent; its timestamps must respect the order too.
    for (let i = events.length - 1; i > 0; i--) {
      if (events[i]!.ts < events[i - 1]!.ts) throw timeOrderError()
    }

    // Give GoSysExit events their real time (args[2]), taken long before the event was emitted.
    // Setting it earlier would have misplaced the event in the merge.
    const lastSysBlock = new Map<bigint, bigint>()
    for (const ev of events) {
      switch (ev.type) {
        case EvGoSysBlock:
        case EvGoInSyscall:
          lastSysBlock.set(ev.g, ev.ts)
          break
        case EvGoSysExit: {
          const ts = BigInt.asIntN(64, ev.args[2]!)
          if (ts === 0n) continue
          const block = lastSysBlock.get(ev.g) ?? 0n
          if (block === 0n) throw new TraceError('stray syscall exit')
          if (ts < block) throw timeOrderError()
          ev.ts = ts
        }
      }
    }
    // Go's sort.Stable; Array.prototype.sort is stable, and a stable sort's result is unique.
    events.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0))
    return events
  }

  /** Records the offsets of batches and parses CPU samples. */
  private collectBatchesAndCPUSamples(): void {
    const raw: RawEvent = { typ: 0, args: [], sargs: [], batchPid: 0, batchOffset: 0 }
    let curP = 0
    for (;;) {
      if (this.readRawEvent(skipArgs | skipStrings, raw) === EOF) break
      if (raw.typ === EvNone) continue

      if (raw.typ === EvBatch) {
        let bo = this.batchOffsets.get(raw.batchPid)
        if (bo === undefined) this.batchOffsets.set(raw.batchPid, (bo = { list: [], head: 0 }))
        bo.list.push({ offset: raw.batchOffset, numEvents: 0 })
        curP = raw.batchPid
      }

      const batches = this.batchOffsets.get(curP)?.list
      if (batches === undefined || batches.length === 0) {
        throw this.err(`read event ${raw.typ} with current P of ${curP}, but P has no batches yet`)
      }
      batches[batches.length - 1]!.numEvents++

      if (raw.typ === EvCPUSample) {
        const narg = argNum(raw)
        if (raw.args.length !== narg) {
          throw this.err(
            `CPU sample has wrong number of arguments: want ${narg}, got ${raw.args.length}`,
          )
        }
        const e = new Event(0n, 0n, [0n, 0n, 0n, 0n], 0, 0, raw.typ)
        for (let i = 1; i < narg; i++) {
          if (i === narg - 1) e.stkID = Number(raw.args[i]! & 0xffffffffn)
          else e.args[i - 1] = raw.args[i]!
        }
        e.ts = BigInt.asIntN(64, e.args[0]!)
        e.p = Number(BigInt.asIntN(32, e.args[1]!))
        e.g = e.args[2]!
        e.args[0] = 0n
        // Kept in their own pseudo-P until the merge (there are far fewer of them than events).
        this.cpuSamples.push(e)
      }
    }
  }

  private readByte(): number | undefined {
    return this.off < this.r.end ? this.r.buf[this.r.pos++] : undefined
  }

  /** Go's readFull: the next n bytes, or undefined (io.ErrUnexpectedEOF) if fewer remain. */
  private readFull(n: bigint): [number, number] | undefined {
    if (this.off >= this.r.end || BigInt(this.off) + n > BigInt(this.r.end)) return undefined
    const start = this.off
    this.off += Number(n)
    return [start, this.off]
  }

  /** Go's readVal; undefined for a malformed varint. */
  private readVal(): bigint | undefined {
    const v = this.r.uvarintBig()
    if (this.r.bad) {
      this.r.bad = false
      return undefined
    }
    return v
  }

  private mustReadVal(wrap = ''): bigint {
    const v = this.readVal()
    if (v === undefined) throw this.err(wrap + errMalformedVarint)
    return v
  }

  /**
   * Reads a raw event into ev; returns EOF at the end of the data. The arguments are only read
   * (and strings only recorded) when the flags ask for them.
   */
  private readRawEvent(flags: number, ev: RawEvent): boolean {
    // The two top bits hold the argument count minus one: 0–2 mean 1–3 inline arguments (the
    // first usually a time delta); 3 means the arguments are prefixed by their byte length.
    const inlineArgs = 3

    this.evStart = this.off
    const b = this.readByte()
    if (b === undefined) return EOF
    const typ = b & 0x3f
    const narg = (b >> 6) + 1
    if (typ === EvNone || typ >= EvCount || eventDescriptions[typ]!.minVersion > this.ver) {
      throw this.err(`unknown event type ${typ}`)
    }

    switch (typ) {
      case EvString: {
        if ((flags & skipStrings) !== 0) {
          // String dictionary entry [ID, length, string].
          this.mustReadVal()
          const ln = this.mustReadVal()
          if (!this.discard(ln)) throw this.err('failed to read trace: EOF')
        } else {
          const id = this.mustReadVal()
          if (id === 0n) throw this.err('string has invalid id 0')
          if ((this.strings.get(id) ?? '') !== '') throw this.err(`string has duplicate id ${id}`)
          const ln = this.mustReadVal()
          if (ln === 0n) throw this.err('string has invalid length 0')
          if (ln > 1000000n) throw this.err(`string has too large length ${ln}`)
          const span = this.readFull(ln)
          if (span === undefined) throw this.err('failed to read trace: unexpected EOF')
          this.strings.set(id, decodeGoString(this.r.buf, span[0], span[1]))
        }
        ev.typ = EvNone
        return true
      }
      case EvBatch: {
        if (narg !== 2) throw this.err(`EvBatch has wrong number of arguments: got ${narg}, want 2`)
        // -1 because we've already read the first byte of the batch.
        const off = this.off - 1
        const pid = this.mustReadVal()
        if (pid !== maxUint64 && pid > maxInt32) {
          // Go's message names MaxUint as the maximum.
          throw this.err(`processor ID ${pid} is larger than maximum of ${maxUint64}`)
        }
        const pid32 = pid === maxUint64 ? -1 : Number(pid)
        const v = this.mustReadVal()
        ev.typ = EvBatch
        ev.args = [pid, v]
        ev.sargs = []
        ev.batchPid = pid32
        ev.batchOffset = off
        return true
      }
      default: {
        ev.typ = typ
        ev.args = []
        ev.sargs = []
        ev.batchPid = 0
        ev.batchOffset = 0
        const argErr = `failed to read event ${typ} argument: `
        if (narg <= inlineArgs) {
          for (let i = 0; i < narg; i++) {
            const v = this.mustReadVal(argErr)
            if ((flags & skipArgs) === 0) ev.args.push(v)
          }
        } else {
          // More than inlineArgs args: the first value is the length of the event in bytes.
          const v = this.mustReadVal(argErr)
          const limit = 2048n
          if (v > limit) {
            // At the time of Go 1.19, v seems to be at most 128.
            throw this.err(
              `${argErr}length-prefixed argument too big: ${v} bytes, limit is ${limit}`,
            )
          }
          if ((flags & skipArgs) === 0 || typ === EvCPUSample) {
            const span = this.readFull(v)
            if (span === undefined) throw this.err('failed to read trace: unexpected EOF')
            const br = new VarintReader(this.r.buf, span[0], span[1])
            while (br.remaining > 0) {
              const a = br.uvarintBig()
              if (br.bad) throw this.err(errMalformedVarint)
              ev.args.push(a)
            }
          } else if (!this.discard(v)) {
            throw this.err('failed to read trace: EOF')
          }
          if (typ === EvUserLog) {
            // EvUserLog records are followed by a value string.
            if ((flags & skipArgs) === 0) {
              ev.sargs.push(this.readStr())
            } else {
              const n = this.mustReadVal()
              // Go returns a bare io.EOF here, which ends the first pass quietly.
              if (!this.discard(n)) return EOF
            }
          }
        }
        return true
      }
    }
  }

  /** Loads the next batch of pid; EOF when it has none left. */
  private loadBatch(pid: number): Event[] | typeof EOF {
    const offsets = this.batchOffsets.get(pid)
    if (offsets === undefined || offsets.head === offsets.list.length) return EOF
    this.off = offsets.list[offsets.head++]!.offset

    const events: Event[] = []
    let gotHeader = false
    const raw: RawEvent = { typ: 0, args: [], sargs: [], batchPid: 0, batchOffset: 0 }
    for (;;) {
      if (this.readRawEvent(0, raw) === EOF) break
      if (raw.typ === EvNone || raw.typ === EvCPUSample) continue
      if (raw.typ === EvBatch) {
        if (gotHeader) break
        gotHeader = true
      }
      const ev = this.parseEvent(raw)
      if (ev !== undefined) events.push(ev)
    }
    return events
  }

  private readStr(): string {
    const sz = this.mustReadVal()
    if (sz === 0n) return ''
    if (sz > 1000000n) throw this.err(`string is too large (len=${sz})`)
    const span = this.readFull(sz)
    if (span === undefined) throw this.err('failed to read trace: unexpected EOF')
    return decodeGoString(this.r.buf, span[0], span[1])
  }

  /** Turns a raw event into an event (undefined for the ones that only update parser state). */
  private parseEvent(raw: RawEvent): Event | undefined {
    const desc = eventDescriptions[raw.typ]!
    if (desc.name === '') throw this.err(`missing description for event type ${raw.typ}`)
    const narg = argNum(raw)
    if (raw.args.length !== narg) {
      throw this.err(
        `${desc.name} has wrong number of arguments: want ${narg}, got ${raw.args.length}`,
      )
    }
    switch (raw.typ) {
      case EvBatch: {
        this.lastGs.set(this.lastP, this.lastG)
        const pid = raw.args[0]!
        if (pid !== maxUint64 && pid > maxInt32) {
          throw this.err(`processor ID ${pid} is larger than maximum of ${maxInt32}`)
        }
        this.lastP = pid === maxUint64 ? -1 : Number(pid)
        this.lastG = this.lastGs.get(this.lastP) ?? 0n
        this.lastTs = BigInt.asIntN(64, raw.args[1]!)
        return undefined
      }
      case EvFrequency:
        this.ticksPerSec = BigInt.asIntN(64, raw.args[0]!)
        // Most likely tick skew between CPUs.
        if (this.ticksPerSec <= 0n) throw timeOrderError()
        return undefined
      case EvTimerGoroutine:
        this.timerGoids.add(raw.args[0]!)
        return undefined
      case EvStack: {
        if (raw.args.length < 2) {
          throw this.err(
            `EvStack has wrong number of arguments: want at least 2, got ${raw.args.length}`,
          )
        }
        const size = raw.args[1]!
        if (size > 1000n) throw this.err(`EvStack has bad number of frames: ${size}`)
        const want = 2n + 4n * size
        if (BigInt(raw.args.length) !== want) {
          throw this.err(
            `EvStack has wrong number of arguments: want ${want}, got ${raw.args.length}`,
          )
        }
        const id = Number(raw.args[0]! & 0xffffffffn)
        if (id !== 0 && size > 0n) {
          const n = Number(size)
          const stk = new Array<bigint>(n)
          for (let i = 0; i < n; i++) {
            const pc = raw.args[2 + i * 4]!
            stk[i] = pc
            if (!this.pcs.has(pc)) {
              this.pcs.set(pc, {
                pc,
                fn: raw.args[2 + i * 4 + 1]!,
                file: raw.args[2 + i * 4 + 2]!,
                line: raw.args[2 + i * 4 + 3]!,
              })
            }
          }
          this.stacks.set(id, stk)
        }
        return undefined
      }
      case EvCPUSample:
        // Parsed during the indexing pass; they don't strictly belong to the batch.
        return undefined
    }

    const ev = new Event(0n, this.lastG, [0n, 0n, 0n, 0n], 0, this.lastP, raw.typ)
    ev.ts = BigInt.asIntN(64, this.lastTs + raw.args[0]!)
    this.lastTs = ev.ts
    for (let i = 1; i < narg; i++) {
      if (i === narg - 1 && desc.stack) ev.stkID = Number(raw.args[i]! & 0xffffffffn)
      else ev.args[i - 1] = raw.args[i]!
    }
    switch (raw.typ) {
      case EvGoStart:
      case EvGoStartLocal:
      case EvGoStartLabel:
        this.lastG = ev.args[0]!
        ev.g = this.lastG
        break
      case EvGoEnd:
      case EvGoStop:
      case EvGoSched:
      case EvGoPreempt:
      case EvGoSleep:
      case EvGoBlock:
      case EvGoBlockSend:
      case EvGoBlockRecv:
      case EvGoBlockSelect:
      case EvGoBlockSync:
      case EvGoBlockCond:
      case EvGoBlockNet:
      case EvGoSysBlock:
      case EvGoBlockGC:
        this.lastG = 0n
        break
      case EvGoSysExit:
      case EvGoWaiting:
      case EvGoInSyscall:
        ev.g = ev.args[0]!
        break
      case EvUserLog: {
        // args: 0 taskID, 1 keyID, 2 stackID, 3 messageID; sargs[0] is the message.
        const msg = raw.sargs[0]!
        let id = this.inlineStringsMapping.get(msg)
        if (id === undefined) {
          id = this.inlineStrings.length
          this.inlineStringsMapping.set(msg, id)
          this.inlineStrings.push(msg)
        }
        ev.args[3] = BigInt(id)
        break
      }
    }
    return ev
  }
}

/**
 * The total number of arguments of a raw event, counting the timestamp and the stack ID.
 */
function argNum(raw: RawEvent): number {
  const desc = eventDescriptions[raw.typ]!
  if (raw.typ === EvStack) return raw.args.length
  let narg = desc.args.length
  if (desc.stack) narg++
  switch (raw.typ) {
    case EvBatch:
    case EvFrequency:
    case EvTimerGoroutine:
      return narg
  }
  return narg + 1 // timestamp
}

/** Go's conversion of a float64 to int64 on amd64: out of range (or NaN) gives math.MinInt64. */
function floatToInt64(x: number): bigint {
  const t = Math.trunc(x)
  return Math.abs(t) < 2 ** 63 ? BigInt(t) : -(2n ** 63n)
}

/** For validation messages: Go's %q of an event (its String(), quoted). */
export function quoteEvent(ev: Event): string {
  return quote(ev.toString())
}
