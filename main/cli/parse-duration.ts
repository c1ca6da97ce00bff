import { UsageError } from './command.ts'

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 }

/**
 * A time option in ns: plain nanoseconds ("1500000") or a number with a unit ("1.5ms", "2s",
 * "300us"), rounded to whole ns.
 */
export function parseDuration(option: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)?$/.exec(text.trim())
  if (m === null) {
    throw new UsageError(`--${option}: expected a time such as 1500000, 250us, 1.5ms or 2s`)
  }
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ns']!)
}

/** A non-negative integer option (goroutine or task id). */
export function parseId(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--${option}: expected a number`)
  return Number(text)
}
