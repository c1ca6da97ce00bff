import type { EngineApi, SearchHit, TaskInstance } from '../../../common/engine-api.ts'
import { SummaryPanel } from './summary-panel.ts'

const count = (key: string, title: string, n: (t: TaskInstance) => number) => ({
  key,
  title,
  value: n,
  numeric: true,
})

/**
 * The "Tasks" tab: `engine.taskSummary(scope)`, per task type the count, how many are complete
 * and the distribution of complete ones' durations; a type's tasks with their parent, how many
 * goroutines, regions and logs they have and their times; a click on one zooms to it and
 * selects it on the Tasks track.
 */
export function taskPanel(
  engine: EngineApi,
  jump: (hit: SearchHit) => void,
  traceEndNs: number,
): SummaryPanel<TaskInstance> {
  return new SummaryPanel<TaskInstance>(
    {
      key: 'tasks',
      title: 'Task analysis',
      typeTitle: 'Task type',
      none: 'No user tasks in this trace (runtime/trace.NewTask).',
      load: (scope) => engine.taskSummary(scope),
      instanceColumns: [
        { key: 'id', title: 'Task', value: (t) => t.id, numeric: true },
        {
          key: 'parent',
          title: 'Parent',
          value: (t) => t.parentId ?? -1,
          text: (t) => (t.parentId === null ? '–' : String(t.parentId)),
          numeric: true,
        },
        count('goroutines', 'Goroutines', (t) => t.gids.length),
        count('regions', 'Regions', (t) => t.regions.length),
        count('logs', 'Logs', (t) => t.logs.length),
      ],
      onInstance: (t, type, startNs, endNs) =>
        jump({ kind: 'task', id: t.id, label: type || '(no type)', gid: null, startNs, endNs }),
    },
    traceEndNs,
  )
}
