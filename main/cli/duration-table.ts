import type { DurationStats } from '../../common/analysis-api.ts'
import { formatCsv, formatJsonRows } from './format-table.ts'

export const DURATION_COLUMNS = ['min_ns', 'p50_ns', 'p90_ns', 'p99_ns', 'max_ns'] as const

/** A distribution's columns (DURATION_COLUMNS), empty cells when it holds nothing. */
export function durationCells(d: DurationStats): (number | null)[] {
  return d.count === 0
    ? [null, null, null, null, null]
    : [d.minNs, d.p50Ns, d.p90Ns, d.p99Ns, d.maxNs]
}

/**
 * Rows as CSV (times in ns) or as an aligned table for people: *_ns columns in ms, numbers
 * right-aligned, the first `textColumns` columns left-aligned.
 */
export function formatTable(
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
  format: 'text' | 'csv' | 'json-rows',
  textColumns = 1,
): string {
  if (format === 'csv') return formatCsv(columns, rows)
  if (format === 'json-rows') return formatJsonRows(columns, rows)
  const head = columns.map((c) => c.replace(/_ns$/, ' (ms)').replace(/_/g, ' '))
  const cells = rows.map((r) =>
    r.map((v, i) =>
      v === null
        ? '-'
        : typeof v === 'number' && columns[i]!.endsWith('_ns')
          ? (v / 1e6).toFixed(3)
          : String(v),
    ),
  )
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)))
  const line = (r: string[]) =>
    r
      .map((v, i) => (i < textColumns ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join('  ')
      .trimEnd() + '\n'
  return line(head) + cells.map(line).join('')
}

/** Go's %q for a region or task type, close enough for a table ("" stays visible). */
export function quoteType(type: string): string {
  return JSON.stringify(type)
}
