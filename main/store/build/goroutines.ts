import type { Event, MutableTransition } from '../../decode/event.ts'
import { IntMap } from '../../decode/int-map.ts'
import { GoState, ProcState } from '../../decode/model.ts'
import type { Sink } from './sink.ts'
import { type ChunkSink, StateFlag } from './chunk-sink.ts'
import { CounterRecorder, Series } from './counters.ts'
import type { RegionTracker } from './annotations.ts'

/** What the builder knows of one goroutine while reading. */
class GRec {
  // The open state interval.
  state = GoState.NotExist
  startNs = 0
  reasonId = 0
  p = -1
  m = -1
  /** -1: none (ChunkSink's conventions). */
  startStack = -1
  causeGid = -1
  /** NaN: the syscall did not block. */
  blockedNs = NaN
  /** A syscall's run on its P was already written (the P moved on). */
  procRunWritten = false
  flags = 0
  // Summary facts (the goroutines table).
  nameId = 0
  namePc: number | null = null
  named = false
  createdNs: number | null = null
  parentGid = -1
  createStack: number | null = null
  startStackOfG: number | null = null
  firstRunNs: number | null = null
  endNs: number | null = null
  labelId = 0

  constructor(readonly gid: number) {}
}

function isInterval(s: GoState): boolean {
  return s >= GoState.Runnable && s <= GoState.Syscall
}

/**
 * Turns goroutine and proc state transitions into goroutine state intervals and runs (for the
 * chunk sink), the proc_states and goroutines tables and the thread count (the sink keeps the
 * sums and goroutine counts that follow from the intervals).
 */
export class SchedulingBuilder {
  private readonly gs = new IntMap<GRec>()
  /** Goroutines in a syscall, by the P they entered it on (a P lost then means it blocked). */
  private readonly syscallByP = new Map<number, GRec>()
  /** Open P intervals: P -> [start, m, flags]. */
  private readonly procs = new Map<number, { startNs: number; m: number; flags: number }>()
  private forever: number
  private readonly counts: CounterRecorder

  constructor(
    private readonly sink: Sink,
    private readonly out: ChunkSink,
    private readonly regions: RegionTracker,
  ) {
    this.forever = sink.intern.string('forever')
    this.counts = new CounterRecorder(out)
  }

  private g(gid: number): GRec {
    let g = this.gs.get(gid)
    if (g === undefined) this.gs.set(gid, (g = new GRec(gid)))
    return g
  }

  /** A goroutine's transition `t` (ev's, decoded). */
  goroutineTransition(ev: Event, t: MutableTransition): void {
    if (t.from === t.to) return
    const from = t.from as GoState
    const to = t.to as GoState
    const g = this.g(t.id)
    const table = ev.table!
    const intern = this.sink.intern
    const time = ev.time
    const evStack = intern.eventStack(ev) ?? -1

    // The decoder checked that the goroutine left the state it was in (g.state is `from`).
    if (isInterval(g.state)) this.closeInterval(g, time, evStack, to)
    else if (isInterval(to)) this.out.goroutineEntered(time, to)
    if (from === GoState.NotExist) {
      g.createdNs = time
      g.parentGid = ev.g
      g.createStack = evStack < 0 ? null : evStack
      g.startStackOfG = t.hasStack ? intern.stack(table, t.stackID) : null
    }
    if (!g.named && t.hasStack) {
      const outer = intern.outermostFunc(table, t.stackID)
      g.nameId = outer.nameId
      g.namePc = outer.pc
      g.named = true
    }

    if (isInterval(to)) {
      g.state = to
      g.startNs = time
      g.reasonId = intern.tableString(table, t.reasonID)
      g.p = ev.p
      g.m = ev.m
      g.startStack = evStack
      g.causeGid = to === GoState.Runnable ? ev.g : -1
      g.blockedNs = NaN
      g.procRunWritten = false
      g.flags = from === GoState.Undetermined ? StateFlag.BeforeTrace : 0
      if (to === GoState.Running) this.procTakenOver(ev.p, g, time)
      if (to === GoState.Running && g.firstRunNs === null) g.firstRunNs = time
      if (to === GoState.Syscall) this.syscallByP.set(ev.p, g)
      if (to === GoState.Waiting && g.reasonId === this.forever && g.endNs === null) g.endNs = time
    } else {
      g.state = to
    }
    if (to === GoState.NotExist) {
      g.endNs = time
      this.regions.goroutineEnded(g.gid, time)
      this.writeGoroutine(g)
      this.gs.delete(g.gid)
      this.out.goroutineEnded(g.gid)
    }
  }

