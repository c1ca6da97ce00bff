import type { ChunkSink } from './chunk-sink.ts'

/** Counter series IDs (counter_series rows; see native-schema/store.sql). */
export enum Series {
  HeapLive = 1,
  HeapGoal,
  Gomaxprocs,
  GoroutinesRunning,
  GoroutinesRunnable,
  GoroutinesWaiting,
  GoroutinesSyscall,
  ThreadsRunning,
}

export const seriesInfo: Record<Series, { name: string; unit: string }> = {
  [Series.HeapLive]: { name: 'Heap live', unit: 'bytes' },
  [Series.HeapGoal]: { name: 'Heap goal', unit: 'bytes' },
  [Series.Gomaxprocs]: { name: 'GOMAXPROCS', unit: 'procs' },
  [Series.GoroutinesRunning]: { name: 'Goroutines running', unit: 'goroutines' },
  [Series.GoroutinesRunnable]: { name: 'Goroutines runnable', unit: 'goroutines' },
  [Series.GoroutinesWaiting]: { name: 'Goroutines waiting', unit: 'goroutines' },
  [Series.GoroutinesSyscall]: { name: 'Goroutines in syscall', unit: 'goroutines' },
  [Series.ThreadsRunning]: { name: 'Threads running (Ps held)', unit: 'threads' },
}

/** The count series of each goroutine state (GoState), 0 for a state without one. */
const stateSeries = new Int32Array(8)
stateSeries[2] = Series.GoroutinesRunnable
stateSeries[3] = Series.GoroutinesRunning
stateSeries[4] = Series.GoroutinesWaiting
stateSeries[5] = Series.GoroutinesSyscall

/**
 * The counts of goroutines per state and of threads running, which change with almost every
 * event: they keep one value per microsecond (the last of each microsecond that had changes, at
 * its first change), which is all a timeline can show and a fraction of the work. Values arrive
 * in time order, so the microsecond is one clock for every series: a series' value goes to the
 * chunk sink when the clock moves past it, unless it is the value sent last (a goroutine that
 * came and went within the microsecond). The goroutine counts are kept where the intervals are
 * encoded (EncodingChunkSink: in a pipelined ingest, the worker), from each interval's state and
 * the next; the thread count on the reading thread, from the procs' transitions.
 */
export class CounterRecorder {
  private static readonly COALESCE_NS = 1024
  /** The microsecond being collected, [start, end): compared, not divided, on every change. */
  private bucketStartNs = Infinity
  private bucketEndNs = -Infinity
  /** Series with changes in the current microsecond, as bits. */
  private pending = 0
  private readonly firstNs = new Float64Array(Series.ThreadsRunning + 1)
  /** Each series' current value, and the value last sent (NaN: none yet). */
  private readonly value = new Float64Array(Series.ThreadsRunning + 1)
  private readonly sent = new Float64Array(Series.ThreadsRunning + 1).fill(NaN)

  constructor(private readonly out: ChunkSink) {}

  /** A goroutine moved from state `from` to `to` (GoState). */
  goroutineMoved(timeNs: number, from: number, to: number): void {
    this.clock(timeNs)
    const down = stateSeries[from]!
    const up = stateSeries[to]!
    if (down !== 0) this.change(down, timeNs, this.value[down]! - 1)
    if (up !== 0) this.change(up, timeNs, this.value[up]! + 1)
  }

  /** A new value of a count series (Series.GoroutinesRunning and after). */
  set(series: Series, timeNs: number, value: number): void {
    this.clock(timeNs)
    this.change(series, timeNs, value)
  }

  private clock(timeNs: number): void {
    if (timeNs < this.bucketEndNs && timeNs >= this.bucketStartNs) return
    if (this.pending !== 0) this.writePending()
    const start = Math.floor(timeNs / CounterRecorder.COALESCE_NS) * CounterRecorder.COALESCE_NS
    this.bucketStartNs = start
    this.bucketEndNs = start + CounterRecorder.COALESCE_NS
  }

  private change(series: number, timeNs: number, value: number): void {
    const bit = 1 << series
    if ((this.pending & bit) === 0) {
      this.pending |= bit
      this.firstNs[series] = timeNs
    }
    this.value[series] = value
  }

  private writePending(): void {
    for (let series = Series.GoroutinesRunning; series <= Series.ThreadsRunning; series++) {
      if ((this.pending & (1 << series)) === 0) continue
      const value = this.value[series]!
      if (value === this.sent[series]) continue
      this.sent[series] = value
      this.out.counter(series, this.firstNs[series]!, value)
    }
    this.pending = 0
  }

  /** Sends the last microsecond's values. */
  finish(): void {
    this.writePending()
  }
}
