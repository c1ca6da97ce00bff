import Database from 'better-sqlite3'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type {
  EngineApi,
  FlowBlock,
  GoroutineSpanDetails,
  GoroutineSummary,
  MmuOptions,
  MmuResult,
  Profile,
  ProfileScope,
  ProfileType,
  RegionOptions,
  RegionSummary,
  SearchHit,
  TaskOptions,
  TaskSummary,
  OpenProgress,
  OpenResult,
  RangeDetails,
  RangeRef,
  TraceInfo,
  TrackList,
  ViewportRequest,
  ViewportResult,
} from '../../common/engine-api.ts'
import { formatFolded } from '../analyze/folded.ts'
import { summarizeGoroutines } from '../analyze/goroutine-summary.ts'
import { MMU_ROUND_WINDOWS_NS, mmuSteps } from '../analyze/mmu.ts'
import { computeProfile } from '../analyze/profile.ts'
import { encodePprof } from '../analyze/pprof-export.ts'
import { summarizeRegions } from '../analyze/regions.ts'
import { summarizeTasks } from '../analyze/tasks.ts'
import { queryFlows } from '../store/flows.ts'
import { openStore } from '../store/ingest.ts'
import { search } from '../store/search.ts'
import { goroutineSpanDetails } from '../store/span-details.ts'
import { listTracks } from '../store/tracks.ts'
import { queryRanges } from '../store/ranges-query.ts'
import { rangeDetails } from '../store/range-details.ts'
import { cachedStatement } from '../store/statements.ts'
import { querySamples } from '../store/samples.ts'
import { quantizeResolution, queryCounter, querySpans } from '../store/viewport.ts'
import { VERSION } from '../version.ts'
import { JobSlot } from './job-slot.ts'
import { readTraceHeader } from './trace-header.ts'

export interface EngineOptions {
  /** The trace to open; relative paths are resolved against the current directory. */
  tracePath?: string | undefined
  /**
   * Path of an Electron-ABI better_sqlite3.node (see main/store/native-binding.ts); undefined
   * means the Node build in node_modules.
   */
  nativeBinding?: string | undefined
  /** Where stores are kept; default: GOTRACE_CACHE_DIR or the user cache folder. */
  cacheDir?: string | undefined
}

interface OpenStore {
  db: Database.Database
  startNs: number
  durationNs: number
  result: OpenResult
}

/**
 * The Node implementation of EngineApi. It runs in the CLI process, in the web server process
 * and in Electron's engine utility process alike. The trace file is only ever read.
 */
