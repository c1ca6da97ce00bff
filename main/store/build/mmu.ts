import type Database from 'better-sqlite3'
import type { Event } from '../../decode/event.ts'
import { EventKind, GoState, ResourceKind } from '../../decode/model.ts'
import { MutableTransition } from '../../decode/event.ts'
import { VarintCursor, VarintWriter } from '../chunks/varint-buffer.ts'

/**
 * Mutator utilization series for the MMU analysis (main/analyze/mmu.ts): Go's
 * MutatorUtilizationV2 (internal/trace/gc.go), run at ingest for every flag set Go's MMU page
 * offers, because it needs the events in order. Stored in mmu_chunks (native-schema/store.sql).
 *
 * Go's "background" accounting has a bug: a GC worker's label follows each of its GoStarts, and
 * from the worker's second run on both the transition and the label count it, while its stop
 * uncounts it once, so its P looks busy with GC for the rest of the trace. Flag sets with
 * MmuFlag.Background are computed twice: as Go does (with MmuFlag.GoCompat) and corrected
 * (without): there, a worker counts while it runs under a qualifying label, once.
 */
export enum MmuFlag {
  Stw = 1,
  Background = 2,
  Assist = 4,
  Sweep = 8,
  PerProc = 16,
  /** Go's background accounting, bug included (only stored with Background). */
  GoCompat = 32,
}

/** Every stored flag set: all 32 of Go's, plus GoCompat for those with Background. */
export const MMU_FLAG_SETS: readonly number[] = Array.from({ length: 32 }, (_, f) => f).flatMap(
  (f) => (f & MmuFlag.Background ? [f, f | MmuFlag.GoCompat] : [f]),
)

const POINTS_PER_CHUNK = 4096
const GOMAXPROCS = '/sched/gomaxprocs:threads'

function executing(s: GoState): boolean {
  return s === GoState.Running || s === GoState.Syscall
}

/** One utilization function: parallel time and utilization arrays. */
class Series {
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
      this.dirty.add(pp)
      this.changed = true
    }
  }

  private isSTW(name: string): boolean {
    return (
      (this.flags & MmuFlag.Stw) !== 0 && name.startsWith('stop-the-world') && name.includes('GC')
    )
  }
  private isSweep(name: string): boolean {
    return (this.flags & MmuFlag.Sweep) !== 0 && name === 'GC incremental sweep'
  }
  private isAssist(name: string): boolean {
    return (this.flags & MmuFlag.Assist) !== 0 && name === 'GC mark assist'
  }

  /** RangeActive in the first generation: the range was on since the trace began. */
  rangeActive(ev: Event, name: string, gExecuting: boolean): void {
    const fixUp = (this.isAssist(name) && gExecuting) || this.isSweep(name)
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
    this.rangeEdge(ev, name, +1)
  }

  rangeEdge(ev: Event, name: string, delta: 1 | -1): void {
    if (this.isSTW(name)) {
      this.stw += delta
      this.stwChanged = this.changed = true
    } else if (this.isSweep(name)) this.gcAt(ev.p, delta)
    else if (this.isAssist(name)) {
      this.gcAt(ev.p, delta)
      const r = ev.range()
      if (r.scope === ResourceKind.Goroutine && r.scopeID !== -1) {
        if (delta > 0) this.inGC.add(r.scopeID)
        else this.inGC.delete(r.scopeID)
      }
    }
  }

  transition(p: number, g: number, from: GoState, to: GoState): void {
    const starts = !executing(from) && executing(to)
    const stops = executing(from) && !executing(to)
    if (this.inGC.has(g) || this.bgMark.has(g)) {
      if (starts) this.gcAt(p, +1)
      else if (stops) this.gcAt(p, -1)
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

  label(p: number, g: number, label: string): void {
    if ((this.flags & MmuFlag.Background) === 0) return
    const counts =
      label.startsWith('GC ') &&
      label !== 'GC (idle)' &&
      !(this.perProc && label === 'GC (dedicated)')
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
      const add = (p: PerP) => {
        const u = this.stw > 0 || p.gc > 0 ? 0 : 1
        const s = this.out[p.series]!
        s.add(time, u)
        if (s.lastUtil() !== u) {
          this.pendingPs.add(p)
          pending = true
        }
      }
      if (all) {
        this.pendingPs.clear()
        for (const p of ps) add(p)
      } else for (const p of this.dirty) add(p)
    }
    this.dirty.clear()
    this.stwChanged = false
    return pending
  }

  private readonly pendingPs = new Set<PerP>()

  finish(lastNs: number): void {
    for (const p of this.ps) this.out[p.series]!.add(lastNs, 0)
  }
}

/**
 * Feeds every event to one Machine per flag set. Most events (goroutine transitions of ordinary
 * goroutines) concern none: they only matter to machines whose last point is pending (Go's
 * same-time rule kept a lower value), so only those are touched.
 */
