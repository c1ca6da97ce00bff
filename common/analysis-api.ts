/**
 * Results of the engine's analyses (main/analyze/): plain data only, so they cross the engine
 * boundary unchanged (see common/engine-api.ts). Times are ns since the start of the trace.
 */

/** The four profiles of `go tool trace -pprof=TYPE`. */
export type ProfileType = 'net' | 'sync' | 'syscall' | 'sched'

export const PROFILE_TYPES: readonly ProfileType[] = ['net', 'sync', 'syscall', 'sched']

/**
 * Which time a profile counts. Every field narrows the default, the whole trace; fields combine
 * (a window and a region type count the region time inside the window). Intervals crossing an
 * edge are clipped to it.
 */
export interface ProfileScope {
  /** Window start, ns since the trace start (inclusive). */
  fromNs?: number
  /** Window end, ns since the trace start. */
  toNs?: number
  /** Only these goroutines. */
  gids?: readonly number[]
  /** Only goroutines whose start function (Go's goroutine name) contains this text. */
  nameContains?: string
  /** Only time inside regions of this type (outermost instances, as Go's region profiles). */
  regionType?: string
  /** Only time inside the regions of this task and of its subtasks. */
  taskId?: number
  /**
   * How each goroutine's own time span is taken. 'go' (the default) is Go's rule: from its first
   * run to its end, which drops the wait between creation and first run from the sched profile.
   * 'lifetime' counts from creation (or the trace start) instead.
   */
  goroutineSpan?: 'go' | 'lifetime'
}

export interface ProfileFrame {
  pc: number
  func: string
  file: string
  line: number
}

export interface ProfileSample {
  /** Indexes into Profile.frames, leaf first; empty for events that had no stack. */
  stack: number[]
  /** Number of intervals (Go's "contentions"). */
  count: number
  /** Their total time in the state, within the scope (Go's "delay"). */
  delayNs: number
}

export interface Profile {
  type: ProfileType
  /** Distinct frames (one per PC), in order of first use by the samples. */
  frames: ProfileFrame[]
  /** One per distinct stack, largest delay first (ties by count, then by stack). */
  samples: ProfileSample[]
  totalCount: number
  totalDelayNs: number
}

/** One goroutine's time, as Go's goroutine analysis pages show it (internal/trace's summary). */
export interface GoroutineStats {
  gid: number
  /** Start function ("" when no stack was ever seen). */
  name: string
  isSystem: boolean
  /** Creation, or the trace start for goroutines that existed before it. */
  creationNs: number
  /** First time it ran; null if it never did. */
  startNs: number | null
  /** Exit or "forever" block; null if it was alive at the end. */
  endNs: number | null
  totalNs: number
  execNs: number
  schedWaitNs: number
  syscallNs: number
  /** Syscalls whose P was taken away, after it was. */
  syscallBlockNs: number
  /** Waiting time by block reason ("" for goroutines blocked since before the trace). */
  blockNsByReason: Record<string, number>
  /** max(0, total - all of the above): Go's "Unknown time". */
  unknownNs: number
}

/** Block reasons folded into the summary's coarse classes. */
export interface BlockClasses {
  network: number
  sync: number
  syscall: number
  /** GC assist waits, STW and other GC-related waits. */
  gc: number
  other: number
}

/** Goroutines grouped by start function, as Go's /goroutines page. */
export interface GoroutineGroup {
  name: string
  count: number
  totalNs: number
  execNs: number
  avgExecNs: number
  schedWaitNs: number
  syscallNs: number
  block: BlockClasses
}

export interface GoroutineSummary {
  durationNs: number
  /** Largest total execution time first, like Go's page. */
  groups: GoroutineGroup[]
  goroutines: GoroutineStats[]
}

/**
 * One bucket of Go's duration histogram (traceviewer.TimeHistogram): bucket i holds durations d
 * with int(ln(d) / ln(10^(1/5))) = i, five per decade; d <= 0 falls in bucket 0.
 */
export interface HistogramBucket {
  bucket: number
  /** The bucket's lower edge, as Go labels it: trunc(10^(i/5)) ns. */
  minNs: number
  count: number
}

/** A duration distribution. Percentiles are nearest-rank: the smallest value with q of them at or below. */
export interface DurationStats {
  /** How many durations the distribution holds. */
  count: number
  minNs: number
  p50Ns: number
  p90Ns: number
  p99Ns: number
  maxNs: number
  /** The non-empty buckets, in order. */
  histogram: HistogramBucket[]
}

/**
 * Narrows the region and task summaries to what a selection shows (the UI passes its current
 * selection). Unlike a profile scope, nothing is clipped: an instance is kept whole, with its
 * whole duration, or left out. Fields combine.
 */
export interface AnalysisScope {
  /**
   * Only instances overlapping [fromNs, toNs] (ns since the trace start; touching counts). A
   * missing start or end of an instance is taken as the trace's start or end.
   */
  fromNs?: number
  toNs?: number
  /** Only instances on these goroutines (tasks: with one of them among their goroutines). */
  gids?: readonly number[]
}

