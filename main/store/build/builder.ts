import type Database from 'better-sqlite3'
import { type Event, MutableTransition } from '../../decode/event.ts'
import { EventKind, ResourceKind } from '../../decode/model.ts'
import { RegionTracker, TaskTracker } from './annotations.ts'
import type { ChunkSink } from './chunk-sink.ts'
import { Series, seriesInfo } from './counters.ts'
import { SchedulingBuilder } from './goroutines.ts'
import { MmuBuilder } from './mmu.ts'
import { RangeTracker } from './ranges.ts'
import { Sink } from './sink.ts'

const metricSeries: Record<string, Series> = {
  '/memory/classes/heap/objects:bytes': Series.HeapLive,
  '/gc/heap/goal:bytes': Series.HeapGoal,
  '/sched/gomaxprocs:threads': Series.Gomaxprocs,
}

/** What a StoreBuilder builds besides what every analysis reads (all of it by default). */
export interface BuilderParts {
  /** The timeline's own tables: GC ranges and CPU samples. */
  readonly timeline?: boolean
  /** The inputs of the MMU analysis (mmu_inputs). */
  readonly mmu?: boolean
}

/**
 * Turns the decoder's event stream into the store's rows. Feed it every event in order, then call
 * finish() to write what is still open at the end of the trace.
 */
export class StoreBuilder {
  private readonly sink: Sink
  private readonly regions: RegionTracker
  private readonly tasks: TaskTracker
  private readonly ranges: RangeTracker
  private readonly sched: SchedulingBuilder
  private readonly mmu: MmuBuilder | undefined
  private readonly timeline: boolean
  /** The current event's state transition, decoded once for every builder that reads it. */
  private readonly t = new MutableTransition()
  private static readonly MAX_PENDING_SPANS = 1 << 20
  /** Time of the first event (the first Sync): the trace's start. */
  firstNs: number | undefined
  /** Time of the last event: the end of the trace once all are in. */
  lastNs = 0

  constructor(
    private readonly db: Database.Database,
    /** The chunk tables' writer: in this database, or a worker's (chunk-pipe.ts). */
    private readonly chunks: ChunkSink,
    { timeline = true, mmu = true }: BuilderParts = {},
  ) {
    this.sink = new Sink(db)
    this.regions = new RegionTracker(this.sink)
    this.tasks = new TaskTracker(this.sink)
    this.ranges = new RangeTracker(this.sink, chunks)
    this.sched = new SchedulingBuilder(this.sink, chunks, this.regions)
    this.mmu = mmu ? new MmuBuilder(db) : undefined
    this.timeline = timeline
  }

  event(ev: Event): void {
    if (this.firstNs === undefined) {
      this.firstNs = ev.time
      this.chunks.traceStarted(ev.time)
    }
    this.lastNs = ev.time
    const kind = ev.kind()
    if (kind === EventKind.StateTransition) ev.transitionInto(this.t)
    this.mmu?.event(ev, kind, this.t)
    switch (kind) {
      case EventKind.Sync:
        // Bound the memory held in partial chunks: write them out at a generation boundary.
        if (this.sched.spans > StoreBuilder.MAX_PENDING_SPANS) {
          this.chunks.flushChunks()
          this.sched.spans = 0
        }
        return
      case EventKind.StateTransition:
        if (this.t.resource === ResourceKind.Proc) this.sched.procTransition(ev, this.t)
        else this.sched.goroutineTransition(ev, this.t)
        return
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd:
        if (this.timeline) this.ranges.event(ev)
        return
      case EventKind.Metric: {
        const series = metricSeries[ev.metricName()]
        if (series !== undefined) this.chunks.counter(series, ev.time, ev.metricValue())
        return
      }
      case EventKind.Label:
        return this.sched.label(ev)
      case EventKind.RegionBegin:
        return this.regions.begin(ev)
      case EventKind.RegionEnd:
        return this.regions.end(ev)
      case EventKind.TaskBegin:
        return this.tasks.begin(ev)
      case EventKind.TaskEnd:
        return this.tasks.end(ev)
      case EventKind.Log:
        return this.tasks.log(ev)
      case EventKind.StackSample:
        if (!this.timeline) return
        this.sink.cpuSamples.add(ev.time, ev.g, ev.p, ev.m, this.sink.intern.eventStack(ev))
        return
    }
  }

  finish(): void {
    this.sched.finish(this.lastNs)
    this.regions.finish()
    this.tasks.finish()
    this.ranges.finish()
    this.chunks.finish()
    this.mmu?.finish()
    const insert = this.db.prepare('INSERT INTO counter_series (id, name, unit) VALUES (?, ?, ?)')
    for (const [id, info] of Object.entries(seriesInfo))
      insert.run(Number(id), info.name, info.unit)
    this.sink.flush()
  }
}
