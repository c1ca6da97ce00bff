import { TraceError } from './errors.ts'
import { IntMap } from './int-map.ts'

/** One frame of a stack, leaf first within its stack. */
export interface Frame {
  readonly pc: number
  readonly funcID: number
  readonly fileID: number
  readonly line: number
}

/** The clock readings a generation's sync batch carries (Go 1.25+). */
export interface ClockSnapshot {
  /** Ticks of the trace clock at the snapshot (absolute; exceeds 2^53 on long-running hosts). */
  readonly ticks: bigint
  /** Raw monotonic clock reading, ns. */
  readonly mono: bigint
  /** Wall clock: seconds and nanoseconds since the Unix epoch. */
  readonly wallSec: bigint
  readonly wallNsec: number
}

export interface ExperimentalBatch {
  readonly thread: number
  readonly data: Uint8Array
}

/**
 * A table keyed by a non-negative integer ID, where ID 0 always means "none" (the empty string or
 * the empty stack). Go keeps dense and sparse forms; a Map does both jobs here.
 */
export class DataTable<T> {
  private readonly byID = new IntMap<T>()

  constructor(
    private readonly kind: string,
    private readonly zero: T,
  ) {}

  insert(id: number, value: T): void {
    if (id === 0 || this.byID.has(id)) {
      throw new TraceError(`multiple ${this.kind}s with the same ID: id=${id}`)
    }
    this.byID.set(id, value)
  }

  /** Adds a value under the next free ID (for tables the v1 converter builds). */
  append(value: T): number {
    const id = this.byID.size + 1
    this.byID.set(id, value)
    return id
  }

  has(id: number): boolean {
    return id === 0 || this.byID.has(id)
  }

  get(id: number): T | undefined {
    return id === 0 ? this.zero : this.byID.get(id)
  }

  /** For IDs already validated by the reader. */
  mustGet(id: number): T {
    const v = this.get(id)
    if (v === undefined) throw new TraceError(`expected id ${id} in ${this.kind} table`)
    return v
  }

  entries(): IterableIterator<[number, T]> {
    return this.byID.entries()
  }

  get size(): number {
    return this.byID.size
  }
}

/**
 * Everything a generation's events refer to: strings, stacks, frames by PC, the clock frequency
 * and snapshot, and the experimental batches. Events hold a reference to their generation's table.
 */
export class EvTable {
  readonly strings = new DataTable<string>('string', '')
  /** Each stack is its PCs, leaf first. */
  readonly stacks = new DataTable<readonly number[]>('stack', [])
  readonly pcs = new Map<number, Frame>()
  /** ns per tick (Go's `frequency`): 0 until the sync batch is read. */
  nsPerTick = 0
  clockSnapshot: ClockSnapshot | undefined
  readonly expBatches = new Map<number, ExperimentalBatch[]>()

  /** Strings made up by the reader (task names carried across generations). */
  private readonly extraStrings: string[] = []
  private readonly extraStringIDs = new Map<string, number>()

  addExtraString(s: string): number {
    if (s === '') return 0
    let id = this.extraStringIDs.get(s)
    if (id === undefined) {
      this.extraStrings.push(s)
      id = this.extraStrings.length
      this.extraStringIDs.set(s, id)
    }
    return id
  }

  getExtraString(id: number): string {
    return id === 0 ? '' : (this.extraStrings[id - 1] ?? '')
  }

  /** Frames of a stack, leaf first. Go panics on a dangling reference; we say what it was. */
  frames(stackID: number): Frame[] {
    return this.stacks.mustGet(stackID).map((pc) => {
      const f = this.pcs.get(pc)
      if (f === undefined)
        throw new TraceError(`found unknown pc ${pc.toString(16)} for stack ${stackID}`)
      return f
    })
  }
}
