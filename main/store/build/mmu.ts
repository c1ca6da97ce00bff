import type Database from 'better-sqlite3'
import { EventKind, GoState, ResourceKind } from '../../decode/model.ts'
import type { Event, MutableTransition } from '../../decode/event.ts'
import { VarintCursor, VarintWriter } from '../chunks/varint-buffer.ts'
import { IntMap } from '../../decode/int-map.ts'

/**
 * Mutator utilization for the MMU analysis (main/analyze/mmu.ts): Go's MutatorUtilizationV2
 * (internal/trace/gc.go). It needs the events in order, so ingest records the few events it
 * depends on (MmuBuilder, into mmu_inputs: see native-schema/store.sql) and a query replays them
 * through the same state machine for the flag set asked for (mutatorUtilization).
 *
 * Go's "background" accounting has a bug: a GC worker's label follows each of its GoStarts, and
 * from the worker's second run on both the transition and the label count it, while its stop
 * uncounts it once, so its P looks busy with GC for the rest of the trace. With
 * MmuFlag.Background the utilization is computed as Go does with MmuFlag.GoCompat, and corrected
 * without: there, a worker counts while it runs under a qualifying label, once.
 */
export enum MmuFlag {
  Stw = 1,
  Background = 2,
  Assist = 4,
  Sweep = 8,
  PerProc = 16,
  /** Go's background accounting, bug included (only matters with Background). */
  GoCompat = 32,
}

/** What mmu_inputs records: one byte holds the kind (low 3 bits) and a small argument. */
export enum MmuInputKind {
  /** An event that changes nothing, after an input at another time (see MmuBuilder). */
  Tick = 0,
  /** A /sched/gomaxprocs:threads metric; arg is its value. */
  Gomaxprocs = 1,
  /** A RangeActive before the second Sync; arg is the RangeClass, exec whether ev.g executes. */
  RangeActive = 2,
  RangeBegin = 3,
  RangeEnd = 4,
  /** A goroutine starts (arg 1) or stops (arg 0) executing. */
  Transition = 5,
  /** A label starting with "GC "; arg is the LabelClass. */
  Label = 6,
  /** The last event of the trace. */
  End = 7,
}

/** The ranges MutatorUtilizationV2 reads. */
export enum RangeClass {
  /** "stop-the-world ..." with "GC" in the name. */
  Stw = 1,
  /** "GC incremental sweep" */
  Sweep = 2,
  /** "GC mark assist" */
  Assist = 3,
}

/** Labels starting with "GC ". */
export enum LabelClass {
  Idle = 1,
  Dedicated = 2,
  /** Any other, such as "GC (fractional)". */
  Other = 3,
}

/** One recorded event. p and g are -1 for none (g: a mark assist range's goroutine). */
export interface MmuInput {
  kind: MmuInputKind
  time: number
  p: number
  g: number
  arg: number
  exec: boolean
}

const INPUTS_PER_CHUNK = 16384
// MmuBuilder's bits of a goroutine's part in GC.
const ASSISTING = 1
const GC_WORKER = 2
const GOMAXPROCS = '/sched/gomaxprocs:threads'

function executing(s: GoState): boolean {
  return s === GoState.Running || s === GoState.Syscall
}

function rangeClass(name: string): RangeClass | 0 {
  if (name.startsWith('stop-the-world') && name.includes('GC')) return RangeClass.Stw
  if (name === 'GC incremental sweep') return RangeClass.Sweep
  if (name === 'GC mark assist') return RangeClass.Assist
  return 0
}

function labelClass(label: string): LabelClass {
  if (label === 'GC (idle)') return LabelClass.Idle
  if (label === 'GC (dedicated)') return LabelClass.Dedicated
  return LabelClass.Other
}

/** A utilization function: util[i] holds from times[i] to times[i + 1]. */
export interface UtilSeries {
  times: number[]
  utils: number[]
}

/** One utilization function being built. */
class Series implements UtilSeries {
  readonly times: number[] = []
  readonly utils: number[] = []

