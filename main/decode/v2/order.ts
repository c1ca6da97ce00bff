/**
 * The ordering rules of Go's internal/trace (order.go): a state machine over goroutines, procs and
 * threads that decides whether the next event of an M can happen now ("advance"), must wait for
 * another M's events ("not ready"), or proves the trace broken (a thrown TraceError). Advancing
 * pushes one or more parsed events, with their scheduling context, onto a queue.
 *
 * This is a line-by-line port; the names of handlers and errors are Go's.
 */
import { TraceError } from '../errors.ts'
import { IntMap } from '../int-map.ts'
import { Event } from '../event.ts'
import {
  GoState,
  NoGoroutine,
  NoProc,
  NoTask,
  NoThread,
  ProcState,
  WireGoStatus,
  WireProcStatus,
} from '../model.ts'
import {
  wireGoStatusNames,
  wireProcStatusNames,
  wireGoStatusToState,
  wireProcStatusToState,
} from '../model.ts'
import { Ev, specs } from '../spec.ts'
import type { EvTable } from '../table.ts'

/** The raw event a batch cursor decoded: wire type, time (ns since the epoch) and arguments. */
export class BaseEvent {
  type = 0
  time = 0
  a0 = 0
  a1 = 0
  a2 = 0
  a3 = 0
}

/**
 * A range in flight: its begin event type and optional description (the STW kind's string ID),
 * packed into one number, typ * 2^32 + desc, so in-flight lists are plain number arrays.
 */
type RangeType = number

function makeRangeType(typ: number, desc: number): RangeType {
  const st = specs[typ]!.startEv
  return (st !== 0 ? st : typ) * 2 ** 32 + desc
}

function rangeName(r: RangeType): string {
  return specs[Math.floor(r / 2 ** 32)]!.name
}

class RangeState {
  inFlight: RangeType[] = []

  begin(r: RangeType): void {
    if (this.inFlight.includes(r)) {
      throw new TraceError(
        `discovered event already in-flight for when starting event ${rangeName(r)}`,
      )
    }
    this.inFlight.push(r)
  }

  active(r: RangeType, isInitialGen: boolean): void {
    if (isInitialGen) {
      if (this.inFlight.includes(r)) {
        throw new TraceError(`found named active range already in first gen: ${rangeName(r)}`)
      }
      this.inFlight.push(r)
    } else if (!this.inFlight.includes(r)) {
      throw new TraceError(`resource is missing active range: ${rangeName(r)}`)
    }
  }

  /** Ends the first in-flight range begun by typ's start event; returns its description. */
  end(typ: number): number {
    const st = specs[typ]!.startEv
    const list = this.inFlight
    let idx = -1
    for (let i = 0; i < list.length; i++) {
      if (Math.floor(list[i]! / 2 ** 32) === st) {
        idx = i
        break
      }
    }
    if (idx < 0) throw new TraceError(`tried to end event ${specs[st]!.name}, but not in-flight`)
    const desc = list[idx]! % 2 ** 32
    list[idx] = list[list.length - 1]!
    list.pop()
    return desc
  }
}

class GState extends RangeState {
  regions: { task: number; name: string }[] = []
  constructor(
    readonly id: number,
    public status: WireGoStatus,
    public seqGen: number,
    public seq: number,
  ) {
    super()
  }
}

class PState extends RangeState {
  constructor(
    readonly id: number,
    public status: WireProcStatus,
    public seqGen: number,
    public seq: number,
  ) {
    super()
  }
}

interface MState {
  g: number
  p: number
}

const enum Req {
  MustNotHave,
  MayHave,
  MustHave,
}

const enum GcState {
  Undetermined,
  NotRunning,
  Running,
}