export function createEngine(options: EngineOptions = {}): EngineApi {
  const tracePath = options.tracePath === undefined ? undefined : resolve(options.tracePath)
  let opening: Promise<OpenStore> | undefined
  let progress: OpenProgress | undefined
  const mmuJob = new JobSlot('MMU')

  const store = (): Promise<OpenStore> => {
    if (tracePath === undefined) return Promise.reject(new Error('no trace was given to open'))
    opening ??= openStore(tracePath, {
      cacheDir: options.cacheDir,
      nativeBinding: options.nativeBinding,
      onProgress: (p) => (progress = p),
    }).then((info) => {
      const db = new Database(info.path, {
        readonly: true,
        ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
      })
      const durationNs = Number(info.meta.duration_ns)
      return {
        db,
        startNs: Number(info.meta.start_ns ?? 0),
        durationNs,
        result: {
          storePath: info.path,
          cached: info.cached,
          seconds: info.seconds,
          format: String(info.meta.format),
          durationNs,
          events: Number(info.meta.events),
          warning: info.meta.warning === null ? undefined : String(info.meta.warning),
        },
      }
    })
    // A failed open can be retried (e.g. after freeing disk space).
    opening.catch(() => (opening = undefined))
    return opening
  }

  return {
    version() {
      return Promise.resolve(VERSION)
    },
    async traceInfo(): Promise<TraceInfo | undefined> {
      if (tracePath === undefined) return undefined
      // Read afresh on each call: cheap, and never stale if the file is re-recorded.
      const [info, header] = await Promise.all([stat(tracePath), readTraceHeader(tracePath)])
      return { path: tracePath, sizeBytes: info.size, header }
    },
    async open(): Promise<OpenResult> {
      return (await store()).result
    },
    openProgress(): Promise<OpenProgress | undefined> {
      return Promise.resolve(progress)
    },
    async tracks(): Promise<TrackList> {
      const s = await store()
      return listTracks(s.db, s.durationNs)
    },
    async viewport(req: ViewportRequest): Promise<ViewportResult> {
      const s = await store()
      const nsPerPx = quantizeResolution(req.nsPerPx)
      const spans = req.spans.map((t) =>
        querySpans(s.db, t.kind, t.id, req.startNs, req.endNs, nsPerPx, s.durationNs),
      )
      const counters = req.counters.map((series) =>
        queryCounter(s.db, series, req.startNs, req.endNs, nsPerPx),
      )
      const ranges = (req.ranges ?? []).map((q) =>
        queryRanges(s.db, q, req.startNs, req.endNs, nsPerPx, s.startNs, s.durationNs),
      )
      const samples =
        req.samples === undefined || req.samples.length === 0
          ? []
          : querySamples(s.db, req.samples, req.startNs, req.endNs, nsPerPx)
      const strings = reasonStrings(s.db, req.spans, spans)
      Object.assign(
        strings,
        stringsById(
          s.db,
          ranges.flatMap((r) => [...r.nameId]),
        ),
        stringsById(
          s.db,
          samples.flatMap((b) => [...b.frames]),
        ),
      )
      return { nsPerPx, spans, counters, ranges, samples, strings }
    },
    async goroutineSpan(gid: number, timeNs: number): Promise<GoroutineSpanDetails | undefined> {
      const s = await store()
      return goroutineSpanDetails(s.db, gid, timeNs, s.durationNs)
    },
    async rangeDetails(ref: RangeRef): Promise<RangeDetails | undefined> {
      const s = await store()
      return rangeDetails(s.db, ref, s.startNs, s.durationNs)
    },
    async profile(type: ProfileType, scope: ProfileScope = {}): Promise<Profile> {
      return computeProfile((await store()).db, type, scope)
    },
    async exportProfile(type, scope, format): Promise<Uint8Array> {
      const profile = computeProfile((await store()).db, type, scope)
      // A plain Uint8Array: a Node Buffer does not cross every transport (common/wire.ts).
      if (format === 'pprof') return new Uint8Array(encodePprof(profile))
      const text = format === 'folded' ? formatFolded(profile) : JSON.stringify(profile, null, 2)
      return new TextEncoder().encode(text)
    },
    async goroutineSummary(): Promise<GoroutineSummary> {
      return summarizeGoroutines((await store()).db)
    },
    async regionSummary(options: RegionOptions = {}): Promise<RegionSummary> {
      return summarizeRegions((await store()).db, options)
    },
    async taskSummary(options: TaskOptions = {}): Promise<TaskSummary> {
      return summarizeTasks((await store()).db, options)
    },
    mmu({ windowNs, ...flags }: MmuOptions): Promise<MmuResult> {
      return mmuJob.run(store(), (s) =>
        mmuSteps(s.db, flags, { windowNs, atWindows: MMU_ROUND_WINDOWS_NS }),
      )
    },
    mmuProgress(): Promise<number | undefined> {
      return Promise.resolve(mmuJob.progress())
    },
    async cancelMmu(): Promise<void> {
      mmuJob.cancel()
    },
    async search(text: string, limit = 50): Promise<SearchHit[]> {
      const s = await store()
      return search(s.db, text, limit, s.durationNs)
    },

    async flows(gid: number, fromNs: number, toNs: number): Promise<FlowBlock> {
      return queryFlows((await store()).db, gid, fromNs, toNs)
    },
  }
}

/** The reason strings goroutine spans refer to, so the UI can label them. */
function reasonStrings(
  db: Database.Database,
  queries: ViewportRequest['spans'],
  blocks: ViewportResult['spans'],
): Record<number, string> {
  const ids: number[] = []
  blocks.forEach((b, i) => {
    if (queries[i]!.kind === 'goroutine') ids.push(...b.id)
  })
  return stringsById(db, ids)
}

function stringsById(db: Database.Database, ids: Iterable<number>): Record<number, string> {
  const get = cachedStatement(db, 'SELECT value FROM strings WHERE id = ?').pluck()
  const out: Record<number, string> = {}
  for (const id of new Set(ids)) if (id > 0) out[id] = get.get(id) as string
  return out
}