export class MmuBuilder {
  private readonly machines = MMU_FLAG_SETS.map((f) => new Machine(f))
  private readonly pending = new Set<Machine>()
  private readonly t = new MutableTransition()
  /** Goroutines any machine may count (assists, labelled GC workers). */
  private readonly gcGs = new Set<number>()
  /** Whether each goroutine is executing; Go reads it for RangeActive in the first generation. */
  private readonly exec = new Map<number, boolean>()
  private nSync = 0
  private started = false
  private any = false
  private lastNs = 0

  constructor(private readonly db: Database.Database) {}

  event(ev: Event): void {
    this.any = true
    this.lastNs = ev.time
    const kind = ev.kind()
    let touched: readonly Machine[] | null = null
    switch (kind) {
      case EventKind.Sync:
        this.nSync = ev.syncInfo().n
        break
      case EventKind.Metric:
        if (ev.metricName() === GOMAXPROCS) {
          const n = ev.metricValue()
          for (const m of this.machines) m.gomaxprocs(ev.time, n)
          this.started = this.machines[0]!.started
          touched = this.machines
        }
        break
    }
    if (!this.started) return
    switch (kind) {
      case EventKind.RangeActive: {
        if (this.nSync > 1) break
        const name = ev.range().name
        const r = ev.range()
        if (r.scope === ResourceKind.Goroutine) this.gcGs.add(r.scopeID)
        const gExec = this.exec.get(ev.g) === true
        for (const m of this.machines) m.rangeActive(ev, name, gExec)
        touched = this.machines
        break
      }
      case EventKind.RangeBegin:
      case EventKind.RangeEnd: {
        const r = ev.range()
        if (r.scope === ResourceKind.Goroutine) this.gcGs.add(r.scopeID)
        const delta = kind === EventKind.RangeBegin ? 1 : -1
        for (const m of this.machines) m.rangeEdge(ev, r.name, delta)
        touched = this.machines
        break
      }
      case EventKind.StateTransition: {
        if (ev.isProcTransition()) break
        ev.transitionInto(this.t)
        const g = this.t.id
        const from = this.t.from as GoState
        const to = this.t.to as GoState
        if (this.gcGs.has(g)) {
          for (const m of this.machines) m.transition(ev.p, g, from, to)
          touched = this.machines
        }
        if (this.nSync <= 1) this.exec.set(g, executing(to))
        else if (this.exec.size > 0) this.exec.clear()
        break
      }
      case EventKind.Label: {
        const label = ev.label()
        if (!label.startsWith('GC ')) break
        this.gcGs.add(ev.g)
        for (const m of this.machines) m.label(ev.p, ev.g, label)
        touched = this.machines
        break
      }
    }
    if (touched !== null) {
      for (const m of touched) {
        if (!m.changed && !this.pending.has(m)) continue
        if (m.record(ev.time)) this.pending.add(m)
        else this.pending.delete(m)
      }
    } else if (this.pending.size > 0) {
      for (const m of this.pending) if (!m.record(ev.time)) this.pending.delete(m)
    }
  }

  finish(): void {
    if (!this.any) return
    const insert = this.db.prepare(
      'INSERT INTO mmu_chunks (flags, series, seq, start_ns, end_ns, count, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    for (const m of this.machines) {
      m.finish(this.lastNs)
      m.out.forEach((s, series) => {
        for (let seq = 0, i = 0; i < s.times.length; seq++, i += POINTS_PER_CHUNK) {
          const end = Math.min(s.times.length, i + POINTS_PER_CHUNK)
          insert.run(
            m.flags,
            series,
            seq,
            s.times[i],
            s.times[end - 1],
            end - i,
            encodeMmuChunk(s.times, s.utils, i, end),
          )
        }
      })
    }
  }
}

const f64 = new Float64Array(1)
const f64Bytes = new Uint8Array(f64.buffer)

/** mmu_chunks.data for points [from, to) (see native-schema/store.sql). */
export function encodeMmuChunk(
  times: readonly number[],
  utils: readonly number[],
  from: number,
  to: number,
): Uint8Array {
  const w = new VarintWriter()
  let prev = times[from]!
  for (let i = from; i < to; i++) {
    w.svarint(times[i]! - prev)
    prev = times[i]!
    const u = utils[i]!
    if (u === 0) w.byte(0)
    else if (u === 1) w.byte(1)
    else {
      w.byte(2)
      f64[0] = u
      for (const b of f64Bytes) w.byte(b)
    }
  }
  return w.take()
}

/** Appends the points of one mmu_chunks row to times and utils. */
export function decodeMmuChunk(
  data: Uint8Array,
  startNs: number,
  times: number[],
  utils: number[],
): void {
  const c = new VarintCursor(data)
  let t = startNs
  while (!c.done) {
    t += c.svarint()
    const tag = c.byte()
    let u = tag
    if (tag === 2) {
      for (let k = 0; k < 8; k++) f64Bytes[k] = c.byte()
      u = f64[0]!
    }
    times.push(t)
    utils.push(u)
  }
}
