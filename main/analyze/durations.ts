import type { DurationStats, HistogramBucket } from '../../common/analysis-api.ts'

/** Go's ln(10^(1/5)) (traceviewer's logDiv): five histogram buckets per decade. */
const LOG_DIV = Math.log(Math.pow(10, 1 / 5))

/** The histogram bucket of a duration, as Go's TimeHistogram.Add computes it. */
export function histogramBucket(ns: number): number {
  return ns > 0 ? Math.trunc(Math.log(ns) / LOG_DIV) : 0
}

/** A bucket's lower edge in ns, as Go's TimeHistogram.BucketMin (time.Duration truncates). */
export function bucketMinNs(bucket: number): number {
  return Math.trunc(Math.exp(bucket * LOG_DIV))
}

/** Count, min, nearest-rank percentiles, max and Go's histogram of some durations. */
export function durationStats(durations: readonly number[]): DurationStats {
  const sorted = Float64Array.from(durations).sort()
  const n = sorted.length
  const rank = (q: number) => (n === 0 ? 0 : sorted[Math.max(0, Math.ceil(q * n) - 1)]!)
  const counts = new Map<number, number>()
  for (const d of sorted) {
    const b = histogramBucket(d)
    counts.set(b, (counts.get(b) ?? 0) + 1)
  }
  const histogram: HistogramBucket[] = [...counts]
    .sort((a, b) => a[0] - b[0])
    .map(([bucket, count]) => ({ bucket, minNs: bucketMinNs(bucket), count }))
  return {
    count: n,
    minNs: n === 0 ? 0 : sorted[0]!,
    p50Ns: rank(0.5),
    p90Ns: rank(0.9),
    p99Ns: rank(0.99),
    maxNs: n === 0 ? 0 : sorted[n - 1]!,
    histogram,
  }
}
