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

/** Records counter values on change; repeated values are dropped by the chunk writer. */
export class CounterRecorder {
  constructor(private readonly chunks: CounterChunkWriter) {}

  set(series: Series, timeNs: number, value: number): void {
    this.chunks.add(series, timeNs, value)
  }

  finish(): void {
    this.chunks.finish()
  }
}
