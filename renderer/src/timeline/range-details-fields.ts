import type { RangeDetails, TaskRef } from '../../../common/engine-api.ts'
import { formatTimeNs } from './time-format.ts'

/** A titled block of monospaced lines shown after the fields (DetailsPanel.show). */
export interface DetailSection {
  title: string
  lines: string[]
  testId?: string
}

/**
 * The fields a region's or task's store details add (EngineApi.rangeDetails): a region's task,
 * the task's parents and the regions it is nested in, a task's parents and counts, then the logs,
 * as a section of lines "time  [category] message". Times use the units of the range's own.
 */
export function describeRangeDetails(
  /** The range's end: log times are written in the units its own times use. */
  rangeEndNs: number,
  d: RangeDetails,
): { fields: [string, string][]; sections: DetailSection[] } {
  const fields: [string, string][] = []
  const task = (t: TaskRef) => (t.type === '' ? `T${t.id}` : `T${t.id} ${t.type}`)
  if (d.kind === 'region') fields.push(['Task', d.task === null ? '—' : task(d.task)])
  if (d.parentTasks.length > 0) fields.push(['Parent tasks', d.parentTasks.map(task).join(' › ')])
  if (d.kind === 'region' && d.enclosing.length > 0) {
    fields.push(['Inside', d.enclosing.map((e) => e.type).join(' › ')])
  }
  if (d.kind === 'task') {
    fields.push(['Goroutines', d.goroutines.toLocaleString('en-US')])
    fields.push(['Regions', d.regions.toLocaleString('en-US')])
  }
  fields.push(['Logs', d.total.toLocaleString('en-US')])
  if (d.logs.length === 0) return { fields, sections: [] }
  const span = Math.max(rangeEndNs, 1)
  const lines = d.logs.map((l) => {
    const category = l.category === '' ? '' : `[${visible(l.category)}] `
    return `${formatTimeNs(l.timeNs, 1, span)}  ${category}${visible(l.message)}`
  })
  if (d.total > d.logs.length) {
    lines.push(`and ${(d.total - d.logs.length).toLocaleString('en-US')} more`)
  }
  return { fields, sections: [{ title: 'Logs', lines, testId: 'details-logs' }] }
}

/** `s` on one line: control characters as escapes (\n, \t, \x00). */
function visible(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)!
    if (c >= 0x20 && c !== 0x7f) out += ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\t') out += '\\t'
    else out += `\\x${c.toString(16).padStart(2, '0')}`
  }
  return out
}
