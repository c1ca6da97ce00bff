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

/** The count series of each goroutine state (GoState) that has one. */
const stateSeries: (Series | undefined)[] = []
stateSeries[2] = Series.GoroutinesRunnable
stateSeries[3] = Series.GoroutinesRunning
stateSeries[4] = Series.GoroutinesWaiting
stateSeries[5] = Series.GoroutinesSyscall

/**
 * The counts of goroutines per state and of threads running, which change with almost every
 * event: they keep one value per microsecond (the last of each microsecond that had changes, at
 * its first change), which is all a timeline can show and a fraction of the work. Values arrive
 * in time order, so the microsecond is one clock for every series: a series' value goes to the
 * chunk sink when the clock moves past it. This runs on the reading thread, so a pipelined
 * ingest ships a point per series and microsecond rather than every change.
 */
export class CounterRecorder {
  private static readonly COALESCE_NS = 1024
  /** The microsecond being collected, [start, end): compared, not divided, on every change. */
  private bucketStartNs = Infinity
  private bucketEndNs = -Infinity
  /** Series with changes in the current microsecond, as bits. */
  private pending = 0
  private readonly firstNs = new Float64Array(Series.ThreadsRunning + 1)
  private readonly value = new Float64Array(Series.ThreadsRunning + 1)
  /** Goroutines per state (GoState). */
  private readonly counts = new Float64Array(8)

  constructor(private readonly out: ChunkSink) {}

  /** A goroutine moved from state `from` to `to`. */
  goroutineMoved(timeNs: number, from: number, to: number): void {
    this.move(from, -1, timeNs)
    this.move(to, +1, timeNs)
  }

  private move(state: number, delta: number, timeNs: number): void {
    const series = stateSeries[state]
    if (series === undefined) return
    this.counts[state] = this.counts[state]! + delta
    this.set(series, timeNs, this.counts[state])
  }

  /** A new value of a count series (Series.GoroutinesRunning and after). */
  set(series: Series, timeNs: number, value: number): void {
    if (timeNs >= this.bucketEndNs || timeNs < this.bucketStartNs) {
      if (this.pending !== 0) this.writePending()
      const start = Math.floor(timeNs / CounterRecorder.COALESCE_NS) * CounterRecorder.COALESCE_NS
      this.bucketStartNs = start
      this.bucketEndNs = start + CounterRecorder.COALESCE_NS
    }
    const bit = 1 << series
    if ((this.pending & bit) === 0) {
      this.pending |= bit
      this.firstNs[series] = timeNs
    }
    this.value[series] = value
  }

  private writePending(): void {
    for (let series = Series.GoroutinesRunning; series <= Series.ThreadsRunning; series++) {
      if ((this.pending & (1 << series)) !== 0) {
        this.out.counter(series, this.firstNs[series]!, this.value[series]!)
      }
    }
    this.pending = 0
  }

  /** Sends the last microsecond's values. */
  finish(): void {
    this.writePending()
  }
}
