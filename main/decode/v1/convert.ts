// Conversion of v1 (Go 1.11–1.21) traces to the v2 event model: a port of Go 1.26's
// src/internal/trace/tracev1.go. The whole v1 trace becomes one generation sharing one table.
//
// Most events map one to one, at worst with their arguments reordered. GoSysCall, an instant in
// v1, becomes a 1 ns GoSyscallBegin+GoSyscallEnd pair unless the goroutine's next event is a
// GoSysBlock, in which case it is a GoSyscallBegin that the later GoSysExit ends.
import { TraceError } from '../errors.ts'
import { Event } from '../event.ts'
import { Ev, specs } from '../spec.ts'
import type { ByteSource } from '../source.ts'
import { EvTable } from '../table.ts'
import type { V1Events } from '../reader.ts'
import { WireGoStatus, WireProcStatus } from '../model.ts'
import { type Event as V1Event, parse, type Trace } from './parser.ts'
import {
  EvCPUSample,
  EvGCDone,
  EvGCMarkAssistDone,
  EvGCMarkAssistStart,
  EvGCStart,
  EvGCSweepDone,
  EvGCSweepStart,
  EvGoBlock,
  EvGoBlockCond,
  EvGoBlockGC,
  EvGoBlockNet,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSend,
  EvGoBlockSync,
  EvGoCreate,
  EvGoEnd,
  EvGoInSyscall,
  EvGoPreempt,
  EvGoSched,
  EvGoSleep,
  EvGomaxprocs,
  EvGoStart,
  EvGoStartLabel,
  EvGoStop,
  EvGoSysBlock,
  EvGoSysCall,
  EvGoSysExit,
  EvGoUnblock,
  EvGoWaiting,
  EvHeapAlloc,
  EvHeapGoal,
  EvProcStart,
  EvProcStop,
  EvSTWDone,
  EvSTWStart,
  EvUserLog,
  EvUserRegion,
  EvUserTaskCreate,
  EvUserTaskEnd,
  eventDescriptions,
  stwReason,
} from './spec.ts'

// Block reasons, then STW kinds: the strings the converter adds to the table (Go's s* constants).
const sForever = 0
const sPreempted = 1
const sGosched = 2
const sSleep = 3
const sChanSend = 4
const sChanRecv = 5
const sNetwork = 6
const sSync = 7
const sSyncCond = 8
const sSelect = 9
const sEmpty = 10
const sMarkAssistWait = 11
const sSTWUnknown = 12
const builtinStrings: readonly string[] = [
  'forever',
  'preempted',
  'runtime.Gosched',
  'sleep',
  'chan send',
  'chan receive',
  'network',
  'sync',
  'sync.(*Cond).Wait',
  'select',
  '',
  'GC mark assist wait for work',
  // STW kinds, in the order of the runtime's STW reasons (sSTWUnknown + reason).
  '',
  'GC mark termination',
  'GC sweep termination',
  'write heap dump',
  'goroutine profile',
  'goroutine profile cleanup',
  'all goroutine stack trace',
  'read mem stats',
  'AllThreadsSyscall',
  'GOMAXPROCS',
  'start trace',
  'stop trace',
  'CountPagesInUse (test)',
  'ReadMetricsSlow (test)',
  'ReadMemStatsSlow (test)',
  'PageCachePagesLeaked (test)',
  'ResetDebugLog (test)',
]
const sLast = builtinStrings.length

const NoThread = -1
const NoGoroutine = -1
const NoProc = -1
const NoTask = -1

/** A uint64 value as the v2 side keeps IDs and arguments: its int64 reinterpretation. */
function u64(x: bigint): number {
  return Number(BigInt.asIntN(64, x))
}

interface TaskState {
  name: string
  parentID: number
}

/** Reads the rest of the trace (everything after the header) and converts it. */
export function convertV1(src: ByteSource, version: number): V1Events {
  const base = src.offset
  const remaining = src.size - base
  // Go reads the whole v1 trace into memory too; only a length JS cannot allocate is refused.
  if (remaining > 2 ** 31) {
    throw new TraceError(`trace too large for the v1 parser: ${remaining} bytes`, base)
  }
  const data = src.take(remaining)
  return new TraceV1Converter(parse(data, base, version))
}

