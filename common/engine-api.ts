import type {
  FlowBlock,
  GoroutineSpanDetails,
  OpenProgress,
  OpenResult,
  RangeDetails,
  RangeRef,
  TrackList,
  ViewportRequest,
  ViewportResult,
} from './timeline-api.ts'

import type {
  GoroutineSummary,
  MmuOptions,
  MmuResult,
  Profile,
  ProfileScope,
  ProfileType,
  RegionOptions,
  RegionSummary,
  TaskOptions,
  TaskSummary,
} from './analysis-api.ts'

export type * from './timeline-api.ts'
export type * from './analysis-api.ts'

/**
 * The one interface between the engine (Node: decoder, store, analyses) and everything that
 * shows its results: the renderer in Electron (over a MessagePort), the renderer in a browser
 * (over a WebSocket) and the CLI (in-process). Every method is async because two of those three
 * are remote; values must survive the wire codec (common/wire.ts) and structured clone, so use
 * plain objects, arrays, strings, numbers, bigint and typed arrays — no classes or functions.
 *
 * Later issues add viewport queries here; keep each addition small and documented.
 */
export interface EngineApi {
  /** gotrace's version (package.json). */
  version(): Promise<string>
  /** The trace this engine was opened on, or undefined when it was started without one. */
  traceInfo(): Promise<TraceInfo | undefined>

  /**
   * Opens the trace: reuses its cached store or ingests it (seconds to minutes for big traces).
   * Concurrent calls share one open. Rejects with a one-line message on a bad trace or store.
   */
  open(): Promise<OpenResult>
  /** Progress of the open under way (poll it: callbacks do not cross every transport). */
  openProgress(): Promise<OpenProgress | undefined>
  /** Every track of the opened trace. */
  tracks(): Promise<TrackList>
  /** Spans and counters of some tracks between two times, at a resolution. */
  viewport(request: ViewportRequest): Promise<ViewportResult>
  /** The state goroutine `gid` was in at `timeNs`, with its stacks; undefined if none. */
  goroutineSpan(gid: number, timeNs: number): Promise<GoroutineSpanDetails | undefined>
  /**
   * What the store knows of a region or task picked on the timeline (main/store/range-details.ts):
   * a region's task with its ancestry, the regions it is nested in and its goroutine's logs
   * during it; a task's ancestry, goroutine and region counts and logs. Undefined if unknown.
   */
  rangeDetails(ref: RangeRef): Promise<RangeDetails | undefined>

  /** A net, sync, syscall or sched profile of a scope (the whole trace by default). */
  profile(type: ProfileType, scope?: ProfileScope): Promise<Profile>
  /** The same, encoded for a file: gzipped pprof, folded stacks text, or JSON. */
  exportProfile(type: ProfileType, scope: ProfileScope, format: ProfileFormat): Promise<Uint8Array>
  /** Go's goroutine analysis: per start function and per goroutine. */
  goroutineSummary(): Promise<GoroutineSummary>
  /**
   * User regions by type, as Go's /userregions (see docs/analyses.md): per type the count and
   * duration distribution, and every instance with its goroutine and task. `options` narrows it
   * to a scope (time range, goroutines: instances are kept whole) or a type, or asks for Go's
   * grouping (goCompat, bySite). The whole trace by default.
   */
  regionSummary(options?: RegionOptions): Promise<RegionSummary>
  /**
   * User tasks by type, as Go's /usertasks: per type the count and the distribution of complete
   * tasks' durations, and every task with its goroutines, regions and logs; scoped like regions.
   */
  taskSummary(options?: TaskOptions): Promise<TaskSummary>
  /**
   * Minimum mutator utilization, as Go's /mmu: the curve (100 [window ns, utilization] points,
   * log-spaced windows) for the flags (stw, background, assist, sweep, perProc, goCompat; unset
   * ones are off, Go's default is GO_DEFAULT_MMU_FLAGS), the MMU at round windows (atWindows) and,
   * with windowNs, that window's worst windows. It runs step by step, serving other calls
   * between steps; a newer mmu() call or cancelMmu() stops it, and it rejects with an error
   * named "JobCancelledError".
   */
  mmu(options: MmuOptions): Promise<MmuResult>
  /** The share done (0 to 1) of the mmu() under way, undefined when none is (poll it). */
  mmuProgress(): Promise<number | undefined>
  /** Stops the mmu() under way, if any. */
  cancelMmu(): Promise<void>
  /** Goroutines (by ID or start function), region types and tasks matching a text. */
  search(text: string, limit?: number): Promise<SearchHit[]>

  /**
   * Who created or unblocked goroutine `gid`, and whom it created or unblocked, around
   * [fromNs, toNs] (main/store/flows.ts): its runnable intervals overlapping the window that
   * another goroutine caused, and other goroutines' runnable intervals it caused that begin in it.
   */
  flows(gid: number, fromNs: number, toNs: number): Promise<FlowBlock>
}

export type ProfileFormat = 'pprof' | 'folded' | 'json'

/** Something `search` found, with the time span to show it in. */
export interface SearchHit {
  kind: 'goroutine' | 'region' | 'task'
  /** Goroutine ID, region row ID or task ID. */
  id: number
  /** What to show: "G12 main.worker", a region type, a task type. */
  label: string
  /** The goroutine the hit belongs to (regions), or the goroutine itself. */
  gid: number | null
  startNs: number
  endNs: number
}

export interface TraceInfo {
  /** Absolute path of the trace file, as the engine opened it. */
  path: string
  sizeBytes: number
  /** The trace header without its NUL padding, e.g. "go 1.26 trace"; "unknown" otherwise. */
  header: string
}