export interface RegionOptions extends AnalysisScope {
  /** Only regions of this type. */
  type?: string
  /**
   * Reproduce `go tool trace`'s /userregions: group by (type, outermost frame of the start
   * stack) and include the synthetic "" regions a goroutine inherits when it is created inside
   * a region. By default regions are grouped by type alone and synthetic ones are left out.
   */
  goCompat?: boolean
  /** Group by (type, start site) as Go does, without the rest of goCompat. */
  bySite?: boolean
}

/** One region instance. */
export interface RegionInstance {
  /**
   * The region's row in the store, as the timeline knows it (RangeBlock.id, SearchHit.id);
   * null for a synthetic region, which is not on the timeline.
   */
  id: number | null
  gid: number
  /** 0: the background task. */
  taskId: number
  /** null: began before the trace (or, for synthetic regions, never: they start at creation). */
  startNs: number | null
  /** null: still active when the trace ended. */
  endNs: number | null
  /** With a missing start or end replaced by the trace's start or end, as Go does. */
  durationNs: number
  /** A synthetic "" region inherited from the creating goroutine's region (goCompat only). */
  synthetic: boolean
}

export interface RegionGroup {
  type: string
  /** The outermost frame of the start stack (Go's fingerprint); only when grouped by site. */
  site: ProfileFrame | null
  /** All instances, complete or not (Go's Count). */
  count: number
  /** Instances with both a start and an end in the trace. */
  completeCount: number
  /** Durations of all instances, missing edges filled with the trace bounds (Go's histogram). */
  durations: DurationStats
  /** In start order (missing starts first). */
  instances: RegionInstance[]
}

export interface RegionSummary {
  /** Sorted by type, then by site PC (Go's order). */
  groups: RegionGroup[]
}

export interface TaskOptions extends AnalysisScope {
  /** Only tasks of this type. */
  type?: string
  /**
   * Reproduce `go tool trace`'s /usertasks: also list the background task (ID 0) when regions or
   * logs mention it. By default it is left out: it is not a task the program created.
   */
  goCompat?: boolean
}

export interface TaskLog {
  timeNs: number
  gid: number
  category: string
  message: string
}

export interface TaskRegion {
  gid: number
  type: string
  startNs: number | null
  endNs: number | null
}

export interface TaskInstance {
  id: number
  /** null: none (or not seen). */
  parentId: number | null
  type: string
  /** null: began before the trace. */
  startNs: number | null
  /** null: had not ended when the trace did. */
  endNs: number | null
  /** Both start and end are in the trace. */
  complete: boolean
  /** End − start, missing edges filled with the trace bounds (Go's task interval). */
  durationNs: number
  /** Goroutines that began or ended it, ran a region in it or logged to it (Go's set). */
  gids: number[]
  regions: TaskRegion[]
  logs: TaskLog[]
}

export interface TaskGroup {
  type: string
  /** All tasks of the type (Go's Count). */
  count: number
  completeCount: number
  /** Durations of complete tasks only (Go's histogram). */
  durations: DurationStats
  /** Longest first (Go's /usertask order). */
  instances: TaskInstance[]
}

export interface TaskSummary {
  /** Sorted by type. */
  groups: TaskGroup[]
}

/** What counts against the mutator in an MMU (the checkboxes of Go's MMU page). */
export interface MmuFlags {
  /** Stop-the-world pauses for GC. */
  stw?: boolean
  /** Background mark workers. */
  background?: boolean
  /** Mark assists. */
  assist?: boolean
  /** Sweeping. */
  sweep?: boolean
  /** One utilization function per P (Go's "per-goroutine" view) instead of one for all Ps. */
  perProc?: boolean
  /**
   * Go's exact background accounting, bug included: from a GC worker's second run on, its P
   * counts as busy with GC for the rest of the trace. Off by default (corrected).
   */
  goCompat?: boolean
}

/** Go's default MMU flags: stop-the-world pauses, background workers and assists, for all Ps. */
export const GO_DEFAULT_MMU_FLAGS: Readonly<MmuFlags> = {
  stw: true,
  background: true,
  assist: true,
}

/** What `EngineApi.mmu` computes: the curve for these flags, and optionally one window's details. */
export interface MmuOptions extends MmuFlags {
  /** Also the MMU and the worst windows for this window size (ns). */
  windowNs?: number
}

/** One window of the worst mutator utilization: [timeNs, timeNs + window). */
export interface MmuWindow {
  timeNs: number
  util: number
}

/** An MMU curve as Go's /mmu?mode=plot computes it: 100 log-spaced windows. */
export interface MmuCurve {
  /** Smallest window: 1 s, divided by 1000 while the MMU there is at least 0.0001. */
  xMinNs: number
  /** Largest window: xMin × 10^6, at most the longest series. */
  xMaxNs: number
  /** [window ns, minimum mutator utilization] */
  points: [number, number][]
}

export interface MmuResult {
  flags: MmuFlags
  curve: MmuCurve
  /** With a window: the MMU for it and its worst disjoint windows (Go's details, 10). */
  window?: { windowNs: number; mmu: number; worst: MmuWindow[] }
  /**
   * The MMU at a few round windows (100 µs, 1 ms, 10 ms, 100 ms, 1 s), those no longer than the
   * longest utilization function; only when asked for (the engine always asks).
   */
  atWindows?: { windowNs: number; mmu: number }[]
}
