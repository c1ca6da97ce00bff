import type { Event } from '../../decode/event.ts'
import { IntMap } from '../../decode/int-map.ts'
import { EventKind, ResourceKind } from '../../decode/model.ts'
import { type ChunkSink, StateFlag } from './chunk-sink.ts'
import type { Sink } from './sink.ts'

/** ranges.kind values (native-schema/store.sql). */
export enum RangeKind {
  GcMark = 1,
  Sweep,
  MarkAssist,
  StopTheWorld,
}

function kindOf(name: string): RangeKind {
  if (name === 'GC concurrent mark phase') return RangeKind.GcMark
  if (name === 'GC incremental sweep') return RangeKind.Sweep
  if (name === 'GC mark assist') return RangeKind.MarkAssist
  return RangeKind.StopTheWorld
}

interface OpenRange {
  kind: RangeKind
  nameId: number
  gid: number
  p: number
  /** StateFlag.BeforeTrace for a range that was active when the trace began. */
  flags: number
  startNs: number
  startStack: number
}

/** GC mark phases, sweeps, mark assists and stop-the-world pauses, from Range events. */
export class RangeTracker {
  /**
   * Open ranges by kind, then scope ID + 1. STW ranges are keyed without their reason: the end
   * event names the begin's reason anyway. (The scope kind follows from the range kind.)
   */
  private readonly open: IntMap<OpenRange>[] = [0, 1, 2, 3, 4].map(() => new IntMap())

  constructor(
    private readonly sink: Sink,
    /** Where the rows go: in a pipelined ingest, the worker writes them. */
    private readonly out: ChunkSink,
  ) {}

  event(ev: Event): void {
    const r = ev.range()
    const byScope = this.open[kindOf(r.name)]!
    const key = r.scopeID + 1
    const kind = ev.kind()
    if (kind === EventKind.RangeEnd) {
      const open = byScope.get(key)
      byScope.delete(key)
      const sweep = ev.sweepAttributes()
      this.out.range(
        open?.kind ?? kindOf(r.name),
        open?.nameId ?? this.sink.intern.string(r.name),
        open?.gid ?? (r.scope === ResourceKind.Goroutine ? r.scopeID : -1),
        open?.p ?? (r.scope === ResourceKind.Proc ? r.scopeID : ev.p),
        // An end without a begin: a range that began before the trace, seen first at its end.
        open?.flags ?? StateFlag.BeforeTrace,
        open?.startNs ?? ev.time,
        ev.time,
        open?.startStack ?? -1,
        this.sink.intern.eventStack(ev) ?? -1,
        sweep?.swept ?? NaN,
        sweep?.reclaimed ?? NaN,
      )
      return
    }
    if (kind === EventKind.RangeActive && byScope.has(key)) return
    byScope.set(key, {
      kind: kindOf(r.name),
      nameId: this.sink.intern.string(r.name),
      gid: r.scope === ResourceKind.Goroutine ? r.scopeID : -1,
      p: r.scope === ResourceKind.Proc ? r.scopeID : ev.p,
      // An Active event re-asserts a range that began before the trace (or the generation).
      flags: kind === EventKind.RangeActive ? StateFlag.BeforeTrace : 0,
      startNs: ev.time,
      startStack: this.sink.intern.eventStack(ev) ?? -1,
    })
  }

  finish(): void {
    for (const byScope of this.open) {
      for (const [, o] of byScope.entries()) {
        this.out.range(
          o.kind,
          o.nameId,
          o.gid,
          o.p,
          o.flags,
          o.startNs,
          NaN,
          o.startStack,
          -1,
          NaN,
          NaN,
        )
      }
    }
  }
}
