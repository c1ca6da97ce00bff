/** Rows as CSV (RFC 4180: fields with a comma, quote or line break are quoted). */
export function formatCsv(
  columns: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  let out = columns.map(csvField).join(',') + '\n'
  for (const row of rows) out += row.map(csvField).join(',') + '\n'
  return out
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Rows as a JSON array of objects keyed by column. */
export function formatJsonRows(
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? null])))
  return JSON.stringify(objects, null, 2) + '\n'
}
