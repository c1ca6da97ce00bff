import { IntMap } from '../../decode/int-map.ts'
import type Database from 'better-sqlite3'
import { TableWriter } from '../table-writer.ts'

const RUNNABLE = 2
const RUNNING = 3
const WAITING = 4
const SYSCALL = 5

const STATES = [RUNNABLE, WAITING, SYSCALL]
const STATE_INDEX: number[] = []
STATES.forEach((state, i) => (STATE_INDEX[state] = i))

interface Total {
  count: number
  delayNs: number
  lastEndNs: number
}

interface Pending {
  state: number
  reasonId: number
  startNs: number
  endNs: number
  stack: number
}

/** What StateTotals keeps of one goroutine, held by its open chunk so that no lookup is needed. */
export class StateAccount {
  /** A running interval of the goroutine was added. */
  ran = false
  /** Its intervals before it first ran. */
  pending: Pending[] | undefined = undefined
}

/**
 * The whole-trace profiles' sums, kept while the intervals go by (state_totals): per state,
 * reason and stack, the closed intervals a whole-trace profile counts, so that profiles of the
 * whole trace (analyze/profile.ts) read a few thousand rows instead of decoding every interval.
 *
 * It applies the rule the profile's scope applies (analyze/profile-scope.ts, Go's gToIntervals):
 * a goroutine counts from its first run to its end. Intervals recorded before a goroutine's
 * first running interval all end by the time it starts running, so they count nothing once it
 * runs; a goroutine that never runs counts from the trace start (time 0). An interval counts
 * only if its overlap with that span is longer than zero, as in the profile's overlap().
 */
export class StateTotals {
  /** By state (RUNNABLE, WAITING, SYSCALL), reason id, then stack id. */
  private readonly totals: IntMap<IntMap<Total>>[] = [new IntMap(), new IntMap(), new IntMap()]
  private readonly accounts = new IntMap<StateAccount>()

  private readonly rows: TableWriter

  constructor(db: Database.Database) {
    this.rows = new TableWriter(db, 'state_totals', [
      'state',
      'reason_id',
      'stack_id',
      'count',
      'delay_ns',
      'last_end_ns',
    ])
  }

  /** Goroutine `gid`'s account (the same object for the whole trace, should its ID come again). */
  of(gid: number): StateAccount {
    let account = this.accounts.get(gid)
    if (account === undefined) this.accounts.set(gid, (account = new StateAccount()))
    return account
  }

  /**
   * One goroutine state interval, in the goroutine's time order (`endNs` NaN: open); `account`
   * is the goroutine's of().
   */
  add(
    account: StateAccount,
    state: number,
    reasonId: number,
    startNs: number,
    endNs: number,
    stack: number,
  ): void {
    if (state === RUNNING) {
      account.ran = true
      account.pending = undefined
      return
    }
    if (state !== RUNNABLE && state !== WAITING && state !== SYSCALL) return
    if (Number.isNaN(endNs)) return // still in the state at the end: Go never records it
    if (account.ran) {
      this.count(state, reasonId, stack, endNs - startNs, endNs)
      return
    }
    account.pending ??= []
    account.pending.push({ state, reasonId, startNs, endNs, stack })
  }

  private count(state: number, reasonId: number, stack: number, d: number, endNs: number): void {
    if (d <= 0) return
    const byReason = this.totals[STATE_INDEX[state]!]!
    let byStack = byReason.get(reasonId)
    if (byStack === undefined) byReason.set(reasonId, (byStack = new IntMap<Total>()))
    // No stack (-1) counts as the empty stack, as profiles fold it.
    const id = Math.max(0, stack)
    const t = byStack.get(id)
    if (t === undefined) byStack.set(id, { count: 1, delayNs: d, lastEndNs: endNs })
    else {
      t.count++
      t.delayNs += d
      if (endNs > t.lastEndNs) t.lastEndNs = endNs
    }
  }

  /** Counts the goroutines that never ran, and writes the rows. */
  finish(): void {
    for (const [, { pending }] of this.accounts.entries()) {
      for (const p of pending ?? []) {
        this.count(p.state, p.reasonId, p.stack, p.endNs - Math.max(p.startNs, 0), p.endNs)
      }
    }
    STATES.forEach((state, i) => {
      for (const [reasonId, byStack] of this.totals[i]!.entries()) {
        for (const [stack, t] of byStack.entries()) {
          this.rows.add(state, reasonId, stack, t.count, t.delayNs, t.lastEndNs)
        }
      }
    })
    this.rows.flush()
  }
}
