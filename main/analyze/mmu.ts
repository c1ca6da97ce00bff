import type Database from 'better-sqlite3'
import type { MmuCurve, MmuFlags, MmuResult, MmuWindow } from '../../common/analysis-api.ts'
import {
  decodeMmuInputs,
  MmuFlag,
  mutatorUtilization,
  type MmuInput,
  type UtilSeries,
} from '../store/build/mmu.ts'

export type { UtilSeries }

/** The MmuFlag bits of a flag set (GoCompat only matters with background). */
export function mmuFlagBits(f: MmuFlags): number {
  let bits = 0
  if (f.stw) bits |= MmuFlag.Stw
  if (f.background) bits |= MmuFlag.Background
  if (f.assist) bits |= MmuFlag.Assist
  if (f.sweep) bits |= MmuFlag.Sweep
  if (f.perProc) bits |= MmuFlag.PerProc
  if (f.goCompat && f.background) bits |= MmuFlag.GoCompat
  return bits
}

/**
 * The utilization functions for a flag set (Go's MutatorUtilizationV2 result): the events
 * recorded at ingest in mmu_inputs, replayed.
 */
export function readUtilization(db: Database.Database, flags: MmuFlags): UtilSeries[] {
  const rows = db
    .prepare('SELECT start_ns, data FROM mmu_inputs ORDER BY seq')
    .iterate() as IterableIterator<{ start_ns: number; data: Uint8Array }>
  function* inputs(): Generator<MmuInput> {
    for (const r of rows) yield* decodeMmuInputs(r.data, r.start_ns)
  }
  return mutatorUtilization(inputs(), mmuFlagBits(flags))
}

/** The round windows of MmuResult.atWindows: 100 µs, 1 ms, 10 ms, 100 ms, 1 s. */
export const MMU_ROUND_WINDOWS_NS: readonly number[] = [1e5, 1e6, 1e7, 1e8, 1e9]

export interface MmuStepOptions {
  /** Also the MMU and the worst windows for this window size. */
  windowNs?: number | undefined
  /** How many worst windows (Go's details show 10). */
  worstCount?: number
  /** The MMU at these windows (MmuResult.atWindows); those longer than the trace are left out. */
  atWindows?: readonly number[]
}

/**
 * Minimum mutator utilization, as Go's MMU page: the curve of 100 windows of /mmu?mode=plot and,
 * for one window, the MMU and the worst windows of mode=details. Ported from internal/trace's
 * MMUCurve (bands, bounds and refinement), so the numbers agree with Go's.
 */
export function computeMmu(
  db: Database.Database,
  flags: MmuFlags,
  windowNs?: number,
  worstCount = 10,
): MmuResult {
  return finish(mmuSteps(db, flags, { windowNs, worstCount }))
}

/**
 * computeMmu one step at a time (a step is at most one MMU of one window): each yield gives the
 * share of the work done, from 0 to 1, so a caller can serve other requests between steps,
 * report progress and stop early (the engine does).
 */
export function* mmuSteps(
  db: Database.Database,
  flags: MmuFlags,
  options: MmuStepOptions = {},
): Generator<number, MmuResult, void> {
  const series = readUtilization(db, flags)
  yield 0.3
  const curve = new MMUCurve(series)
  yield 0.4
  const plot = plotSteps(curve, series)
  let step = plot.next()
  for (; !step.done; step = plot.next()) yield 0.4 + 0.5 * step.value
  const result: MmuResult = { flags, curve: step.value }
  const { windowNs } = options
  if (windowNs !== undefined) {
    result.window = {
      windowNs,
      mmu: curve.mmu(windowNs),
      worst: curve.examples(windowNs, options.worstCount ?? 10),
    }
    yield 0.95
  }
  if (options.atWindows !== undefined) {
    const span = seriesSpan(series)
    result.atWindows = []
    for (const w of options.atWindows.filter((w) => w <= span)) {
      result.atWindows.push({ windowNs: w, mmu: curve.mmu(w) })
      yield 0.95
    }
  }
  return result
}

/** Runs a stepwise computation to its end. */
export function finish<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}

/** Go's HandlePlot: the window range, then 100 log-spaced windows (truncated to whole ns). */
export function plotCurve(curve: MMUCurve, series: readonly UtilSeries[]): MmuCurve {
  return finish(plotSteps(curve, series))
}

/** plotCurve one MMU at a time, yielding the share done. */
function* plotSteps(
  curve: MMUCurve,
  series: readonly UtilSeries[],
): Generator<number, MmuCurve, void> {
  if (series.length === 0) return { xMinNs: 0, xMaxNs: 0, points: [] }
  let xMin = 1e9
  while (xMin > 1) {
    const low = curve.mmu(xMin) < 0.0001
    yield 0
    if (low) break
    xMin = Math.trunc(xMin / 1000)
  }
  let xMax = xMin * 1e6
  const span = seriesSpan(series)
  if (xMax > span) xMax = span
  const logMin = Math.log(xMin)
  const logMax = Math.log(xMax)
  const points: [number, number][] = []
  for (let i = 0; i < 100; i++) {
    const window = Math.trunc(Math.exp((i / 99) * (logMax - logMin) + logMin))
    points.push([window, curve.mmu(window)])
    yield (i + 1) / 100
  }
  return { xMinNs: xMin, xMaxNs: xMax, points }
}