function validateCtx(m: number, p: number, g: number, rm: Req, rp: Req, rg: Req): void {
  if (rm === Req.MustHave && m === NoThread)
    throw new TraceError("expected a thread but didn't have one")
  if (rm === Req.MustNotHave && m !== NoThread)
    throw new TraceError('expected no thread but had one')
  if (rp === Req.MustHave && p === NoProc)
    throw new TraceError("expected a proc but didn't have one")
  if (rp === Req.MustNotHave && p !== NoProc) throw new TraceError('expected no proc but had one')
  if (rg === Req.MustHave && g === NoGoroutine) {
    throw new TraceError("expected a goroutine but didn't have one")
  }
  if (rg === Req.MustNotHave && g !== NoGoroutine) {
    throw new TraceError('expected no goroutine but had one')
  }
}

function userGoReqs(m: number, p: number, g: number): void {
  validateCtx(m, p, g, Req.MustHave, Req.MustHave, Req.MustHave)
}

function evName(typ: number): string {
  return specs[typ]?.name ?? `type ${typ}`
}

export class Ordering {
  private readonly gStates = new IntMap<GState>()
  private readonly pStates = new IntMap<PState>()
  private readonly mStates = new Map<number, MState>()
  private readonly activeTasks = new Map<number, { name: string; parent: number }>()
  private gcSeq = 0
  private gcState = GcState.Undetermined
  private initialGen = 0
  // A FIFO ring of reused Event objects (Go's queue[Event]): most advances push one event that is
  // popped at once, and reusing the objects spares the garbage collector one object per event.
  private queue: Event[] = Array.from({ length: 16 }, () => new Event(null, -1, -1, -1, 0, 0))
  private qHead = 0
  private qLen = 0

  // The scheduling context of the event being advanced (Go's curCtx; handlers may rewrite it
  // before emitting) and the context after it (Go's newCtx; its M never changes).
  private cm = NoThread
  private cp = NoProc
  private cg = NoGoroutine
  private np = NoProc
  private ng = NoGoroutine
  private evt!: EvTable
  private gen = 0

  /**
   * Pops the next parsed event, if any. The Event object belongs to the queue's ring and is
   * overwritten by later pushes: it stays valid until the reader's next readEvent call.
   */
  next(): Event | undefined {
    if (this.qLen === 0) return undefined
    const ev = this.queue[this.qHead]!
    this.qHead = (this.qHead + 1) & (this.queue.length - 1)
    this.qLen--
    return ev
  }

  /** Appends an event, reusing the ring slot's Event object (one allocation per slot, ever). */
  private enqueue(
    table: EvTable,
    m: number,
    p: number,
    g: number,
    type: number,
    time: number,
    a0: number,
    a1: number,
    a2: number,
    a3: number,
  ): void {
    let q = this.queue
    if (this.qLen === q.length) {
      const bigger: Event[] = []
      for (let i = 0; i < this.qLen; i++) bigger.push(q[(this.qHead + i) & (q.length - 1)]!)
      while (bigger.length < q.length * 2) bigger.push(new Event(null, -1, -1, -1, 0, 0))
      this.queue = q = bigger
      this.qHead = 0
    }
    const ev = q[(this.qHead + this.qLen) & (q.length - 1)]!
    ev.table = table
    ev.m = m
    ev.p = p
    ev.g = g
    ev.type = type
    ev.time = time
    ev.a0 = a0
    ev.a1 = a1
    ev.a2 = a2
    ev.a3 = a3
    this.qLen++
  }

  /**
   * Tries to advance the event `ev` of thread `m`. Returns false when it is not ready yet; throws
   * a TraceError when the trace is inconsistent.
   */
  advance(
    ev: BaseEvent,
    evt: EvTable,
    m: number,
    gen: number,
    cursor?: { mState: MState | undefined },
  ): boolean {
    if (this.initialGen === 0) this.initialGen = gen
    this.evt = evt
    this.gen = gen
    let ms: MState | undefined
    this.cm = m
    if (m === NoThread) {
      this.cp = NoProc
      this.cg = NoGoroutine
    } else {
      // mStates entries are never replaced, so a cursor may keep its own.
      ms = cursor?.mState ?? this.mStates.get(m)
      if (ms === undefined) {
        ms = { g: NoGoroutine, p: NoProc }
        this.mStates.set(m, ms)
      }
      if (cursor !== undefined) cursor.mState = ms
      this.cp = ms.p
      this.cg = ms.g
    }
    this.np = this.cp
    this.ng = this.cg
    const ok = this.dispatch(ev)
    if (ok && ms !== undefined) {
      ms.p = this.np
      ms.g = this.ng
    }
    return ok
  }

