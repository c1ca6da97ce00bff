/**
 * Data types of the engine's timeline queries (see EngineApi). Plain data only: they cross
 * MessagePorts and WebSockets. Times are ns since the trace start.
 */

/** What the engine is doing to open its trace (ingesting into the store, or done). */
export interface OpenProgress {
  phase: 'hashing' | 'reading' | 'indexing' | 'done'
  bytesRead: number
  totalBytes: number
  events: number
}

export interface OpenResult {
  /** The SQLite file of the trace's store (an ordinary SQLite database, read-only here). */
  storePath: string
  /** The store was reused from the cache (no ingest). */
  cached: boolean
  seconds: number
  format: string
  durationNs: number
  events: number
  /** Why the trace is incomplete, if it is (the complete generations were kept). */
  warning: string | undefined
}

export type SpanTrackKind = 'goroutine' | 'proc' | 'thread'

export interface SpanTrackInfo {
  kind: SpanTrackKind
  /** Goroutine, proc or thread ID. */
  id: number
  /** Spans stored for the track. */
  spans: number
}

export interface GoroutineTrackInfo extends SpanTrackInfo {
  kind: 'goroutine'
  /** Go's name for the goroutine: its start function ("" if unknown). */
  name: string
  isSystem: boolean
  createdNs: number | null
  endNs: number | null
  /** GC workers and the like: the goroutine's last label, "" for none. */
  label: string
}

export interface CounterTrackInfo {
  series: number
  name: string
  unit: string
  min: number
  max: number
}

export interface TrackList {
  durationNs: number
  procs: SpanTrackInfo[]
  threads: SpanTrackInfo[]
  goroutines: GoroutineTrackInfo[]
  counters: CounterTrackInfo[]
  /** CPU profile samples in the trace (0 when it was recorded without a CPU profile). */
  cpuSamples: number
}

export interface SpanQuery {
  kind: SpanTrackKind
  id: number
}

/**
 * Interval tracks other than scheduling: the GC track (mark phases and stop-the-world pauses),
 * a goroutine's user regions (nested), and the user tasks.
 */
export type RangeQuery = { kind: 'gc' } | { kind: 'regions'; gid: number } | { kind: 'tasks' }

export interface ViewportRequest {
  startNs: number
  endNs: number
  /** Wanted resolution; the engine rounds it down to a power of two. */
  nsPerPx: number
  spans: SpanQuery[]
  counters: number[]
  ranges?: RangeQuery[]
  /** Tracks whose CPU samples to return (goroutine: by gid, proc: by P, thread: by M). */
  samples?: SpanQuery[]
}

/**
 * Ranges of one range track, as columns, ordered by depth then start. Ranges narrower than a
 * pixel are merged per depth (count > 1).
 */
export interface RangeBlock {
  startNs: Float64Array
  /** Ranges still open at the end of the trace end at the trace's end. */
  endNs: Float64Array
  /** Nesting depth: regions within a goroutine, subtasks under tasks; 0 on the GC track. */
  depth: Uint8Array
  /** GC track: 1 mark phase, 4 stop-the-world; regions and tasks: 0. */
  code: Uint8Array
  /** Region row ID, task ID, or range row ID (of the longest, for merged rows). */
  id: Int32Array
  /** String ID of the region type, task type or range name (see ViewportResult.strings). */
  nameId: Int32Array
  count: Uint32Array
}

/** Spans of one track, as columns (see main/store/viewport.ts for the fields' meaning). */
export interface SpanBlock {
  startNs: Float64Array
  endNs: Float64Array
  code: Uint8Array
  id: Int32Array
  count: Uint32Array
  busy: Float32Array
}

export interface CounterBlock {
  timeNs: Float64Array
  min: Float64Array
  max: Float64Array
  last: Float64Array
}

export interface ViewportResult {
  /** The resolution used (a power of two). */
  nsPerPx: number
  spans: SpanBlock[]
  counters: CounterBlock[]
  ranges: RangeBlock[]
  /** One block per `samples` query, in order (empty when the request asked for none). */
  samples: SampleBlock[]
  /** Strings the blocks refer to by ID (reasons, range names, functions), for the IDs present. */
  strings: Record<number, string>
}

