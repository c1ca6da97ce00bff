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
