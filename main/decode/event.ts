import { Ev, specs } from './spec.ts'
import {
  EventKind,
  GoState,
  NoTask,
  ProcState,
  ResourceKind,
  WireProcStatus,
  wireGoStatusToState,
  wireProcStatusToState,
} from './model.ts'
import type { ClockSnapshot, EvTable } from './table.ts'

/** The synthetic wire type of Sync events (Go's evSync). */
export const EvSync = 255

/** Per wire type, the argument index of its main stack ID (Go's Event.Stack()); -1 for none. */
const mainStackArg = new Int8Array(256).fill(-1)
specs.forEach((s, typ) => {
  if (s !== undefined && s.stackIDs.length > 0) mainStackArg[typ] = s.stackIDs[0]! - 1
})

const typeToKind: EventKind[] = new Array<EventKind>(256).fill(EventKind.Bad)
typeToKind[EvSync] = EventKind.Sync
typeToKind[Ev.CPUSample] = EventKind.StackSample
for (const t of [Ev.ProcsChange, Ev.HeapAlloc, Ev.HeapGoal]) typeToKind[t] = EventKind.Metric
for (const t of [
  Ev.ProcStart,
  Ev.ProcStop,
  Ev.ProcSteal,
  Ev.ProcStatus,
  Ev.GoCreate,
  Ev.GoCreateSyscall,
  Ev.GoStart,
  Ev.GoDestroy,
  Ev.GoDestroySyscall,
  Ev.GoStop,
  Ev.GoBlock,
  Ev.GoUnblock,
  Ev.GoSyscallBegin,
  Ev.GoSyscallEnd,
  Ev.GoSyscallEndBlocked,
  Ev.GoStatus,
  Ev.GoSwitch,
  Ev.GoSwitchDestroy,
  Ev.GoCreateBlocked,
  Ev.GoStatusStack,
]) {
  typeToKind[t] = EventKind.StateTransition
}
for (const t of [Ev.STWBegin, Ev.GCBegin, Ev.GCSweepBegin, Ev.GCMarkAssistBegin]) {
  typeToKind[t] = EventKind.RangeBegin
}
for (const t of [Ev.GCActive, Ev.GCSweepActive, Ev.GCMarkAssistActive]) {
  typeToKind[t] = EventKind.RangeActive
}
for (const t of [Ev.STWEnd, Ev.GCEnd, Ev.GCSweepEnd, Ev.GCMarkAssistEnd]) {
  typeToKind[t] = EventKind.RangeEnd
}
typeToKind[Ev.GoLabel] = EventKind.Label
typeToKind[Ev.UserTaskBegin] = EventKind.TaskBegin
typeToKind[Ev.UserTaskEnd] = EventKind.TaskEnd
typeToKind[Ev.UserRegionBegin] = EventKind.RegionBegin
typeToKind[Ev.UserRegionEnd] = EventKind.RegionEnd
typeToKind[Ev.UserLog] = EventKind.Log
for (let t = Ev.Span; t <= Ev.GoroutineStackFree; t++) typeToKind[t] = EventKind.Experimental

export interface StateTransition {
  readonly resource: ResourceKind.Goroutine | ResourceKind.Proc
  /** Goroutine or proc ID. */
  readonly id: number
  /** GoState for goroutines, ProcState for procs. */
  readonly from: GoState | ProcState
  readonly to: GoState | ProcState
  readonly reason: string
  /** The reason's ID in the event's generation table (0: none). */
  readonly reasonID: number
  /**
   * The stack of the resource at the transition; `hasStack` is false for Go's NoStack. A stack
   * can be present with ID 0 (no frames), which Go prints as an empty "TransitionStack=".
   */
  readonly hasStack: boolean
  readonly stackID: number
}

/** A StateTransition that can be filled in again (Event.transitionInto). */
export class MutableTransition implements StateTransition {
  resource: ResourceKind.Goroutine | ResourceKind.Proc = ResourceKind.Goroutine
  id = 0
  from: GoState | ProcState = 0
  to: GoState | ProcState = 0
  reason = ''
  reasonID = 0
  hasStack = false
  stackID = 0
}

export interface Range {
  readonly name: string
  readonly scope: ResourceKind
  readonly scopeID: number
}

export interface Task {
  readonly id: number
  readonly parent: number
  readonly type: string
}

export interface SyncInfo {
  /** 1 for the first Sync; a trace with G generations has G+1 Syncs. */
  readonly n: number
  readonly clockSnapshot: ClockSnapshot | undefined
  /** Absolute ns of the snapshot's trace clock reading. */
  readonly snapshotTimeNs: bigint | undefined
}

