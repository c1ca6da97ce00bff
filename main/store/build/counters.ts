import type { CounterChunkWriter } from '../chunks/counter-chunk.ts'

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

/**
 * Records counter values on change (repeated values are dropped by the chunk writer). The counts
 * of goroutines and threads change with almost every event: those keep one value per microsecond
 * (the last of each microsecond that had changes, at its first change), which is all a timeline
 * can show and a fraction of the work. Values arrive in time order, so the microsecond is one
 * clock for every series: a series' value is written when the clock moves past it.
 */
export class CounterRecorder {
  private static readonly COALESCE_NS = 1024
  private bucket = NaN
  /** Series with changes in the current microsecond, as bits. */
  private pending = 0
  private readonly firstNs = new Float64Array(Series.ThreadsRunning + 1)
  private readonly value = new Float64Array(Series.ThreadsRunning + 1)

  constructor(private readonly chunks: CounterChunkWriter) {}

  set(series: Series, timeNs: number, value: number): void {
    if (series < Series.GoroutinesRunning) {
      this.chunks.add(series, timeNs, value)
      return
    }
    const b = Math.floor(timeNs / CounterRecorder.COALESCE_NS)
    if (b !== this.bucket) {
      if (this.pending !== 0) this.writePending()
      this.bucket = b
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
        this.chunks.add(series, this.firstNs[series]!, this.value[series]!)
      }
    }
    this.pending = 0
  }

  finish(): void {
    this.writePending()
    this.chunks.finish()
  }
}