  private push(ev: BaseEvent): void {
    this.enqueue(this.evt, this.cm, this.cp, this.cg, ev.type, ev.time, ev.a0, ev.a1, ev.a2, ev.a3)
  }

  private pushMade(
    m: number,
    p: number,
    g: number,
    type: number,
    time: number,
    a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
  ): void {
    this.enqueue(this.evt, m, p, g, type, time, a0, a1, a2, a3)
  }

  private dispatch(ev: BaseEvent): boolean {
    switch (ev.type) {
      case Ev.ProcsChange:
      case Ev.GoLabel:
      case Ev.UserLog:
        return this.advanceAnnotation(ev)
      case Ev.ProcStart:
        return this.advanceProcStart(ev)
      case Ev.ProcStop:
        return this.advanceProcStop(ev)
      case Ev.ProcSteal:
        return this.advanceProcSteal(ev)
      case Ev.ProcStatus:
        return this.advanceProcStatus(ev)
      case Ev.GoCreate:
      case Ev.GoCreateBlocked:
        return this.advanceGoCreate(ev)
      case Ev.GoCreateSyscall:
        return this.advanceGoCreateSyscall(ev)
      case Ev.GoStart:
        return this.advanceGoStart(ev)
      case Ev.GoDestroy:
      case Ev.GoStop:
      case Ev.GoBlock:
        return this.advanceGoStopExec(ev)
      case Ev.GoDestroySyscall:
        return this.advanceGoDestroySyscall(ev)
      case Ev.GoUnblock:
        return this.advanceGoUnblock(ev)
      case Ev.GoSyscallBegin:
        return this.advanceGoSyscallBegin(ev)
      case Ev.GoSyscallEnd:
        return this.advanceGoSyscallEnd(ev)
      case Ev.GoSyscallEndBlocked:
        return this.advanceGoSyscallEndBlocked(ev)
      case Ev.GoStatus:
      case Ev.GoStatusStack:
        return this.advanceGoStatus(ev)
      case Ev.STWBegin:
      case Ev.GCMarkAssistBegin:
        return this.advanceGoRangeBegin(ev)
      case Ev.STWEnd:
      case Ev.GCMarkAssistEnd:
        return this.advanceGoRangeEnd(ev)
      case Ev.GCMarkAssistActive:
        return this.advanceGoRangeActive(ev)
      case Ev.GCActive:
        return this.advanceGCActive(ev)
      case Ev.GCBegin:
        return this.advanceGCBegin(ev)
      case Ev.GCEnd:
        return this.advanceGCEnd(ev)
      case Ev.GCSweepActive:
        return this.advanceGCSweepActive(ev)
      case Ev.GCSweepBegin:
        return this.advanceGCSweepBegin(ev)
      case Ev.GCSweepEnd:
        return this.advanceGCSweepEnd(ev)
      case Ev.HeapAlloc:
      case Ev.HeapGoal:
        return this.advanceHeapMetric(ev)
      case Ev.UserTaskBegin:
        return this.advanceUserTaskBegin(ev)
      case Ev.UserTaskEnd:
        return this.advanceUserTaskEnd(ev)
      case Ev.UserRegionBegin:
      case Ev.UserRegionEnd:
        return this.advanceUserRegion(ev)
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy:
        return this.advanceGoSwitch(ev)
      default:
        if (ev.type >= Ev.Span && ev.type <= Ev.GoroutineStackFree) return this.advanceAllocFree(ev)
        throw new TraceError(`bad event type found while ordering: ${ev.type}`)
    }
  }

