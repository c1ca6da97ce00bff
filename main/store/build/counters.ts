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
 * can show and a fraction of the work.
 */
export class CounterRecorder {
  private static readonly COALESCE_NS = 1024
  private readonly bucket: number[] = []
  private readonly time: number[] = []
  private readonly value: number[] = []

  constructor(private readonly chunks: CounterChunkWriter) {}

  set(series: Series, timeNs: number, value: number): void {
    if (series < Series.GoroutinesRunning) {
      this.chunks.add(series, timeNs, value)
      return
    }
    const b = Math.floor(timeNs / CounterRecorder.COALESCE_NS)
    if (this.bucket[series] === b) {
      this.value[series] = value
      return
    }
    if (this.bucket[series] !== undefined) {
      this.chunks.add(series, this.time[series]!, this.value[series]!)
    }
    this.bucket[series] = b
    this.time[series] = timeNs
    this.value[series] = value
  }

  finish(): void {
    this.bucket.forEach((b, series) => {
      if (b !== undefined) this.chunks.add(series, this.time[series]!, this.value[series]!)
    })
    this.chunks.finish()
  }
}
