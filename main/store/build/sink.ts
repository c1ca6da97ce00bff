import type Database from 'better-sqlite3'
import { Interner } from '../interner.ts'
import { TableWriter } from '../table-writer.ts'

/**
 * The row writers of the tables the builders fill row by row, shared by them (the chunk tables
 * are a ChunkSink's).
 */
export class Sink {
  readonly intern: Interner
  readonly goroutines: TableWriter
  readonly procStates: TableWriter
  readonly tasks: TableWriter
  readonly regions: TableWriter
  readonly logs: TableWriter
  readonly cpuSamples: TableWriter

  constructor(db: Database.Database) {
    this.intern = new Interner(db)
    this.goroutines = new TableWriter(
      db,
      'goroutines',
      [
        'gid',
        'name_id',
        'name_pc',
        'created_ns',
        'parent_gid',
        'create_stack',
        'start_stack',
        'first_run_ns',
        'end_ns',
        'is_system',
        'label_id',
      ],
      { orReplace: true },
    )
    this.procStates = new TableWriter(db, 'proc_states', ['p', 'm', 'start_ns', 'end_ns', 'flags'])
    this.tasks = new TableWriter(
      db,
      'tasks',
      [
        'id',
        'parent_id',
        'type_id',
        'start_ns',
        'end_ns',
        'start_gid',
        'end_gid',
        'start_stack',
        'end_stack',
      ],
      { orReplace: true },
    )
    this.regions = new TableWriter(db, 'regions', [
      'gid',
      'task_id',
      'type_id',
      'depth',
      'start_ns',
      'end_ns',
      'start_stack',
      'end_stack',
    ])
    this.logs = new TableWriter(db, 'logs', [
      'time_ns',
      'gid',
      'task_id',
      'category_id',
      'message_id',
      'stack',
    ])
    this.cpuSamples = new TableWriter(db, 'cpu_samples', ['time_ns', 'gid', 'p', 'm', 'stack'])
  }

  flush(): void {
    for (const w of [
      this.goroutines,
      this.procStates,
      this.tasks,
      this.regions,
      this.logs,
      this.cpuSamples,
    ]) {
      w.flush()
    }
    this.intern.flush()
  }
}