/**
 * One parsed event: Go's trace.Event. `time` is in ns relative to the trace's epoch (the reader's
 * `epochNs`), which keeps it an exact JS number; IDs are int64 values with -1 for "none".
 *
 * Fields follow Go's representation (wire type plus raw arguments) so that the ordering rules port
 * one to one; the accessors below give the kind-specific views.
 */
export class Event {
  constructor(
    /** The generation's tables; null only for the final Sync. */
    public table: EvTable | null,
    /** Scheduling context before the event: thread (M), proc (P), goroutine (G). */
    public m: number,
    public p: number,
    public g: number,
    /** Wire type (spec.ts), or EvSync. */
    public type: number,
    public time: number,
    public a0 = 0,
    public a1 = 0,
    public a2 = 0,
    public a3 = 0,
  ) {}

  /** A copy that later reads will not overwrite (see TraceReader.readEvent). */
  clone(): Event {
    return new Event(
      this.table,
      this.m,
      this.p,
      this.g,
      this.type,
      this.time,
      this.a0,
      this.a1,
      this.a2,
      this.a3,
    )
  }

  arg(i: number): number {
    switch (i) {
      case 0:
        return this.a0
      case 1:
        return this.a1
      case 2:
        return this.a2
      default:
        return this.a3
    }
  }

  kind(): EventKind {
    return typeToKind[this.type]!
  }

  /** For StateTransition events: whether the resource is a proc (else a goroutine). */
  isProcTransition(): boolean {
    return (
      this.type === Ev.ProcStart ||
      this.type === Ev.ProcStop ||
      this.type === Ev.ProcSteal ||
      this.type === Ev.ProcStatus
    )
  }

  /** Whether Go's Event.Stack() is not NoStack. */
  hasStack(): boolean {
    if (this.type === EvSync) return false
    if (this.type === Ev.CPUSample) return true
    return this.stackID() !== 0
  }

  /** The ID of the event's main stack in its table; 0 for none. */
  stackID(): number {
    if (this.type === Ev.CPUSample) return this.a0
    const i = mainStackArg[this.type]!
    return i < 0 ? 0 : this.arg(i)
  }

  private str(id: number): string {
    return this.table!.strings.mustGet(id)
  }

  metricName(): string {
    switch (this.type) {
      case Ev.ProcsChange:
        return '/sched/gomaxprocs:threads'
      case Ev.HeapAlloc:
        return '/memory/classes/heap/objects:bytes'
      default:
        return '/gc/heap/goal:bytes'
    }
  }

  metricValue(): number {
    return this.a0
  }

  label(): string {
    return this.str(this.a0)
  }

  range(): Range {
    switch (this.type) {
      case Ev.STWBegin:
      case Ev.STWEnd:
        return {
          name: `stop-the-world (${this.str(this.a0)})`,
          scope: ResourceKind.Goroutine,
          scopeID: this.g,
        }
      case Ev.GCBegin:
      case Ev.GCActive:
      case Ev.GCEnd:
        return { name: 'GC concurrent mark phase', scope: ResourceKind.None, scopeID: 0 }
      case Ev.GCSweepBegin:
      case Ev.GCSweepActive:
      case Ev.GCSweepEnd:
        return {
          name: 'GC incremental sweep',
          scope: ResourceKind.Proc,
          scopeID: this.type === Ev.GCSweepActive ? this.a0 : this.p,
        }
      default:
        return {
          name: 'GC mark assist',
          scope: ResourceKind.Goroutine,
          scopeID: this.type === Ev.GCMarkAssistActive ? this.a0 : this.g,
        }
    }
  }

  /** For GC sweep ends: bytes swept and reclaimed; otherwise undefined. */
  sweepAttributes(): { swept: number; reclaimed: number } | undefined {
    return this.type === Ev.GCSweepEnd ? { swept: this.a0, reclaimed: this.a1 } : undefined
  }

  task(): Task {
    if (this.type === Ev.UserTaskBegin) {
      return { id: this.a0, parent: this.a1, type: this.str(this.a2) }
    }
    // TaskEnd: the ordering attached the begin's parent and name (names cross generations).
    return { id: this.a0, parent: this.a2, type: this.table!.getExtraString(this.a3) }
  }

  regionTask(): number {
    return this.a0
  }

  regionType(): string {
    return this.str(this.a1)
  }

  logTask(): number {
    return this.a0
  }

  logCategory(): string {
    return this.str(this.a1)
  }

  logMessage(): string {
    return this.str(this.a2)
  }

  syncInfo(): SyncInfo {
    const snap = this.table?.clockSnapshot
    return {
      n: this.a0,
      clockSnapshot: snap,
      snapshotTimeNs: snap === undefined ? undefined : mulTicks(snap.ticks, this.table!.nsPerTick),
    }
  }

