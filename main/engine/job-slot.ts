import { setImmediate as nextTurn } from 'node:timers/promises'

/** The rejection of a job that a newer one, or cancel(), stopped. */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError'
}

/**
 * One long computation of a kind at a time, run as a generator of progress (0 to 1) one step per
 * turn of the event loop: other engine calls (viewport queries) are served between steps, and a
 * newer run, or cancel(), stops the one under way at its next step (it rejects with
 * JobCancelledError). Works over any transport: nothing but plain calls crosses it.
 */
export class JobSlot {
  private seq = 0
  private current: { seq: number; fraction: number } | undefined

  constructor(private readonly what: string) {}

  /** The share done of the job under way; undefined when none is. */
  progress(): number | undefined {
    return this.current?.fraction
  }

  /** Supersedes any job under way, then waits for `ready` and runs `steps` on it to their end. */
  async run<R, T>(ready: Promise<R>, steps: (input: R) => Generator<number, T, void>): Promise<T> {
    const seq = ++this.seq
    this.current = { seq, fraction: 0 }
    const stopped = () => new JobCancelledError(`${this.what} cancelled`)
    try {
      const input = await ready
      if (seq !== this.seq) throw stopped()
      const gen = steps(input)
      for (;;) {
        const r = gen.next()
        if (r.done) return r.value
        if (this.current?.seq === seq) this.current.fraction = r.value
        await nextTurn()
        if (seq !== this.seq) {
          gen.return(undefined as T)
          throw stopped()
        }
      }
    } finally {
      if (this.current?.seq === seq) this.current = undefined
    }
  }

  /** Stops the job under way, if any. */
  cancel(): void {
    this.seq++
    this.current = undefined
  }
}