  /** `endNs` NaN: the trace ended first (`nextState` is then unused). */
  private closeInterval(g: GRec, endNs: number, endStack: number, nextState: GoState): void {
    if (g.state === GoState.Syscall) {
      for (const [p, sg] of this.syscallByP) if (sg === g) this.syscallByP.delete(p)
    }
    this.out.state(
      g.gid,
      g.state,
      g.procRunWritten ? g.flags | StateFlag.ProcRunWritten : g.flags,
      g.reasonId,
      g.startNs,
      endNs,
      g.p,
      g.m,
      g.startStack,
      endStack,
      g.causeGid,
      g.blockedNs,
      nextState,
    )
    // With its P's and M's runs (the sink writes them).
    this.spans += g.state === GoState.Running || g.state === GoState.Syscall ? 3 : 1
  }

  /**
   * Another goroutine runs on P: a goroutine still in a syscall entered on P no longer holds it
   * (old formats say so only this way: they have no event for the P being handed off).
   */
  private procTakenOver(p: number, runner: GRec, time: number): void {
    const sg = this.syscallByP.get(p)
    if (sg !== undefined && sg !== runner) this.endProcRun(sg, time)
  }

  private endProcRun(g: GRec, time: number): void {
    if (g.p < 0 || g.procRunWritten) return
    this.out.procRun(g.p, g.startNs, time, g.gid, g.state)
    this.spans++
    g.procRunWritten = true
  }

  /** Spans written since the last flushChunks (memory held in partial chunks). */
  spans = 0

  /** A proc's transition `t` (ev's, decoded). */
  procTransition(ev: Event, t: MutableTransition): void {
    if (t.from === t.to) return
    const p = t.id
    const time = ev.time
    if (t.from === ProcState.Running) {
      const open = this.procs.get(p)
      if (open !== undefined) {
        this.sink.procStates.add(p, open.m, open.startNs, time, open.flags)
        this.procs.delete(p)
      }
      this.counts.set(Series.ThreadsRunning, time, this.procs.size)
    }
    if (t.to === ProcState.Idle && t.from !== ProcState.Idle) {
      // The goroutine that entered a syscall on this P lost it: the syscall blocked.
      const g = this.syscallByP.get(p)
      if (g !== undefined) {
        g.blockedNs = time
        this.syscallByP.delete(p)
        this.endProcRun(g, time)
      }
    }
    if (t.to === ProcState.Running) {
      const flags = t.from === ProcState.Undetermined ? StateFlag.BeforeTrace : 0
      this.procs.set(p, { startNs: time, m: ev.m, flags })
      this.counts.set(Series.ThreadsRunning, time, this.procs.size)
    }
  }

  label(ev: Event): void {
    this.g(ev.g).labelId = this.sink.intern.string(ev.label())
  }

  /** Writes what is still open when the trace ends (intervals with no end). */
  finish(traceEndNs: number): void {
    this.counts.finish()
    this.out.traceEnded(traceEndNs)
    for (const [, g] of this.gs.entries()) {
      if (isInterval(g.state)) this.closeInterval(g, NaN, -1, g.state)
      this.writeGoroutine(g)
    }
    for (const [p, open] of this.procs)
      this.sink.procStates.add(p, open.m, open.startNs, null, open.flags)
  }

  private writeGoroutine(g: GRec): void {
    this.sink.goroutines.add(
      g.gid,
      g.nameId,
      g.namePc,
      g.createdNs,
      g.parentGid,
      g.createStack,
      g.startStackOfG,
      g.firstRunNs,
      g.endNs,
      this.isSystem(g) ? 1 : 0,
      g.labelId,
    )
  }

  /** Go's IsSystemGoroutine, on the goroutine's name. */
  private isSystem(g: GRec): boolean {
    const name = this.sink.intern.stringValue(g.nameId)
    return name === '' || (name.startsWith('runtime.') && name !== 'runtime.main')
  }
}