  stateTransition(): StateTransition {
    const t = new MutableTransition()
    this.transitionInto(t)
    return t
  }

  /**
   * stateTransition() into an object the caller reuses: ingesting a trace reads tens of millions
   * of transitions, and allocating one object each costs more than the rest of the work.
   */
  transitionInto(out: MutableTransition): void {
    switch (this.type) {
      case Ev.ProcStart:
        return procT(out, this.a0, ProcState.Idle, ProcState.Running)
      case Ev.ProcStop:
        return procT(out, this.p, ProcState.Running, ProcState.Idle)
      case Ev.ProcSteal:
        return procT(
          out,
          this.a0,
          this.a3 === WireProcStatus.SyscallAbandoned ? ProcState.Idle : ProcState.Running,
          ProcState.Idle,
        )
      case Ev.ProcStatus:
        return procT(out, this.a0, this.a2, wireProcStatusToState[this.a1]!)
      case Ev.GoCreate:
      case Ev.GoCreateBlocked:
        return goT(
          out,
          this.a0,
          GoState.NotExist,
          this.type === Ev.GoCreateBlocked ? GoState.Waiting : GoState.Runnable,
          0,
          true,
          this.a1,
        )
      case Ev.GoCreateSyscall:
        return goT(out, this.a0, GoState.NotExist, GoState.Syscall)
      case Ev.GoStart:
        return goT(out, this.a0, GoState.Runnable, GoState.Running)
      case Ev.GoDestroy:
        return goT(out, this.g, GoState.Running, GoState.NotExist)
      case Ev.GoDestroySyscall:
        return goT(out, this.g, GoState.Syscall, GoState.NotExist)
      case Ev.GoStop:
      case Ev.GoBlock:
        return goT(
          out,
          this.g,
          GoState.Running,
          this.type === Ev.GoStop ? GoState.Runnable : GoState.Waiting,
          this.a0,
          this.a1 !== 0,
          this.a1,
          this.table,
        )
      case Ev.GoUnblock:
      case Ev.GoSwitch:
      case Ev.GoSwitchDestroy:
        return goT(out, this.a0, GoState.Waiting, GoState.Runnable)
      case Ev.GoSyscallBegin:
        return goT(out, this.g, GoState.Running, GoState.Syscall, 0, this.a1 !== 0, this.a1)
      case Ev.GoSyscallEnd:
        return goT(out, this.g, GoState.Syscall, GoState.Running)
      case Ev.GoSyscallEndBlocked:
        return goT(out, this.g, GoState.Syscall, GoState.Runnable)
      default: {
        // GoStatus / GoStatusStack: the ordering packed the old state into the status argument.
        const stack = this.stackID()
        return goT(
          out,
          this.a0,
          Math.floor(this.a2 / 2 ** 32),
          wireGoStatusToState[this.a2 % 2 ** 32]!,
          0,
          stack !== 0,
          stack,
        )
      }
    }
  }

  /** For experimental events: argument names and values, as Go's ExperimentalEvent. */
  experimentalArgs(): { name: string; args: readonly string[]; values: number[] } {
    const spec = specs[this.type]!
    const args = spec.args.slice(1)
    return { name: spec.name, args, values: args.map((_, i) => this.arg(i)) }
  }
}

// Module level, not closures in stateTransition: tsx's keepNames makes creating a closure costly.
function goT(
  out: MutableTransition,
  id: number,
  from: GoState,
  to: GoState,
  /** The reason's string ID in `table`; 0: none. */
  reasonID = 0,
  hasStack = false,
  stackID = 0,
  table: EvTable | null = null,
): void {
  out.resource = ResourceKind.Goroutine
  out.id = id
  out.from = from
  out.to = to
  out.reason = reasonID === 0 ? '' : table!.strings.mustGet(reasonID)
  out.reasonID = reasonID
  out.hasStack = hasStack
  out.stackID = stackID
}

function procT(out: MutableTransition, id: number, from: ProcState, to: ProcState): void {
  out.resource = ResourceKind.Proc
  out.id = id
  out.from = from
  out.to = to
  out.reason = ''
  out.reasonID = 0
  out.hasStack = false
  out.stackID = 0
}

/**
 * Go's frequency.mul for an absolute tick count, `Time(float64(ticks) * nsPerTick)`, exactly:
 * the product is a float64 and Go truncates it to int64 (out of range: math.MinInt64 on amd64).
 */
export function mulTicks(ticks: bigint, nsPerTick: number): bigint {
  const x = Math.trunc(Number(ticks) * nsPerTick)
  return Math.abs(x) < 2 ** 63 ? BigInt(x) : -(2n ** 63n)
}

export { NoTask }