  private advanceProcStatus(ev: BaseEvent): boolean {
    const pid = ev.a0
    const status = ev.a1
    if (status >= wireProcStatusToState.length || status < 0) {
      throw new TraceError(`invalid status for proc ${pid}: ${status}`)
    }
    let oldState = wireProcStatusToState[status]!
    const s = this.pStates.get(pid)
    if (s !== undefined) {
      if (status === WireProcStatus.SyscallAbandoned && s.status === WireProcStatus.Syscall) {
        // A P that was in a syscall at the end of the last generation, stolen since.
        oldState = ProcState.Running
        ev.a1 = WireProcStatus.Syscall
      } else if (
        status === WireProcStatus.SyscallAbandoned &&
        s.status === WireProcStatus.SyscallAbandoned
      ) {
        oldState = ProcState.Idle
        ev.a1 = WireProcStatus.SyscallAbandoned
      } else if (s.status !== status) {
        throw new TraceError(
          `inconsistent status for proc ${pid}: old ${wireProcStatusNames[s.status]} vs. new ${wireProcStatusNames[status]}`,
        )
      }
      s.seqGen = this.gen
      s.seq = 0
    } else {
      this.pStates.set(pid, new PState(pid, status, this.gen, 0))
      oldState = this.gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist
    }
    ev.a2 = oldState // Smuggled in for StateTransition.

    if (status === WireProcStatus.Running || status === WireProcStatus.Syscall) this.np = pid
    if (status === WireProcStatus.SyscallAbandoned && oldState === ProcState.Running) {
      // The P is about to be stolen: emit the event with the context of the M that holds it.
      let found = false
      for (const [mid, ms] of this.mStates) {
        if (ms.p === pid) {
          this.cm = mid
          this.cp = pid
          this.cg = ms.g
          found = true
        }
      }
      if (!found) {
        throw new TraceError(
          `failed to find sched context for proc ${pid} that's about to be stolen`,
        )
      }
    }
    this.push(ev)
    return true
  }

