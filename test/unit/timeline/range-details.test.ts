import { describe, expect, it } from 'vitest'
import type { RangeDetails } from '../../../common/engine-api.ts'
import { describeRangeDetails } from '../../../renderer/src/timeline/range-details-fields.ts'

/** The picked range's end: log times take its units (ms here). */
const rangeEndNs = 2_000_000

describe('describeRangeDetails', () => {
  it("lists a region's task, parents, enclosing regions and logs on one line each", () => {
    const d: RangeDetails = {
      kind: 'region',
      task: { id: 7, type: 'item' },
      parentTasks: [
        { id: 4, type: 'batch' },
        { id: 2, type: '' },
      ],
      enclosing: [
        { id: 1, type: 'outer', startNs: 0, endNs: 3e6 },
        { id: 2, type: 'mid', startNs: 0, endNs: 3e6 },
      ],
      logs: [
        { timeNs: 1_500_000, category: 'cat\nnl', message: 'a\tb\u0001' },
        { timeNs: 1_600_000, category: '', message: 'plain' },
      ],
      total: 1234,
    }
    const { fields, sections } = describeRangeDetails(rangeEndNs, d)
    expect(fields).toEqual([
      ['Task', 'T7 item'],
      ['Parent tasks', 'T4 batch › T2'],
      ['Inside', 'outer › mid'],
      ['Logs', '1,234'],
    ])
    expect(sections).toEqual([
      {
        title: 'Logs',
        testId: 'details-logs',
        lines: ['1.500000 ms  [cat\\nnl] a\\tb\\x01', '1.600000 ms  plain', 'and 1,232 more'],
      },
    ])
  })

  it('says so when a region is in no task, and gives a task its counts', () => {
    const none = describeRangeDetails(rangeEndNs, {
      kind: 'region',
      task: null,
      parentTasks: [],
      enclosing: [],
      logs: [],
      total: 0,
    })
    expect(none).toEqual({
      fields: [
        ['Task', '—'],
        ['Logs', '0'],
      ],
      sections: [],
    })
    const task = describeRangeDetails(rangeEndNs, {
      kind: 'task',
      parentTasks: [{ id: 2, type: 'main' }],
      goroutines: 3,
      regions: 7,
      logs: [],
      total: 0,
    })
    expect(task.fields).toEqual([
      ['Parent tasks', 'T2 main'],
      ['Goroutines', '3'],
      ['Regions', '7'],
      ['Logs', '0'],
    ])
  })
})
