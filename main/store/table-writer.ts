import type Database from 'better-sqlite3'

type Value = number | bigint | string | Uint8Array | null

export interface TableWriterOptions {
  /** For tables keyed by an ID that a broken trace might repeat: the last row wins. */
  readonly orReplace?: boolean
  /**
   * Rows per INSERT (default 64). 1: each row is written at once, so its values (a chunk's
   * bytes) may be views of buffers their owner reuses right after.
   */
  readonly batchRows?: number
}

/**
 * Appends rows to one table in batches: a prepared multi-row INSERT runs once per `batchRows`
 * rows, which is several times faster than one statement per row for small rows.
 */
export class TableWriter {
  private readonly batchRows: number
  private readonly values: Value[]
  private n = 0
  private readonly batch: Database.Statement
  private readonly single: Database.Statement
  rows = 0

  constructor(
    db: Database.Database,
    table: string,
    private readonly columns: readonly string[],
    { orReplace = false, batchRows = 64 }: TableWriterOptions = {},
  ) {
    const tuple = `(${columns.map(() => '?').join(',')})`
    const verb = orReplace ? 'INSERT OR REPLACE' : 'INSERT'
    const head = `${verb} INTO ${table} (${columns.join(',')}) VALUES `
    this.batchRows = batchRows
    this.batch = db.prepare(head + Array(batchRows).fill(tuple).join(','))
    this.single = db.prepare(head + tuple)
    this.values = new Array<Value>(batchRows * columns.length)
  }

  /** Adds a row; values in the order of `columns`. */
  add(...row: Value[]): void {
    const width = this.columns.length
    const base = this.n * width
    for (let i = 0; i < width; i++) this.values[base + i] = row[i] ?? null
    this.rows++
    if (++this.n === this.batchRows) {
      this.batch.run(this.values)
      this.n = 0
    }
  }

  flush(): void {
    const width = this.columns.length
    for (let r = 0; r < this.n; r++) this.single.run(this.values.slice(r * width, (r + 1) * width))
    this.n = 0
  }
}