/** Go's traceV1Converter: an iterator of v2 events over the parsed v1 trace. */
class TraceV1Converter implements V1Events {
  readonly table = new EvTable()
  private preInit = true
  private createdPreInit: Set<bigint> | undefined = new Set()
  private readonly events: V1Event[]
  /** Index of the next event to convert (Go's Events.Pop cursor). */
  private off = 0
  /** For each event, the index of the next event of the same goroutine, or -1. */
  private readonly nextOfG: Int32Array
  /** Events made up by the last conversion, still to be returned from `extraHead` on. */
  private extra: Event[] = []
  private extraHead = 0
  private readonly tasks = new Map<number, TaskState>()
  private readonly seenProcs = new Set<number>()
  lastTs = -1
  private readonly procMs = new Map<number, number>()
  private lastStwReason = 0

  private readonly inlineToStringID: number[] = []
  private readonly builtinToStringID: number[] = []

  private readonly version: number

  constructor(trace: Trace) {
    this.version = trace.version
    this.events = trace.events
    this.init(trace)
    this.nextOfG = nextOfSameG(this.events)
  }

  private init(pr: Trace): void {
    const strings = this.table.strings

    // The v1 strings keep their IDs.
    let max = 0n
    for (const [id, s] of pr.strings) {
      try {
        strings.insert(u64(id), s)
      } catch {
        // Go ignores this error; distinct uint64 IDs can only collide here beyond 2^53.
      }
      if (id > max) max = id
    }

    // UserLog messages were inline in v1; they get the IDs after the largest one.
    const limit = 1n << 64n
    if (max + BigInt(pr.inlineStrings.length) >= limit) {
      // Go ignores init's error and then fails on the first converted event that needs a string.
      throw new TraceError('trace contains too many strings')
    }
    const add = (id: number, s: string): void => {
      try {
        strings.insert(id, s)
      } catch (err) {
        // This should be impossible.
        if (err instanceof TraceError) throw new TraceError(`couldn't add strings: ${err.detail}`)
        throw err
      }
    }
    pr.inlineStrings.forEach((s, i) => {
      const nid = u64(max + 1n + BigInt(i))
      this.inlineToStringID.push(nid)
      add(nid, s)
    })
    max += BigInt(pr.inlineStrings.length)

    // Then the strings the converter emits itself.
    if (max + BigInt(sLast) >= limit) throw new TraceError('trace contains too many strings')
    builtinStrings.forEach((s, c) => {
      const nid = u64(max + 1n + BigInt(c))
      this.builtinToStringID.push(nid)
      add(nid, s)
    })

    for (const [id, stk] of pr.stacks) this.table.stacks.insert(id, stk.map(u64))
    for (const [pc, f] of pr.pcs) {
      this.table.pcs.set(u64(pc), {
        pc: u64(pc),
        funcID: u64(f.fn),
        fileID: u64(f.file),
        line: u64(f.line),
      })
    }
  }

  peekTime(): number | undefined {
    const ev = this.events[this.off]
    return ev === undefined ? undefined : Number(ev.ts)
  }

  /** The next converted event, or undefined at the end. */
  next(): Event | undefined {
    for (;;) {
      let ev = this.extra[this.extraHead++]
      if (ev === undefined) {
        this.extra = []
        this.extraHead = 0
        const i = this.off
        const oev = this.events[i]
        if (oev === undefined) return undefined
        this.off++
        // Converted events are no longer needed (Go frees its event buckets as it goes).
        ;(this.events as (V1Event | undefined)[])[i] = undefined
        ev = this.convertEvent(oev, i)
        if (ev === undefined) continue // Go's errSkip
      }
      // Two events can't share a timestamp in the new API, but GoStatus events made up here can.
      if (ev.time <= this.lastTs) ev.time = this.lastTs + 1
      this.lastTs = ev.time
      return ev
    }
  }

  private builtin(c: number): number {
    return this.builtinToStringID[c]!
  }

  private ev(g: number, p: number, m: number, typ: number, time: number, args: number[]): Event {
    return new Event(this.table, m, p, g, typ, time, args[0], args[1], args[2], args[3])
  }