/** Functions of a sample's stack that SampleBlock.frames keeps per tick, leaf first. */
export const SAMPLE_FRAMES = 3

/**
 * CPU profile samples of one track, as ticks in time order: samples less than a pixel apart are
 * merged into one tick (count > 1) running from the first sample's time to the last's.
 */
export interface SampleBlock {
  startNs: Float64Array
  endNs: Float64Array
  count: Uint32Array
  /**
   * The top SAMPLE_FRAMES functions (string IDs, leaf first, 0 past the stack's end) of the
   * tick's first sample: SAMPLE_FRAMES entries per tick.
   */
  frames: Int32Array
}

/** One frame of a stack, leaf first (see GoroutineSpanDetails). */
export interface StackFrame {
  pc: number
  func: string
  file: string
  line: number
}

/** What the store knows of one goroutine state interval (EngineApi.goroutineSpan). */
export interface GoroutineSpanDetails {
  gid: number
  /** 2 runnable, 3 running, 4 waiting, 5 syscall. */
  state: number
  /** Why it stopped or blocked ("chan receive", "preempted", ...), "" for none. */
  reason: string
  startNs: number
  endNs: number
  /** Still in this state when the trace ended (endNs is the trace's end). */
  open: boolean
  /** The trace began while the goroutine was already in this state. */
  beganBeforeTrace: boolean
  /** The P and thread of the event that entered the state (running: where it ran). */
  p: number
  m: number
  /** The goroutine that made it runnable (unblocked or created it), -1 for none. */
  causeGid: number
  /** Syscalls: when the P was taken away because the call blocked. */
  blockedNs: number | null
  /** Go's Event.Stack() of the event that entered the state (the waker's, for an unblock). */
  startStack: StackFrame[] | null
  /** The stack of the event that ended it (e.g. where the goroutine blocked next). */
  endStack: StackFrame[] | null
}

/** What made a goroutine runnable: its creation, or an unblock (EngineApi.flows). */
export const FLOW_KIND = { create: 1, unblock: 2 } as const

/**
 * Goroutines made runnable by others, as columns in time order: at `timeNs` goroutine `fromGid`
 * created or unblocked goroutine `toGid` (the start of `toGid`'s runnable interval).
 */
export interface FlowBlock {
  timeNs: Float64Array
  fromGid: Int32Array
  toGid: Int32Array
  /** FLOW_KIND. */
  kind: Uint8Array
  /** Too many goroutines to look through: the outgoing flows found so far only. */
  truncated: boolean
}

/** A region or a task as the timeline's bands carry it (EngineApi.rangeDetails). */
export interface RangeRef {
  kind: 'region' | 'task'
  /** The region's row ID in the store (RangeBlock.id), or the task's ID. */
  id: number
}

/** A task named by its ID and type ("" when the trace never named it). */
export interface TaskRef {
  id: number
  type: string
}

/** A log line (runtime/trace.Log): its time, category ("" for none) and message. */
export interface RangeLog {
  timeNs: number
  category: string
  message: string
}

/** The logs of a region or task, first MAX_RANGE_LOGS of them in time order. */
export interface RangeLogs {
  logs: RangeLog[]
  /** All of them, shown or not. */
  total: number
}

/** At most this many logs come with a range's details. */
export const MAX_RANGE_LOGS = 100

/** What the store knows of a region or task beyond its band (EngineApi.rangeDetails). */
export type RangeDetails =
  | ({
      kind: 'region'
      /** Its task; null for the background task. */
      task: TaskRef | null
      /** That task's parents, nearest first, up to the root. */
      parentTasks: TaskRef[]
      /** The regions of its goroutine it is nested in, outermost first. */
      enclosing: { id: number; type: string; startNs: number; endNs: number }[]
    } & RangeLogs)
  | ({
      kind: 'task'
      /** Its parents, nearest first, up to the root. */
      parentTasks: TaskRef[]
      /** Goroutines that began or ended it, ran a region in it or logged to it. */
      goroutines: number
      regions: number
    } & RangeLogs)