  /** Go's addUtil: skip repeats; at an equal time keep the lowest. */
  add(time: number, util: number): void {
    const n = this.times.length
    if (n > 0) {
      if (util === this.utils[n - 1]) return
      if (time === this.times[n - 1]) {
        if (util < this.utils[n - 1]!) this.utils[n - 1] = util
        return
      }
    }
    this.times.push(time)
    this.utils.push(util)
  }

  lastUtil(): number | undefined {
    return this.utils[this.utils.length - 1]
  }
}

interface PerP {
  gc: number
  series: number
}

/** MutatorUtilizationV2 for one flag set, fed the events that can change it. */
class Machine {
  readonly out: Series[] = []
  private readonly ps: PerP[] = []
  private readonly procs: { time: number; n: number }[] = []
  private stw = 0
  private readonly inGC = new Set<number>()
  /** Go's bgMark (GoCompat). */
  private readonly bgMark = new Set<number>()
  /** Corrected background: whether each worker's last label counts, and where it is counted. */
  private readonly labelCounts = new Map<number, boolean>()
  private readonly counted = new Map<number, number>()
  private readonly perProc: boolean
  private readonly compat: boolean

  constructor(readonly flags: number) {
    this.perProc = (flags & MmuFlag.PerProc) !== 0
    this.compat = (flags & MmuFlag.GoCompat) !== 0
  }

  get started(): boolean {
    return this.ps.length > 0
  }

  gomaxprocs(time: number, n: number): void {
    this.changed = true
    this.stwChanged = true
    if (this.ps.length > n) {
      for (const p of this.ps.slice(n)) {
        if (this.perProc) this.out[p.series]!.add(time, 0)
        if (p.gc > 0) this.busy--
        this.dirty.delete(p)
      }
      this.ps.length = n
    }
    while (this.ps.length < n) {
      let series = 0
      if (this.perProc || this.out.length === 0) {
        series = this.out.length
        const s = new Series()
        s.add(time, 1)
        this.out.push(s)
      }
      this.ps.push({ gc: 0, series })
    }
    if (this.procs.length === 0 || n !== this.procs[this.procs.length - 1]!.n) {
      this.procs.push({ time, n })
    }
  }

  /** Something changed since the last record(): only then (or when pending) is it needed. */
  changed = false
  /** Ps with gc > 0, and (per P) those changed since the last record(). */
  private busy = 0
  private readonly dirty = new Set<PerP>()
  private stwChanged = false

  private gcAt(p: number, delta: number): void {
    const pp = this.ps[p]
    if (pp === undefined) return
    const was = pp.gc > 0
    pp.gc += delta
    if (was !== pp.gc > 0) {
      this.busy += was ? -1 : 1
      if (this.perProc) this.dirty.add(pp)
      this.changed = true
    }
  }

  private isSTW(c: RangeClass): boolean {
    return (this.flags & MmuFlag.Stw) !== 0 && c === RangeClass.Stw
  }
  private isSweep(c: RangeClass): boolean {
    return (this.flags & MmuFlag.Sweep) !== 0 && c === RangeClass.Sweep
  }
  private isAssist(c: RangeClass): boolean {
    return (this.flags & MmuFlag.Assist) !== 0 && c === RangeClass.Assist
  }

  /** RangeActive in the first generation: the range was on since the trace began. */
  rangeActive(p: number, g: number, c: RangeClass, gExecuting: boolean): void {
    const fixUp = (this.isAssist(c) && gExecuting) || this.isSweep(c)
    if (fixUp && !this.perProc) {
      const s = this.out[0]!
      let pi = 0
      for (let mi = 0; mi < s.times.length;) {
        if (pi < this.procs.length - 1 && this.procs[pi + 1]!.time < s.times[mi]!) {
          pi++
          continue
        }
        s.utils[mi] = Math.max(0, s.utils[mi]! - 1 / this.procs[pi]!.n)
        mi++
      }
      this.changed = true
    }
    this.rangeEdge(p, g, c, +1)
  }