/** From the first time of any series to the last time of any. */
function seriesSpan(series: readonly UtilSeries[]): number {
  let minEvent = Infinity
  let maxEvent = -Infinity
  for (const s of series) {
    minEvent = Math.min(minEvent, s.times[0]!)
    maxEvent = Math.max(maxEvent, s.times[s.times.length - 1]!)
  }
  return maxEvent - minEvent
}

const BANDS_PER_SERIES = 1000

interface Band {
  minUtil: number
  cumUtil: number
  /** The integrator position at the band's left edge. */
  pos: number
}

class Integrator {
  constructor(
    private readonly s: MmuSeries,
    public pos: number,
  ) {}

  /** The integral of the utilization from the series' start to time (time never decreases). */
  advance(time: number): number {
    const times = this.s.times
    let pos = this.pos
    if (pos + 8 < times.length && times[pos + 8]! > time) {
      while (pos + 1 < times.length && times[pos + 1]! <= time) pos++
    } else {
      let l = pos
      let r = times.length
      while (l < r) {
        const h = (l + r) >>> 1
        if (times[h]! <= time) l = h + 1
        else r = h
      }
      pos = l - 1
    }
    this.pos = pos
    const partial = time !== times[pos]! ? this.s.utils[pos]! * (time - times[pos]!) : 0
    return this.s.sums[pos]! + partial
  }

  /** The first change of utilization after time. */
  next(time: number): number {
    const times = this.s.times
    for (let i = this.pos; i < times.length; i++) if (times[i]! > time) return times[i]!
    return Number.MAX_SAFE_INTEGER
  }
}

class MmuSeries {
  readonly times: number[]
  readonly utils: number[]
  readonly sums: number[]
  readonly bands: Band[]
  readonly bandDur: number

  constructor(u: UtilSeries) {
    this.times = u.times
    this.utils = u.utils
    const n = u.times.length
    this.sums = new Array<number>(n)
    let prevTime = 0
    let prevUtil = 0
    let sum = 0
    for (let j = 0; j < n; j++) {
      sum += prevUtil * (u.times[j]! - prevTime)
      this.sums[j] = sum
      prevTime = u.times[j]!
      prevUtil = u.utils[j]!
    }
    const numBands = Math.min(BANDS_PER_SERIES, n)
    const dur = u.times[n - 1]! - u.times[0]!
    this.bandDur = Math.max(1, Math.floor((dur + numBands - 1) / numBands))
    this.bands = []
    const left = new Integrator(this, 0)
    for (let i = 0; i <= numBands; i++) {
      const [start, end] = this.bandTime(i)
      const cumUtil = left.advance(start)
      let minUtil = 1
      for (let k = left.pos; k < n && u.times[k]! < end; k++)
        minUtil = Math.min(minUtil, u.utils[k]!)
      this.bands.push({ minUtil, cumUtil, pos: left.pos })
    }
  }

  bandTime(i: number): [number, number] {
    const start = i * this.bandDur + this.times[0]!
    return [start, start + this.bandDur]
  }

  /** Lower bounds of the mean utilization of windows starting in each band. */
  bandUtils(series: number, window: number): BandUtil[] {
    const bandDur = this.bandDur
    const minBands = Math.floor((window + bandDur - 1) / bandDur)
    const maxBands = Math.floor((window + 2 * (bandDur - 1)) / bandDur)
    const tailDur = window % bandDur
    const nUtil = Math.max(0, this.bands.length - maxBands + 1)
    const out: BandUtil[] = []
    for (let i = 0; i < nUtil; i++) {
      let util = 0
      const l = this.bands[i]!.minUtil
      const r1 = this.bands[i + minBands - 1]!.minUtil
      const r2 = this.bands[i + maxBands - 1]!.minUtil
      const minBand = Math.min(l, Math.min(r1, r2))
      if (minBands === 1) util += minBand * window
      else {
        util += minBand * bandDur
        let midBand = 0
        if (minBand === l) midBand = Math.min(r1, r2)
        else if (minBand === r1) midBand = Math.min(l, r2)
        else if (minBand === r2) midBand = Math.min(l, r1)
        util += midBand * tailDur
      }
      if (minBands > 2) util += this.bands[i + minBands - 1]!.cumUtil - this.bands[i + 1]!.cumUtil
      out.push({ series, i, bound: util / window })
    }
    return out
  }