  /**
   * Converts one v1 event to zero or more v2 events: returns the first (undefined for none) and
   * queues the rest in `extra`.
   */
  private convertEvent(ev: V1Event, idx: number): Event | undefined {
    let mappedType = 0
    const mappedArgs = ev.args.map(u64)
    const time = Number(ev.ts)
    const stk = ev.stkID

    switch (ev.type) {
      case EvGomaxprocs:
        mappedType = Ev.ProcsChange
        if (this.preInit) {
          // The first Gomaxprocs ends the trace's initialization: every goroutine that existed at
          // trace start has been seen. The ones that got neither GoWaiting, GoInSyscall nor GoStart
          // were idle or runnable.
          this.preInit = false
          for (const gid of this.createdPreInit!) {
            this.extra.push(
              this.ev(NoGoroutine, NoProc, NoThread, Ev.GoStatus, time, [
                u64(gid),
                -1,
                WireGoStatus.Runnable,
              ]),
            )
          }
          this.createdPreInit = undefined
          return undefined
        }
        break
      case EvProcStart:
        this.procMs.set(ev.p, u64(ev.args[0]!))
        if (this.seenProcs.has(ev.p)) {
          mappedType = Ev.ProcStart
          setArgs(mappedArgs, ev.p)
        } else {
          this.seenProcs.add(ev.p)
          mappedType = Ev.ProcStatus
          setArgs(mappedArgs, ev.p, WireProcStatus.Running)
        }
        break
      case EvProcStop:
        if (this.seenProcs.has(ev.p)) {
          mappedType = Ev.ProcStop
          setArgs(mappedArgs, ev.p)
        } else {
          this.seenProcs.add(ev.p)
          mappedType = Ev.ProcStatus
          setArgs(mappedArgs, ev.p, WireProcStatus.Idle)
        }
        break
      case EvGCStart:
        mappedType = Ev.GCBegin
        break
      case EvGCDone:
        mappedType = Ev.GCEnd
        break
      case EvSTWStart: {
        const sid = this.builtin(sSTWUnknown + stwReason(this.version, ev.args[0]!))
        this.lastStwReason = sid
        mappedType = Ev.STWBegin
        setArgs(mappedArgs, sid)
        break
      }
      case EvSTWDone:
        mappedType = Ev.STWEnd
        setArgs(mappedArgs, this.lastStwReason)
        break
      case EvGCSweepStart:
        mappedType = Ev.GCSweepBegin
        break
      case EvGCSweepDone:
        mappedType = Ev.GCSweepEnd
        break
      case EvGoCreate:
        if (this.preInit) {
          this.createdPreInit!.add(ev.args[0]!)
          return undefined
        }
        mappedType = Ev.GoCreate
        break
      case EvGoStart:
        if (this.preInit) {
          mappedType = Ev.GoStatus
          setArgs(mappedArgs, u64(ev.args[0]!), -1, WireGoStatus.Running)
          this.createdPreInit!.delete(ev.args[0]!)
        } else {
          mappedType = Ev.GoStart
        }
        break
      case EvGoStartLabel: {
        // Go indexes procMs directly here, so a P without a ProcStart gets M 0, not NoThread.
        const m = this.procMs.get(ev.p) ?? 0
        this.extra.push(this.ev(u64(ev.g), ev.p, m, Ev.GoLabel, time, [u64(ev.args[2]!)]))
        return this.ev(u64(ev.g), ev.p, m, Ev.GoStart, time, mappedArgs)
      }
      case EvGoEnd:
        mappedType = Ev.GoDestroy
        break
      case EvGoStop:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sForever), stk)
        break
      case EvGoSched:
        mappedType = Ev.GoStop
        setArgs(mappedArgs, this.builtin(sGosched), stk)
        break
      case EvGoPreempt:
        mappedType = Ev.GoStop
        setArgs(mappedArgs, this.builtin(sPreempted), stk)
        break
      case EvGoSleep:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sSleep), stk)
        break
      case EvGoBlock:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sEmpty), stk)
        break
      case EvGoUnblock:
        mappedType = Ev.GoUnblock
        break
      case EvGoBlockSend:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sChanSend), stk)
        break
      case EvGoBlockRecv:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sChanRecv), stk)
        break
      case EvGoBlockSelect:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sSelect), stk)
        break
      case EvGoBlockSync:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sSync), stk)
        break
      case EvGoBlockCond:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sSyncCond), stk)
        break
      case EvGoBlockNet:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sNetwork), stk)
        break
      case EvGoBlockGC:
        mappedType = Ev.GoBlock
        setArgs(mappedArgs, this.builtin(sMarkAssistWait), stk)
        break
      case EvGoSysCall: {
        // After a GoSysCall, the goroutine's next event is GoSysBlock if the syscall blocked, and
        // anything else (or nothing) if it didn't. Go scans forward for it; nextOfG has the answer.
        const j = this.nextOfG[idx]!
        const blocked = j >= 0 && this.events[j]!.type === EvGoSysBlock
        if (blocked) {
          mappedType = Ev.GoSyscallBegin
          setArgs(mappedArgs, 0, stk)
        } else {
          // The instantaneous v1 syscall becomes a begin/end pair of the shortest duration, 1 ns.
          const m = this.procMs.get(ev.p) ?? 0
          const g = u64(ev.g)
          this.extra.push(this.ev(g, ev.p, m, Ev.GoSyscallEnd, time + 1, []))
          return this.ev(g, ev.p, m, Ev.GoSyscallBegin, time, [0, stk])
        }
        break
      }
      case EvGoSysExit:
        mappedType = Ev.GoSyscallEndBlocked
        break
      case EvGoSysBlock:
        return undefined
      case EvGoWaiting:
        mappedType = Ev.GoStatus
        setArgs(mappedArgs, u64(ev.args[0]!), -1, WireGoStatus.Waiting)
        this.createdPreInit?.delete(ev.args[0]!)
        break
      case EvGoInSyscall:
        // v1 doesn't say which thread the syscall is on (v2's GoStatus does): NoThread.
        mappedType = Ev.GoStatus
        setArgs(mappedArgs, u64(ev.args[0]!), -1, WireGoStatus.Syscall)
        this.createdPreInit?.delete(ev.args[0]!)
        break
      case EvHeapAlloc:
        mappedType = Ev.HeapAlloc
        break
      case EvHeapGoal:
        mappedType = Ev.HeapGoal
        break
      case EvGCMarkAssistStart:
        mappedType = Ev.GCMarkAssistBegin
        break
      case EvGCMarkAssistDone:
        mappedType = Ev.GCMarkAssistEnd
        break
      case EvUserTaskCreate: {
        mappedType = Ev.UserTaskBegin
        const parent = ev.args[1] === 0n ? NoTask : u64(ev.args[1]!)
        setArgs(mappedArgs, u64(ev.args[0]!), parent, u64(ev.args[2]!), stk)
        const name = this.table.strings.get(u64(ev.args[2]!)) ?? ''
        // Go remembers the raw parent, so the TaskEnd reports 0 where the TaskBegin had NoTask.
        this.tasks.set(u64(ev.args[0]!), { name, parentID: u64(ev.args[1]!) })
        break
      }
      case EvUserTaskEnd: {
        mappedType = Ev.UserTaskEnd
        // Event.task() expects the parent and the name in the extra arguments.
        const id = u64(ev.args[0]!)
        const ts = this.tasks.get(id)
        if (ts !== undefined) {
          this.tasks.delete(id)
          setArgs(mappedArgs, id, u64(ev.args[1]!), ts.parentID, this.table.addExtraString(ts.name))
        } else {
          setArgs(mappedArgs, id, u64(ev.args[1]!), NoTask, this.table.addExtraString(''))
        }
        break
      }
      case EvUserRegion:
        // Validation has rejected modes other than 0 and 1 (Go would leave the type 0).
        if (ev.args[1] === 0n) mappedType = Ev.UserRegionBegin
        else if (ev.args[1] === 1n) mappedType = Ev.UserRegionEnd
        setArgs(mappedArgs, u64(ev.args[0]!), u64(ev.args[2]!), stk)
        break
      case EvUserLog:
        mappedType = Ev.UserLog
        setArgs(
          mappedArgs,
          u64(ev.args[0]!),
          u64(ev.args[1]!),
          this.inlineToStringID[Number(ev.args[3]!)]!,
          stk,
        )
        break
      case EvCPUSample:
        // Samples carry stack, M, P, G; v1 samples have no M.
        mappedType = Ev.CPUSample
        setArgs(mappedArgs, stk, -1, ev.p, u64(ev.g))
        break
      default:
        throw new TraceError(`unexpected event type ${ev.type}`)
    }

    if (eventDescriptions[ev.type]!.stack) {
      const stackIDs = specs[mappedType]?.stackIDs ?? []
      if (stackIDs.length > 0) mappedArgs[stackIDs[0]! - 1] = stk
    }

    let m = NoThread
    if (ev.p !== -1 && ev.type !== EvCPUSample) m = this.procMs.get(ev.p) ?? NoThread
    if (ev.type === EvProcStop) this.procMs.delete(ev.p)
    let g = u64(ev.g)
    if (g === 0) g = NoGoroutine
    return this.ev(g, ev.p, m, mappedType, time, mappedArgs)
  }
}

/** Replaces all of args with a (Go assigns a fresh timedEventArgs literal). */
function setArgs(args: number[], ...a: number[]): void {
  for (let i = 0; i < args.length; i++) args[i] = a[i] ?? 0
}

/** For each event, the index of the next event on the same goroutine (-1 if none). */
function nextOfSameG(events: V1Event[]): Int32Array {
  const next = new Int32Array(events.length)
  const seen = new Map<bigint, number>()
  for (let i = events.length - 1; i >= 0; i--) {
    const g = events[i]!.g
    next[i] = seen.get(g) ?? -1
    seen.set(g, i)
  }
  return next
}
