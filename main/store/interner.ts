import type Database from 'better-sqlite3'
import type { Event } from '../decode/event.ts'
import { IntMap } from '../decode/int-map.ts'
import type { EvTable } from '../decode/table.ts'
import { TableWriter } from './table-writer.ts'

/**
 * Gives strings, frames and stacks trace-wide IDs (the decoder's IDs are per generation) and
 * writes each new one to the store once.
 */
export class Interner {
  private readonly strings = new Map<string, number>([['', 0]])
  private readonly stringValues: string[] = ['']
  private readonly frames = new Map<number, number>()
  private readonly stacks = new Map<string, number>([['', 0]])
  private readonly stringRows: TableWriter
  private readonly frameRows: TableWriter
  private readonly stackRows: TableWriter
  private readonly stackFrameRows: TableWriter
  /** Per generation table: its stack and string IDs mapped to trace-wide ones. */
  private tableIds = new WeakMap<EvTable, TableIds>()
  /** The last generation's entry of tableIds: events come a generation at a time. */
  private lastTable: EvTable | undefined
  private lastIds = new TableIds()

  constructor(db: Database.Database) {
    this.stringRows = new TableWriter(db, 'strings', ['id', 'value'])
    this.frameRows = new TableWriter(db, 'frames', ['id', 'pc', 'func_id', 'file_id', 'line'])
    this.stackRows = new TableWriter(db, 'stacks', ['id', 'depth'])
    this.stackFrameRows = new TableWriter(db, 'stack_frames', ['stack_id', 'pos', 'frame_id'])
    this.stringRows.add(0, '')
    this.stackRows.add(0, 0)
  }

  string(s: string): number {
    let id = this.strings.get(s)
    if (id === undefined) {
      id = this.strings.size
      this.strings.set(s, id)
      this.stringValues.push(s)
      this.stringRows.add(id, s)
    }
    return id
  }

  stringValue(id: number): string {
    return this.stringValues[id] ?? ''
  }

  /** The trace-wide ID of string `id` of a generation's table. */
  tableString(table: EvTable, id: number): number {
    if (id === 0) return 0
    const cache = this.idsOf(table).strings
    let global = cache.get(id)
    if (global === undefined) {
      global = this.string(table.strings.mustGet(id))
      cache.set(id, global)
    }
    return global
  }

  /** The trace-wide ID of stack `id` of a generation's table. */
  stack(table: EvTable, id: number): number {
    if (id === 0) return 0
    const cache = this.idsOf(table).stacks
    let global = cache.get(id)
    if (global === undefined) {
      global = this.internStack(table, id)
      cache.set(id, global)
    }
    return global
  }

  private idsOf(table: EvTable): TableIds {
    if (table === this.lastTable) return this.lastIds
    let ids = this.tableIds.get(table)
    if (ids === undefined) this.tableIds.set(table, (ids = new TableIds()))
    this.lastTable = table
    this.lastIds = ids
    return ids
  }

  private internStack(table: EvTable, id: number): number {
    const pcs = table.stacks.mustGet(id)
    const key = pcs.join(',')
    let global = this.stacks.get(key)
    if (global !== undefined) return global
    global = this.stacks.size
    this.stacks.set(key, global)
    this.stackRows.add(global, pcs.length)
    pcs.forEach((pc, pos) => this.stackFrameRows.add(global, pos, this.frame(table, pc)))
    return global
  }

  private frame(table: EvTable, pc: number): number {
    let id = this.frames.get(pc)
    if (id === undefined) {
      const f = table.pcs.get(pc)!
      id = this.frames.size + 1
      this.frames.set(pc, id)
      this.frameRows.add(
        id,
        pc,
        this.string(table.strings.mustGet(f.funcID)),
        this.string(table.strings.mustGet(f.fileID)),
        f.line,
      )
    }
    return id
  }

  /** The trace-wide ID of an event's stack (Go's Event.Stack()), null when it has none. */
  eventStack(ev: Event): number | null {
    const id = ev.stackID()
    if (id !== 0) return this.stack(ev.table!, id)
    // A CPU sample always has a stack, if an empty one (ID 0).
    return ev.hasStack() ? 0 : null
  }

  /** The outermost frame's function name of a generation's stack, interned; 0 for none. */
  outermostFunc(table: EvTable, id: number): { nameId: number; pc: number } {
    const pcs = table.stacks.get(id)
    const pc = pcs?.[pcs.length - 1]
    if (pc === undefined) return { nameId: 0, pc: 0 }
    const f = table.pcs.get(pc)!
    return { nameId: this.string(table.strings.mustGet(f.funcID)), pc }
  }

  flush(): void {
    this.stringRows.flush()
    this.frameRows.flush()
    this.stackRows.flush()
    this.stackFrameRows.flush()
  }
}

/** A generation table's IDs already given trace-wide ones (they are small and dense). */
class TableIds {
  readonly stacks = new IntMap<number>()
  readonly strings = new IntMap<number>()
}
