/**
 * A problem with the trace file itself (as opposed to a bug in gotrace). The message says what was
 * wrong; `offset` (byte offset in the file) and `generation` say where, when they are known.
 */
export class TraceError extends Error {
  constructor(
    readonly detail: string,
    readonly offset?: number,
    readonly generation?: number,
  ) {
    super(TraceError.format(detail, offset, generation))
    this.name = 'TraceError'
  }

  private static format(detail: string, offset?: number, generation?: number): string {
    const where: string[] = []
    if (offset !== undefined) where.push(`offset ${offset}`)
    if (generation !== undefined && generation > 0) where.push(`generation ${generation}`)
    return where.length > 0 ? `${detail} (at ${where.join(', ')})` : detail
  }

  /** The same error with location details filled in where they were missing. */
  at(offset?: number, generation?: number): TraceError {
    return new TraceError(this.detail, this.offset ?? offset, this.generation ?? generation)
  }
}

/** Unexpected end of input: the file was cut short. */
export class EofError extends TraceError {
  constructor(offset?: number) {
    super('unexpected end of file', offset)
    this.name = 'EofError'
  }
}