  /** A range begins or ends on P p; g is a mark assist's goroutine (or -1). */
  rangeEdge(p: number, g: number, c: RangeClass, delta: 1 | -1): void {
    if (this.isSTW(c)) {
      this.stw += delta
      this.stwChanged = this.changed = true
    } else if (this.isSweep(c)) this.gcAt(p, delta)
    else if (this.isAssist(c)) {
      this.gcAt(p, delta)
      if (g !== -1) {
        if (delta > 0) this.inGC.add(g)
        else this.inGC.delete(g)
      }
    }
  }

  /** Goroutine g starts (or stops) executing on P p. */
  transition(p: number, g: number, starts: boolean): void {
    const stops = !starts
    if (this.inGC.has(g) || this.bgMark.has(g)) {
      this.gcAt(p, starts ? +1 : -1)
      return
    }
    if (this.compat) return
    const at = this.counted.get(g)
    if (stops && at !== undefined) {
      this.gcAt(at, -1)
      this.counted.delete(g)
    } else if (starts && at === undefined && this.labelCounts.get(g) === true) {
      this.gcAt(p, +1)
      this.counted.set(g, p)
    }
  }

  label(p: number, g: number, c: LabelClass): void {
    if ((this.flags & MmuFlag.Background) === 0) return
    const counts = c !== LabelClass.Idle && !(this.perProc && c === LabelClass.Dedicated)
    if (this.compat) {
      if (counts) {
        this.bgMark.add(g)
        this.gcAt(p, +1)
      }
      return
    }
    this.labelCounts.set(g, counts)
    const at = this.counted.get(g)
    if (counts && at === undefined) {
      this.gcAt(p, +1)
      this.counted.set(g, p)
    } else if (!counts && at !== undefined) {
      this.gcAt(at, -1)
      this.counted.delete(g)
    }
  }

  /** Go's per-event addUtil. Returns whether a series' last point differs from the current value. */
  record(time: number): boolean {
    const ps = this.ps
    let pending = false
    this.changed = false
    if (!this.perProc) {
      const gcPs = this.stw > 0 ? ps.length : this.busy
      const u = 1 - gcPs / ps.length
      const s = this.out[0]!
      s.add(time, u)
      pending = s.lastUtil() !== u
    } else {
      // Ps that did not change and are not pending would add their last value again: a no-op.
      const all = this.stwChanged || this.pendingPs.size > 0
      if (all) this.pendingPs.clear()
      for (const p of all ? ps : this.dirty) if (this.addPerP(time, p)) pending = true
    }
    // Clearing an empty Set still allocates a new table, and this runs for most inputs.
    if (this.dirty.size > 0) this.dirty.clear()
    this.stwChanged = false
    return pending
  }

  private readonly pendingPs = new Set<PerP>()

  private addPerP(time: number, p: PerP): boolean {
    const u = this.stw > 0 || p.gc > 0 ? 0 : 1
    const s = this.out[p.series]!
    s.add(time, u)
    if (s.lastUtil() === u) return false
    this.pendingPs.add(p)
    return true
  }

  finish(lastNs: number): void {
    for (const p of this.ps) this.out[p.series]!.add(lastNs, 0)
  }
}

/**
 * The utilization functions for a flag set (MmuFlag bits): the recorded inputs, in order,
 * replayed through MutatorUtilizationV2. Go records a point after every event; only the recorded
 * ones can change the utilization, and a point Go's same-time rule left pending is taken at the
 * next input (a Tick when no other follows at once).
 */
export function mutatorUtilization(inputs: Iterable<MmuInput>, flags: number): UtilSeries[] {
  const m = new Machine(flags)
  let pending = false
  for (const x of inputs) {
    switch (x.kind) {
      case MmuInputKind.Gomaxprocs:
        m.gomaxprocs(x.time, x.arg)
        break
      case MmuInputKind.RangeActive:
        if (m.started) m.rangeActive(x.p, x.g, x.arg, x.exec)
        break
      case MmuInputKind.RangeBegin:
      case MmuInputKind.RangeEnd:
        if (m.started) m.rangeEdge(x.p, x.g, x.arg, x.kind === MmuInputKind.RangeBegin ? 1 : -1)
        break
      case MmuInputKind.Transition:
        if (m.started) m.transition(x.p, x.g, x.arg === 1)
        break
      case MmuInputKind.Label:
        if (m.started) m.label(x.p, x.g, x.arg)
        break
      case MmuInputKind.End:
        m.finish(x.time)
        continue
    }
    if (m.started && (m.changed || pending)) pending = m.record(x.time)
  }
  return m.out
}

