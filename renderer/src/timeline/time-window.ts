/**
 * The visible time range of the timeline: [startNs, endNs] spread over `widthCssPx` css pixels
 * (the track area, right of the label gutter). Zoom and pan keep it inside the trace, padded by
 * a little so the ends are visible, and never zoom in past `MIN_SPAN_NS`.
 */
export const MIN_SPAN_NS = 50

export interface TimeRange {
  startNs: number
  endNs: number
}

/** A range narrower than this on screen is zoomed to rather than just scrolled to. */
export const MIN_SHOWN_CSS_PX = 8
/**
 * A range closer than this share of the view to its edges reads as cut off. Less than the
 * margin zoomedTo leaves, so a view zoomed to a range already shows it.
 */
const EDGE_SHARE = 0.02

/** The view that frames `r` with 5% each side (at least 500 ns: an instant stays in context). */
export function zoomedTo(r: TimeRange): TimeRange {
  const marginNs = Math.max(500, (r.endNs - r.startNs) * 0.05)
  return { startNs: r.startNs - marginNs, endNs: r.endNs + marginNs }
}

/**
 * The view to show `r` in, moving as little as a reader would want: `view` itself when it shows
 * `r` clear of its edges; at the same zoom centred on `r` when `r` fits and is wide enough to
 * see at that zoom; zoomed to `r` otherwise.
 */
export function viewShowing(view: TimeRange, r: TimeRange, widthCssPx: number): TimeRange {
  const spanNs = view.endNs - view.startNs
  const edgeNs = spanNs * EDGE_SHARE
  const durationNs = r.endNs - r.startNs
  const wideCssPx = (durationNs / spanNs) * widthCssPx
  if (wideCssPx < MIN_SHOWN_CSS_PX || durationNs + 2 * edgeNs > spanNs) return zoomedTo(r)
  if (r.startNs >= view.startNs + edgeNs && r.endNs <= view.endNs - edgeNs) return view
  const centerNs = (r.startNs + r.endNs) / 2
  return { startNs: centerNs - spanNs / 2, endNs: centerNs + spanNs / 2 }
}

export class TimeWindow {
  startNs = 0
  endNs = 1
  widthCssPx = 1

  constructor(public traceDurationNs: number) {
    this.fit()
  }

  get spanNs(): number {
    return this.endNs - this.startNs
  }

  get nsPerCssPx(): number {
    return this.spanNs / Math.max(1, this.widthCssPx)
  }

  timeToCssX(timeNs: number): number {
    return ((timeNs - this.startNs) / this.spanNs) * this.widthCssPx
  }

  cssXToTime(cssX: number): number {
    return this.startNs + (cssX / this.widthCssPx) * this.spanNs
  }

  fit(): void {
    const pad = Math.max(1, this.traceDurationNs * 0.01)
    this.set(-pad, this.traceDurationNs + pad)
  }

  /** Zooms by `factor` (< 1 zooms in) keeping the time under `anchorCssX` in place. */
  zoomAround(anchorCssX: number, factor: number): void {
    const anchorNs = this.cssXToTime(anchorCssX)
    const span = Math.max(MIN_SPAN_NS, Math.min(this.maxSpanNs(), this.spanNs * factor))
    const frac = anchorCssX / this.widthCssPx
    this.set(anchorNs - frac * span, anchorNs + (1 - frac) * span)
  }

  panByCssPx(dxCssPx: number): void {
    const dt = dxCssPx * this.nsPerCssPx
    this.set(this.startNs + dt, this.endNs + dt)
  }

  /** Centres the window on `timeNs` without changing the zoom. */
  centerOn(timeNs: number): void {
    const half = this.spanNs / 2
    this.set(timeNs - half, timeNs + half)
  }

  set(startNs: number, endNs: number): void {
    let span = Math.max(MIN_SPAN_NS, Math.min(this.maxSpanNs(), endNs - startNs))
    if (!Number.isFinite(span)) span = this.maxSpanNs()
    const pad = this.maxSpanNs() - this.traceDurationNs
    const lo = -pad / 2
    const hi = this.traceDurationNs + pad / 2
    let start = Number.isFinite(startNs) ? startNs : lo
    start = Math.max(lo, Math.min(hi - span, start))
    this.startNs = start
    this.endNs = start + span
  }

  private maxSpanNs(): number {
    return Math.max(MIN_SPAN_NS, this.traceDurationNs * 1.02 + 2)
  }
}
