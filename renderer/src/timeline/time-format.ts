/** Human-readable times and durations (all inputs in ns). */

const UNITS = [
  { ns: 1e9, name: 's' },
  { ns: 1e6, name: 'ms' },
  { ns: 1e3, name: 'µs' },
  { ns: 1, name: 'ns' },
] as const

/** A duration with three significant digits: "1.23 ms", "850 ns", "12.4 s". */
export function formatDurationNs(durationNs: number): string {
  const abs = Math.abs(durationNs)
  for (const unit of UNITS) {
    if (abs >= unit.ns || unit.ns === 1) {
      const v = durationNs / unit.ns
      const digits = unit.ns === 1 ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2
      return `${trimZeros(v.toFixed(digits))} ${unit.name}`
    }
  }
  return `${durationNs} ns`
}

/**
 * A time since trace start in the unit that suits the whole view (`spanNs`, e.g. its end) with
 * as many decimals as the precision `stepNs` needs: "120.0342 ms".
 */
export function formatTimeNs(timeNs: number, stepNs: number, spanNs: number): string {
  const unit = UNITS.find((u) => spanNs >= u.ns) ?? UNITS[UNITS.length - 1]!
  const decimals = Math.min(9, Math.max(0, Math.ceil(-Math.log10(stepNs / unit.ns) - 1e-9)))
  return `${(timeNs / unit.ns).toFixed(decimals)} ${unit.name}`
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

/** Counter values with their unit: bytes as KiB/MiB, others as plain numbers. */
export function formatCounterValue(value: number, unit: string): string {
  if (unit === 'bytes') {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
    let v = value
    let i = 0
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024
      i++
    }
    return i === 0 ? `${value} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}