  private advanceProcStart(ev: BaseEvent): boolean {
    const pid = ev.a0
    const state = this.pStates.get(pid)
    if (
      state === undefined ||
      state.status !== WireProcStatus.Idle ||
      !(state.seqGen === this.gen && ev.a1 === state.seq + 1) ||
      this.cp !== NoProc
    ) {
      return false
    }
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustNotHave, Req.MayHave)
    state.status = WireProcStatus.Running
    state.seq = ev.a1
    this.np = pid
    this.push(ev)
    return true
  }

  private advanceProcStop(ev: BaseEvent): boolean {
    const state = this.pStates.get(this.cp)
    if (state === undefined) {
      throw new TraceError(`event ${evName(ev.type)} for proc (${this.cp}) that doesn't exist`)
    }
    if (state.status !== WireProcStatus.Running && state.status !== WireProcStatus.Syscall) {
      throw new TraceError(`${evName(ev.type)} event for proc that's not Running or Syscall`)
    }
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MayHave)
    state.status = WireProcStatus.Idle
    this.np = NoProc
    this.push(ev)
    return true
  }

  private advanceProcSteal(ev: BaseEvent): boolean {
    const pid = ev.a0
    const state = this.pStates.get(pid)
    if (
      state === undefined ||
      (state.status !== WireProcStatus.Syscall &&
        state.status !== WireProcStatus.SyscallAbandoned) ||
      !(state.seqGen === this.gen && ev.a1 === state.seq + 1)
    ) {
      return false
    }
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MayHave, Req.MayHave)
    const oldStatus = state.status
    const mid = ev.a2 // The M we're stealing from.
    ev.a3 = oldStatus
    state.status = WireProcStatus.Idle
    state.seqGen = this.gen
    state.seq = ev.a1
    if (oldStatus === WireProcStatus.SyscallAbandoned) {
      this.push(ev)
      return true
    }
    if (mid === this.cm) {
      if (this.cp !== pid) {
        throw new TraceError(
          `tried to self-steal proc ${pid} (thread ${mid}), but got proc ${this.cp} instead`,
        )
      }
      this.np = NoProc
      this.push(ev)
      return true
    }
    const ms = this.mStates.get(mid)
    if (ms === undefined) throw new TraceError(`stole proc from non-existent thread ${mid}`)
    if (ms.p !== pid) {
      throw new TraceError(
        `tried to steal proc ${pid} from thread ${mid}, but got proc ${ms.p} instead`,
      )
    }
    ms.p = NoProc
    this.push(ev)
    return true
  }

  private advanceGoStatus(ev: BaseEvent): boolean {
    const gid = ev.a0
    const mid = ev.a1
    const status = ev.a2
    if (status >= wireGoStatusToState.length || status < 0) {
      throw new TraceError(`invalid status for goroutine ${gid}: ${status}`)
    }
    let oldState = wireGoStatusToState[status]!
    const s = this.gStates.get(gid)
    if (s !== undefined) {
      if (s.status !== status) {
        throw new TraceError(
          `inconsistent status for goroutine ${gid}: old ${wireGoStatusNames[s.status]} vs. new ${wireGoStatusNames[status]}`,
        )
      }
      s.seqGen = this.gen
      s.seq = 0
    } else if (this.gen === this.initialGen) {
      this.gStates.set(gid, new GState(gid, status, this.gen, 0))
      oldState = GoState.Undetermined
    } else {
      throw new TraceError(
        `found goroutine status for new goroutine after the first generation: id=${gid} status=${wireGoStatusNames[status]}`,
      )
    }
    ev.a2 = oldState * 2 ** 32 + status // Smuggled in for StateTransition.

    if (status === WireGoStatus.Running) {
      this.ng = gid
    } else if (status === WireGoStatus.Syscall) {
      if (mid === NoThread)
        throw new TraceError(`found goroutine ${gid} in syscall without a thread`)
      if (mid === this.cm) {
        if (this.gen !== this.initialGen && this.cg !== gid) {
          throw new TraceError(
            `inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${this.cg}`,
          )
        }
        this.ng = gid
      } else {
        // The goroutine is in a syscall on another M (which may have lost its P).
        const ms = this.mStates.get(mid)
        if (ms !== undefined) {
          if (ms.g !== gid) {
            throw new TraceError(
              `inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${ms.g}`,
            )
          }
          this.cg = ms.g
        } else {
          this.mStates.set(mid, { g: gid, p: NoProc })
        }
        this.cm = mid
      }
    }
    this.push(ev)
    return true
  }

  private advanceGoCreate(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MayHave)
    const cur = this.gStates.get(this.cg)
    if (cur !== undefined && cur.status !== WireGoStatus.Running) {
      throw new TraceError(`${evName(ev.type)} event for goroutine that's not Running`)
    }
    const newgid = ev.a0
    if (this.gStates.has(newgid)) {
      throw new TraceError(`tried to create goroutine (${newgid}) that already exists`)
    }
    const status = ev.type === Ev.GoCreateBlocked ? WireGoStatus.Waiting : WireGoStatus.Runnable
    this.gStates.set(newgid, new GState(newgid, status, this.gen, 0))
    this.push(ev)
    return true
  }

  private currentRunningG(ev: BaseEvent, want: WireGoStatus): GState {
    const state = this.gStates.get(this.cg)
    if (state === undefined) {
      throw new TraceError(`event ${evName(ev.type)} for goroutine (${this.cg}) that doesn't exist`)
    }
    if (state.status !== want) {
      throw new TraceError(
        `${evName(ev.type)} event for goroutine that's not ${want === WireGoStatus.Syscall ? 'Syscall' : 'Running'}`,
      )
    }
    return state
  }

  private advanceGoStopExec(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const state = this.currentRunningG(ev, WireGoStatus.Running)
    switch (ev.type) {
      case Ev.GoDestroy:
        this.gStates.delete(this.cg)
        break
      case Ev.GoStop:
        state.status = WireGoStatus.Runnable
        break
      case Ev.GoBlock:
        state.status = WireGoStatus.Waiting
        break
    }
    this.ng = NoGoroutine
    this.push(ev)
    return true
  }

  private advanceGoStart(ev: BaseEvent): boolean {
    const gid = ev.a0
    const state = this.gStates.get(gid)
    if (
      state === undefined ||
      state.status !== WireGoStatus.Runnable ||
      !(state.seqGen === this.gen && ev.a1 === state.seq + 1)
    ) {
      return false
    }
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MustNotHave)
    state.status = WireGoStatus.Running
    state.seq = ev.a1
    this.ng = gid
    this.push(ev)
    return true
  }

  private advanceGoUnblock(ev: BaseEvent): boolean {
    const state = this.gStates.get(ev.a0)
    if (
      state === undefined ||
      state.status !== WireGoStatus.Waiting ||
      !(state.seqGen === this.gen && ev.a1 === state.seq + 1)
    ) {
      return false
    }
    state.status = WireGoStatus.Runnable
    state.seq = ev.a1
    this.push(ev)
    return true
  }

  private advanceGoSwitch(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const cur = this.currentRunningG(ev, WireGoStatus.Running)
    const nextg = ev.a0
    const next = this.gStates.get(nextg)
    if (
      next === undefined ||
      next.status !== WireGoStatus.Waiting ||
      !(next.seqGen === this.gen && ev.a1 === next.seq + 1)
    ) {
      return false
    }
    this.push(ev)
    if (ev.type === Ev.GoSwitch) {
      cur.status = WireGoStatus.Waiting
      // A synthesized block of the current goroutine: no reason, no stack.
      this.pushMade(this.cm, this.cp, this.cg, Ev.GoBlock, ev.time, 0, 0)
    } else {
      this.gStates.delete(this.cg)
      this.pushMade(this.cm, this.cp, this.cg, Ev.GoDestroy, ev.time)
    }
    next.status = WireGoStatus.Running
    next.seq = ev.a1
    this.ng = nextg
    this.pushMade(this.cm, this.cp, NoGoroutine, Ev.GoStart, ev.time, nextg, ev.a1)
    return true
  }

  private advanceGoSyscallBegin(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const state = this.currentRunningG(ev, WireGoStatus.Running)
    state.status = WireGoStatus.Syscall
    const ps = this.pStates.get(this.cp)
    if (ps === undefined) {
      throw new TraceError(`uninitialized proc ${this.cp} found during ${evName(ev.type)}`)
    }
    ps.status = WireProcStatus.Syscall
    if (!(ps.seqGen === this.gen && ev.a0 === ps.seq + 1)) {
      throw new TraceError(
        `failed to advance ${evName(ev.type)}: can't make sequence: ${ps.seq} (gen=${ps.seqGen}) -> ${ev.a0} (gen=${this.gen})`,
      )
    }
    ps.seq = ev.a0
    this.push(ev)
    return true
  }

  private advanceGoSyscallEnd(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const state = this.currentRunningG(ev, WireGoStatus.Syscall)
    state.status = WireGoStatus.Running
    const ps = this.pStates.get(this.cp)
    if (ps === undefined) {
      throw new TraceError(`uninitialized proc ${this.cp} found during ${evName(ev.type)}`)
    }
    if (ps.status !== WireProcStatus.Syscall) {
      throw new TraceError(
        `expected proc ${this.cp} in state Syscall, but got ${wireProcStatusNames[ps.status]} instead`,
      )
    }
    ps.status = WireProcStatus.Running
    this.push(ev)
    return true
  }

  private advanceGoSyscallEndBlocked(ev: BaseEvent): boolean {
    if (this.cp !== NoProc) {
      const ps = this.pStates.get(this.cp)
      if (ps === undefined) {
        throw new TraceError(`uninitialized proc ${this.cp} found during ${evName(ev.type)}`)
      }
      // Not ready until the P is stolen (ProcSteal on another M).
      if (ps.status === WireProcStatus.Syscall) return false
    }
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MayHave, Req.MustHave)
    const state = this.currentRunningG(ev, WireGoStatus.Syscall)
    this.ng = NoGoroutine
    state.status = WireGoStatus.Runnable
    this.push(ev)
    return true
  }

  private advanceGoCreateSyscall(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MayHave, Req.MustNotHave)
    const newgid = ev.a0
    if (this.gStates.has(newgid)) {
      throw new TraceError(`tried to create goroutine (${newgid}) in syscall that already exists`)
    }
    this.gStates.set(newgid, new GState(newgid, WireGoStatus.Syscall, this.gen, 0))
    this.ng = newgid
    this.push(ev)
    return true
  }

  private advanceGoDestroySyscall(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MayHave, Req.MustHave)
    this.currentRunningG(ev, WireGoStatus.Syscall)
    this.gStates.delete(this.cg)
    this.ng = NoGoroutine
    if (this.cp !== NoProc) {
      const ps = this.pStates.get(this.cp)
      if (ps === undefined) {
        throw new TraceError(`found invalid proc ${this.cp} during ${evName(ev.type)}`)
      }
      if (ps.status !== WireProcStatus.Syscall) {
        throw new TraceError(
          `proc ${this.cp} in unexpected state ${wireProcStatusNames[ps.status]} during ${evName(ev.type)}`,
        )
      }
      ps.status = WireProcStatus.SyscallAbandoned
      this.np = NoProc
      // An implicit self-steal of the P, recorded as taken from a syscall.
      this.pushMade(
        this.cm,
        this.cp,
        this.cg,
        Ev.ProcSteal,
        ev.time,
        this.cp,
        0,
        0,
        WireProcStatus.Syscall,
      )
    }
    this.push(ev)
    return true
  }

  private advanceUserTaskBegin(ev: BaseEvent): boolean {
    const id = ev.a0
    if (this.activeTasks.has(id)) throw new TraceError(`task ID conflict: ${id}`)
    let parent = ev.a1
    if (parent === 0) {
      parent = NoTask
      ev.a1 = NoTask
    }
    const name = this.evt.strings.get(ev.a2)
    if (name === undefined) throw new TraceError(`invalid string ID ${ev.a2} for ${ev.type} event`)
    this.activeTasks.set(id, { name, parent })
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceUserTaskEnd(ev: BaseEvent): boolean {
    const id = ev.a0
    const ts = this.activeTasks.get(id)
    if (ts !== undefined) {
      ev.a2 = ts.parent
      ev.a3 = this.evt.addExtraString(ts.name)
      this.activeTasks.delete(id)
    } else {
      ev.a2 = NoTask
      ev.a3 = this.evt.addExtraString('')
    }
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceUserRegion(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const task = ev.a0
    const name = this.evt.strings.get(ev.a1)
    if (name === undefined) throw new TraceError(`invalid string ID ${ev.a1} for ${ev.type} event`)
    const gs = this.gStates.get(this.cg)
    if (gs === undefined) {
      throw new TraceError(
        `encountered ${ev.type === Ev.UserRegionBegin ? 'EvUserRegionBegin' : 'EvUserRegionEnd'} without known state for current goroutine ${this.cg}`,
      )
    }
    if (ev.type === Ev.UserRegionBegin) {
      gs.regions.push({ task, name })
    } else if (gs.regions.length !== 0) {
      // An end with no begin is fine: the region began before the trace did.
      const top = gs.regions[gs.regions.length - 1]!
      if (top.task !== task || top.name !== name) {
        throw new TraceError(
          `misuse of region in goroutine ${gs.id}: region end {${task} ${name}} when the inner-most active region start event is {${top.task} ${top.name}}`,
        )
      }
      gs.regions.pop()
    }
    this.push(ev)
    return true
  }

  private advanceGCActive(ev: BaseEvent): boolean {
    const seq = ev.a0
    if (this.gen === this.initialGen) {
      if (this.gcState !== GcState.Undetermined) {
        throw new TraceError("GCActive in the first generation isn't first GC event")
      }
      this.gcSeq = seq
      this.gcState = GcState.Running
      this.push(ev)
      return true
    }
    if (seq !== this.gcSeq + 1) return false
    if (this.gcState !== GcState.Running) {
      throw new TraceError('encountered GCActive while GC was not in progress')
    }
    this.gcSeq = seq
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceGCBegin(ev: BaseEvent): boolean {
    const seq = ev.a0
    if (this.gcState === GcState.Undetermined) {
      this.gcSeq = seq
      this.gcState = GcState.Running
      this.push(ev)
      return true
    }
    if (seq !== this.gcSeq + 1) return false
    if (this.gcState === GcState.Running) {
      throw new TraceError('encountered GCBegin while GC was already in progress')
    }
    this.gcSeq = seq
    this.gcState = GcState.Running
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceGCEnd(ev: BaseEvent): boolean {
    const seq = ev.a0
    if (seq !== this.gcSeq + 1) return false
    if (this.gcState === GcState.NotRunning) {
      throw new TraceError('encountered GCEnd when GC was not in progress')
    }
    if (this.gcState === GcState.Undetermined) {
      throw new TraceError('encountered GCEnd when GC was in an undetermined state')
    }
    this.gcSeq = seq
    this.gcState = GcState.NotRunning
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceAnnotation(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    this.push(ev)
    return true
  }

  private advanceHeapMetric(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MayHave)
    this.push(ev)
    return true
  }

  private procState(pid: number): PState {
    const ps = this.pStates.get(pid)
    // Go dereferences a nil *pState here and panics; say what happened instead.
    if (ps === undefined) throw new TraceError(`uninitialized proc ${pid}`)
    return ps
  }

  private advanceGCSweepBegin(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MayHave)
    this.procState(this.cp).begin(makeRangeType(ev.type, 0))
    this.push(ev)
    return true
  }

  private advanceGCSweepActive(ev: BaseEvent): boolean {
    const pid = ev.a0
    const ps = this.pStates.get(pid)
    if (ps === undefined) throw new TraceError(`encountered GCSweepActive for unknown proc ${pid}`)
    ps.active(makeRangeType(ev.type, 0), this.gen === this.initialGen)
    this.push(ev)
    return true
  }

  private advanceGCSweepEnd(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MustHave, Req.MayHave)
    this.procState(this.cp).end(ev.type)
    this.push(ev)
    return true
  }

  private advanceGoRangeBegin(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const desc = ev.type === Ev.STWBegin ? ev.a0 : 0
    const gs = this.gStates.get(this.cg)
    if (gs === undefined) {
      throw new TraceError(
        `encountered event of type ${ev.type} without known state for current goroutine ${this.cg}`,
      )
    }
    gs.begin(makeRangeType(ev.type, desc))
    this.push(ev)
    return true
  }

  private advanceGoRangeActive(ev: BaseEvent): boolean {
    const gid = ev.a0
    const gs = this.gStates.get(gid)
    if (gs === undefined) {
      throw new TraceError(`uninitialized goroutine ${gid} found during ${evName(ev.type)}`)
    }
    gs.active(makeRangeType(ev.type, 0), this.gen === this.initialGen)
    this.push(ev)
    return true
  }

  private advanceGoRangeEnd(ev: BaseEvent): boolean {
    userGoReqs(this.cm, this.cp, this.cg)
    const gs = this.gStates.get(this.cg)
    if (gs === undefined) {
      throw new TraceError(
        `encountered event of type ${ev.type} without known state for current goroutine ${this.cg}`,
      )
    }
    const desc = gs.end(ev.type)
    if (ev.type === Ev.STWEnd) ev.a0 = desc
    this.push(ev)
    return true
  }

  private advanceAllocFree(ev: BaseEvent): boolean {
    validateCtx(this.cm, this.cp, this.cg, Req.MustHave, Req.MayHave, Req.MayHave)
    this.push(ev)
    return true
  }
}