/**
 * Records, at ingest, the events MutatorUtilizationV2 depends on (mmu_inputs): GOMAXPROCS
 * metrics, stop-the-world, sweep and mark assist ranges (RangeActive only before the second
 * Sync), labels starting with "GC ", starts and stops of goroutines that ever had such a label
 * or are in a mark assist (a superset of Go's inGC and bgMark), and the last event. Nothing
 * before the first GOMAXPROCS metric but the metric. Every other event leaves the utilization
 * unchanged, except that it takes a point Go's same-time rule left pending: so the first event
 * after an input that is at another time is recorded as a Tick.
 */
export class MmuBuilder {
  private readonly out: MmuInputWriter
  /**
   * Goroutines in a mark assist (bit ASSISTING) and goroutines that had a "GC " label (bit
   * GC_WORKER): one lookup per transition tells whether it matters.
   */
  private readonly gcRoles = new IntMap<number>()
  /** Whether each goroutine is executing; Go reads it for RangeActive in the first generation. */
  private exec = new IntMap<boolean>()
  private nSync = 0
  private started = false
  private any = false
  private lastNs = 0
  /** The time of the last input, while the next event at another time must be a Tick. */
  private tickAfter: number | null = null

  constructor(db: Database.Database) {
    this.out = new MmuInputWriter(db)
  }

  private put(kind: MmuInputKind, time: number, p = -1, g = -1, arg = 0, exec = false): void {
    this.out.put(kind, time, p, g, arg, exec)
    this.tickAfter = time
  }

  /** `kind` is ev's; `t` its transition, decoded, when it is a StateTransition. */
  event(ev: Event, kind: EventKind, t: MutableTransition): void {
    this.any = true
    this.lastNs = ev.time
    if (!this.record(ev, kind, t) && this.tickAfter !== null && ev.time !== this.tickAfter) {
      this.out.put(MmuInputKind.Tick, ev.time, -1, -1, 0, false)
      this.tickAfter = null
    }
  }

  /** Records ev if it can change the utilization. */
  private record(ev: Event, kind: EventKind, t: MutableTransition): boolean {
    switch (kind) {
      case EventKind.Sync:
        this.nSync = ev.syncInfo().n
        return false
      case EventKind.Metric:
        if (ev.metricName() !== GOMAXPROCS) return false
        this.started = ev.metricValue() > 0
        this.put(MmuInputKind.Gomaxprocs, ev.time, -1, -1, ev.metricValue())
        return true
    }
    if (!this.started) return false
    switch (kind) {
      case EventKind.RangeActive:
      case EventKind.RangeBegin:
      case EventKind.RangeEnd: {
        if (kind === EventKind.RangeActive && this.nSync > 1) return false
        const r = ev.range()
        const c = rangeClass(r.name)
        if (c === 0) return false
        const g = r.scope === ResourceKind.Goroutine ? r.scopeID : -1
        if (c === RangeClass.Assist && g !== -1) {
          const roles = (this.gcRoles.get(g) ?? 0) & ~ASSISTING
          this.gcRoles.set(g, kind === EventKind.RangeEnd ? roles : roles | ASSISTING)
        }
        if (kind === EventKind.RangeActive) {
          const gExec = this.exec.get(ev.g) === true
          this.put(MmuInputKind.RangeActive, ev.time, ev.p, g, c, gExec)
        } else {
          const k = kind === EventKind.RangeBegin ? MmuInputKind.RangeBegin : MmuInputKind.RangeEnd
          this.put(k, ev.time, ev.p, g, c)
        }
        return true
      }
      case EventKind.StateTransition: {
        if (t.resource === ResourceKind.Proc) return false
        const g = t.id
        const from = executing(t.from as GoState)
        const to = executing(t.to as GoState)
        if (this.nSync <= 1) this.exec.set(g, to)
        else if (this.exec.size > 0) this.exec = new IntMap()
        if (from === to || !this.gcRoles.get(g)) return false
        this.put(MmuInputKind.Transition, ev.time, ev.p, g, to ? 1 : 0)
        return true
      }
      case EventKind.Label: {
        const label = ev.label()
        if (!label.startsWith('GC ')) return false
        this.gcRoles.set(ev.g, (this.gcRoles.get(ev.g) ?? 0) | GC_WORKER)
        this.put(MmuInputKind.Label, ev.time, ev.p, ev.g, labelClass(label))
        return true
      }
    }
    return false
  }

