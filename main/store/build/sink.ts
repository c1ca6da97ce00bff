import type Database from 'better-sqlite3'
import { Interner } from '../interner.ts'
import { ChunkWriter } from '../chunks/chunk-writer.ts'
import { StateChunkEncoder } from '../chunks/goroutine-chunk.ts'
import { RunChunkEncoder } from '../chunks/run-chunk.ts'
import { TableWriter } from '../table-writer.ts'
import { LOD_PROC, LOD_THREAD, LodBuilder } from './lod.ts'

/** The row writers of every table the builders fill, shared by them. */
export class Sink {
  readonly intern: Interner
  readonly goroutines: TableWriter
  readonly goroutineStates: ChunkWriter<StateChunkEncoder>
  readonly procRuns: ChunkWriter<RunChunkEncoder>
  readonly threadRuns: ChunkWriter<RunChunkEncoder>
  readonly procLod: LodBuilder
  readonly threadLod: LodBuilder
  private readonly lodRows: TableWriter
  readonly counterLod: TableWriter
  readonly procStates: TableWriter
  readonly ranges: TableWriter
  readonly tasks: TableWriter
  readonly regions: TableWriter
  readonly logs: TableWriter
  readonly counters: TableWriter
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
      true,
    )
    const chunkColumns = (key: string) => [
      key,
      'seq',
      'start_ns',
      'end_ns',
      'count',
      'busy_ns',
      'data',
    ]
    this.goroutineStates = new ChunkWriter(
      new TableWriter(db, 'goroutine_state_chunks', chunkColumns('gid')),
      () => new StateChunkEncoder(),
    )
    this.procRuns = new ChunkWriter(
      new TableWriter(db, 'proc_run_chunks', chunkColumns('p')),
      () => new RunChunkEncoder(),
    )
    this.threadRuns = new ChunkWriter(
      new TableWriter(db, 'thread_run_chunks', chunkColumns('m')),
      () => new RunChunkEncoder(),
    )
    this.procStates = new TableWriter(db, 'proc_states', ['p', 'm', 'start_ns', 'end_ns', 'flags'])
    this.ranges = new TableWriter(db, 'ranges', [
      'kind',
      'name_id',
      'gid',
      'p',
      'start_ns',
      'end_ns',
      'start_stack',
      'end_stack',
      'swept_bytes',
      'reclaimed_bytes',
    ])
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
      true,
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
    this.counters = new TableWriter(db, 'counter_chunks', [
      'series',
      'seq',
      'start_ns',
      'end_ns',
      'count',
      'min_value',
      'max_value',
      'last_value',
      'data',
    ])
    this.cpuSamples = new TableWriter(db, 'cpu_samples', ['time_ns', 'gid', 'p', 'm', 'stack'])
    this.counterLod = new TableWriter(db, 'counter_lod_chunks', [
      'series',
      'level',
      'seq',
      'start_ns',
      'end_ns',
      'count',
      'data',
    ])
    this.lodRows = new TableWriter(db, 'lod_chunks', ['kind', 'level', ...chunkColumns('key')])
    this.procLod = new LodBuilder(this.lodRows, LOD_PROC)
    this.threadLod = new LodBuilder(this.lodRows, LOD_THREAD)
  }

  /** Writes the partial chunks held in memory. */
  flushChunks(): void {
    this.goroutineStates.flushAll()
    this.procRuns.flushAll()
    this.threadRuns.flushAll()
    this.procLod.flushChunks()
    this.threadLod.flushChunks()
  }

  flush(): void {
    this.procLod.finish()
    this.threadLod.finish()
    this.flushChunks()
    for (const w of [
      this.lodRows,
      this.counterLod,
      this.goroutines,
      this.goroutineStates.rows,
      this.procRuns.rows,
      this.threadRuns.rows,
      this.procStates,
      this.ranges,
      this.tasks,
      this.regions,
      this.logs,
      this.counters,
      this.cpuSamples,
    ]) {
      w.flush()
    }
    this.intern.flush()
  }
}
