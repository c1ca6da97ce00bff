import type {
  CounterBlock,
  EngineApi,
  RangeBlock,
  RangeQuery,
  SampleBlock,
  SpanBlock,
  SpanQuery,
} from '../../../common/engine-api.ts'
import { rangeKey } from './track-rows.ts'
import { covers, planWindow, type PlannedWindow } from './viewport-plan.ts'

export interface SpanData {
  block: SpanBlock
  window: PlannedWindow
}

export interface RangeData {
  block: RangeBlock
  window: PlannedWindow
}

export interface SampleData {
  block: SampleBlock
  window: PlannedWindow
}

export interface CounterData {
  block: CounterBlock
  window: PlannedWindow
}

interface Request {
  seq: number
  window: PlannedWindow
  spanKeys: Set<string>
  counters: Set<number>
  rangeKeys: Set<string>
  sampleKeys: Set<string>
}

export function spanKey(q: SpanQuery): string {
  return `${q.kind}:${q.id}`
}

/**
 * Fetches what the visible tracks need, in one viewport call per change: reuses the last reply
 * while the view stays inside its padded window at the same resolution, lets the latest request
 * win (stale replies are dropped) and keeps every track's previous data to draw meanwhile.
 */
export class ViewportLoader {
  readonly spans = new Map<string, SpanData>()
  readonly counters = new Map<number, CounterData>()
  readonly ranges = new Map<string, RangeData>()
  /** CPU sample ticks by track key, for the tracks asked for with `sampleTracks`. */
  readonly samples = new Map<string, SampleData>()
  readonly strings = new Map<number, string>()
  requests = 0
  lastError: string | undefined
  private seq = 0
  private applied: Request | undefined
  private inflight: Request | undefined
  private idleWaiters: (() => void)[] = []

  constructor(
    private readonly engine: EngineApi,
    private readonly onData: () => void,
  ) {}

  get pending(): boolean {
    return this.inflight !== undefined
  }

  /** Makes sure data for this view and these tracks is present or on its way. */
  ensure(
    startNs: number,
    endNs: number,
    widthPx: number,
    spanTracks: SpanQuery[],
    counterSeries: number[],
    rangeTracks: RangeQuery[] = [],
    sampleTracks: SpanQuery[] = [],
  ): void {
    const want = planWindow(startNs, endNs, widthPx)
    const spanKeys = spanTracks.map(spanKey)
    const rangeKeys = rangeTracks.map(rangeKey)
    const sampleKeys = sampleTracks.map(spanKey)
    const satisfied = (r: Request | undefined) =>
      r !== undefined &&
      covers(r.window, want, startNs, endNs) &&
      spanKeys.every((k) => r.spanKeys.has(k)) &&
      counterSeries.every((s) => r.counters.has(s)) &&
      rangeKeys.every((k) => r.rangeKeys.has(k)) &&
      sampleKeys.every((k) => r.sampleKeys.has(k))
    if (satisfied(this.inflight) || (this.inflight === undefined && satisfied(this.applied))) return
    const request: Request = {
      seq: ++this.seq,
      window: want,
      spanKeys: new Set(spanKeys),
      counters: new Set(counterSeries),
      rangeKeys: new Set(rangeKeys),
      sampleKeys: new Set(sampleKeys),
    }
    this.inflight = request
    this.requests++
    this.engine
      .viewport({
        ...want,
        spans: spanTracks,
        counters: counterSeries,
        ranges: rangeTracks,
        samples: sampleTracks,
      })
      .then((result) => {
        if (request.seq !== this.seq) return // a newer request superseded this one
        result.spans.forEach((block, i) => {
          this.spans.set(spanKeys[i]!, { block, window: want })
        })
        result.counters.forEach((block, i) => {
          this.counters.set(counterSeries[i]!, { block, window: want })
        })
        result.ranges.forEach((block, i) => {
          this.ranges.set(rangeKeys[i]!, { block, window: want })
        })
        result.samples.forEach((block, i) => {
          this.samples.set(sampleKeys[i]!, { block, window: want })
        })
        for (const [id, s] of Object.entries(result.strings)) this.strings.set(Number(id), s)
        this.applied = request
        this.lastError = undefined
      })
      .catch((err: unknown) => {
        if (request.seq !== this.seq) return
        this.lastError = err instanceof Error ? err.message : String(err)
      })
      .finally(() => {
        if (request.seq !== this.seq) return
        this.inflight = undefined
        this.onData()
        for (const w of this.idleWaiters.splice(0)) w()
      })
  }

  /** Resolves once no request is in flight. */
  settled(): Promise<void> {
    if (this.inflight === undefined) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }
}
