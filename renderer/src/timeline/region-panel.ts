import type { EngineApi, RegionInstance, SearchHit } from '../../../common/engine-api.ts'
import { SummaryPanel } from './summary-panel.ts'

/**
 * The "Regions" tab: `engine.regionSummary(scope)`, per region type the count, how many are
 * complete and the duration distribution; a type's instances (goroutine, task, start, end,
 * duration); a click on one selects it on the timeline as a search hit for it does.
 */
export function regionPanel(
  engine: EngineApi,
  jump: (hit: SearchHit) => void,
  traceEndNs: number,
): SummaryPanel<RegionInstance> {
  return new SummaryPanel<RegionInstance>(
    {
      key: 'regions',
      title: 'Region analysis',
      typeTitle: 'Region type',
      none: 'No user regions in this trace (runtime/trace.WithRegion, StartRegion).',
      load: (scope) => engine.regionSummary(scope),
      instanceColumns: [
        { key: 'gid', title: 'Goroutine', value: (r) => r.gid, text: (r) => `G${r.gid}` },
        {
          key: 'task',
          title: 'Task',
          value: (r) => r.taskId,
          text: (r) => (r.taskId === 0 ? '–' : String(r.taskId)),
          numeric: true,
        },
      ],
      onInstance: (r, type, startNs, endNs) =>
        // A synthetic region (id null) is not on the timeline: its goroutine is selected instead.
        jump({ kind: 'region', id: r.id ?? -1, label: type, gid: r.gid, startNs, endNs }),
    },
    traceEndNs,
  )
}