  /** Refines the windows whose left edge is in band bandIdx into acc. */
  bandMMU(bandIdx: number, window: number, acc: Accumulator): void {
    const left = new Integrator(this, this.bands[bandIdx]!.pos)
    const right = new Integrator(this, this.bands[bandIdx]!.pos)
    let [time, endTime] = this.bandTime(bandIdx)
    const utilEnd = this.times[this.times.length - 1]! - window
    if (utilEnd < endTime) endTime = utilEnd
    for (;;) {
      const mu = (right.advance(time + window) - left.advance(time)) / window
      if (acc.addMU(time, mu, window)) break
      if (time === endTime) break
      const minTime = time + Math.trunc((mu - acc.bound) * window)
      const t1 = left.next(time)
      const t2 = right.next(time + window) - window
      time = t1 < t2 ? t1 : t2
      if (time < minTime) time = minTime
      if (time >= endTime) time = endTime
    }
  }
}

interface BandUtil {
  series: number
  i: number
  bound: number
}

/** Go's container/heap over an array with a less function. */
class Heap<T> {
  constructor(
    readonly items: T[],
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  init(): void {
    const n = this.items.length
    for (let i = Math.trunc(n / 2) - 1; i >= 0; i--) this.down(i, n)
  }

  push(x: T): void {
    this.items.push(x)
    this.up(this.items.length - 1)
  }

  pop(): T {
    const n = this.items.length - 1
    this.swap(0, n)
    this.down(0, n)
    return this.items.pop()!
  }

  remove(i: number): T {
    const n = this.items.length - 1
    if (n !== i) {
      this.swap(i, n)
      if (!this.down(i, n)) this.up(i)
    }
    return this.items.pop()!
  }

  private swap(i: number, j: number): void {
    const t = this.items[i]!
    this.items[i] = this.items[j]!
    this.items[j] = t
  }

  private up(j: number): void {
    for (;;) {
      const i = Math.trunc((j - 1) / 2)
      if (i === j || !this.less(this.items[j]!, this.items[i]!)) break
      this.swap(i, j)
      j = i
    }
  }

  private down(i0: number, n: number): boolean {
    let i = i0
    for (;;) {
      const j1 = 2 * i + 1
      if (j1 >= n || j1 < 0) break
      let j = j1
      const j2 = j1 + 1
      if (j2 < n && this.less(this.items[j2]!, this.items[j1]!)) j = j2
      if (!this.less(this.items[j]!, this.items[i]!)) break
      this.swap(i, j)
      i = j
    }
    return i > i0
  }
}

const worseLast = (a: MmuWindow, b: MmuWindow) =>
  a.util !== b.util ? a.util > b.util : a.timeNs > b.timeNs

/** Go's accumulator, for the MMU and the n worst windows (not the distribution). */
class Accumulator {
  mmu = 1
  bound = 1
  readonly worst: Heap<MmuWindow>

  constructor(readonly nWorst: number) {
    this.worst = new Heap<MmuWindow>([], worseLast)
  }

  addMU(time: number, mu: number, window: number): boolean {
    if (mu < this.mmu) this.mmu = mu
    this.bound = this.mmu
    if (this.nWorst === 0) return mu === 0
    const heap = this.worst.items
    if (heap.length < this.nWorst || mu < heap[0]!.util) {
      let keep = false
      for (let i = 0; i < heap.length; i++) {
        const ui = heap[i]!
        if (time + window > ui.timeNs && ui.timeNs + window > time) {
          if (ui.util <= mu) keep = true
          else this.worst.remove(i)
          break
        }
      }
      if (!keep) {
        this.worst.push({ timeNs: time, util: mu })
        if (heap.length > this.nWorst) this.worst.pop()
      }
    }
    if (heap.length < this.nWorst) this.bound = 1
    else this.bound = Math.max(this.bound, heap[0]!.util)
    return heap.length === this.nWorst && heap[0]!.util === 0
  }
}

/** Go's MMUCurve over one or more utilization functions. */
export class MMUCurve {
  private readonly series: MmuSeries[]

  constructor(utils: readonly UtilSeries[]) {
    this.series = utils.map((u) => new MmuSeries(u))
  }

  /** The minimum mutator utilization over all windows of this duration. */
  mmu(window: number): number {
    const acc = new Accumulator(0)
    this.run(window, acc)
    return acc.mmu
  }

  /** The n worst disjoint windows, worst first (ties: earliest first). */
  examples(window: number, n: number): MmuWindow[] {
    const acc = new Accumulator(n)
    this.run(window, acc)
    return [...acc.worst.items].sort((a, b) => a.util - b.util || a.timeNs - b.timeNs)
  }

  private run(window: number, acc: Accumulator): void {
    if (window <= 0) {
      acc.mmu = 0
      return
    }
    const windows: number[] = []
    const bands: BandUtil[] = []
    this.series.forEach((s, i) => {
      const max = s.times[s.times.length - 1]! - s.times[0]!
      windows[i] = window > max ? max : window
      for (const b of s.bandUtils(i, windows[i])) bands.push(b)
    })
    const heap = new Heap(bands, (a, b) => a.bound < b.bound)
    heap.init()
    while (bands.length > 0 && bands[0]!.bound < acc.bound) {
      const b = bands[0]!
      this.series[b.series]!.bandMMU(b.i, windows[b.series]!, acc)
      heap.pop()
    }
  }
}