  finish(): void {
    if (!this.any) return
    this.out.put(MmuInputKind.End, this.lastNs, -1, -1, 0, false)
    this.out.flush()
  }
}

/** Writes mmu_inputs rows of up to INPUTS_PER_CHUNK inputs (see native-schema/store.sql). */
export class MmuInputWriter {
  private readonly w = new VarintWriter()
  private insert: Database.Statement | undefined
  private seq = 0
  private count = 0
  private startNs = 0
  private prevNs = 0

  /** Without a database, take() returns the encoded inputs instead. */
  constructor(private readonly db?: Database.Database) {}

  put(kind: MmuInputKind, time: number, p: number, g: number, arg: number, exec: boolean): void {
    const w = this.w
    if (this.count === 0) this.startNs = this.prevNs = time
    const aux = kind === MmuInputKind.RangeActive ? arg | (exec ? 4 : 0) : arg
    if (kind !== MmuInputKind.Gomaxprocs) w.byte(kind | (aux << 3))
    else w.byte(kind)
    w.svarint(time - this.prevNs)
    this.prevNs = time
    switch (kind) {
      case MmuInputKind.Gomaxprocs:
        w.uvarint(arg)
        break
      case MmuInputKind.RangeActive:
      case MmuInputKind.RangeBegin:
      case MmuInputKind.RangeEnd:
      case MmuInputKind.Transition:
      case MmuInputKind.Label:
        w.uvarint(p + 1)
        w.uvarint(g + 1)
        break
    }
    if (++this.count === INPUTS_PER_CHUNK && this.db !== undefined) this.flush()
  }

  /** The row so far: start_ns, end_ns, count and data. */
  take(): { startNs: number; endNs: number; count: number; data: Uint8Array } {
    const row = {
      startNs: this.startNs,
      endNs: this.prevNs,
      count: this.count,
      data: this.w.take(),
    }
    this.count = 0
    return row
  }

  flush(): void {
    if (this.count === 0) return
    this.insert ??= this.db!.prepare(
      'INSERT INTO mmu_inputs (seq, start_ns, end_ns, count, data) VALUES (?, ?, ?, ?, ?)',
    )
    const r = this.take()
    this.insert.run(this.seq++, r.startNs, r.endNs, r.count, r.data)
  }
}

/** The inputs of one mmu_inputs row, in order. The object yielded is reused. */
export function* decodeMmuInputs(data: Uint8Array, startNs: number): Generator<MmuInput> {
  const c = new VarintCursor(data)
  const x: MmuInput = { kind: MmuInputKind.Tick, time: startNs, p: -1, g: -1, arg: 0, exec: false }
  while (!c.done) {
    const b = c.byte()
    const kind = (b & 7) as MmuInputKind
    x.kind = kind
    x.time += c.svarint()
    x.p = x.g = -1
    x.arg = 0
    x.exec = false
    switch (kind) {
      case MmuInputKind.Gomaxprocs:
        x.arg = c.uvarint()
        break
      case MmuInputKind.RangeActive:
      case MmuInputKind.RangeBegin:
      case MmuInputKind.RangeEnd:
      case MmuInputKind.Transition:
      case MmuInputKind.Label:
        x.arg = (b >> 3) & 3
        x.exec = (b & 32) !== 0
        x.p = c.uvarint() - 1
        x.g = c.uvarint() - 1
        break
    }
    yield x
  }
}
