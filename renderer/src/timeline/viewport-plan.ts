/**
 * How the timeline asks the engine for data, Perfetto-style: the resolution is rounded down to a
 * power of two and the window is padded by one visible width on each side and snapped to a grid,
 * so that panning and small zooms ask the very same question again (and hit the cache).
 */
export interface PlannedWindow {
  startNs: number
  endNs: number
  /** A power of two. */
  nsPerPx: number
}

export function quantizeNsPerPx(nsPerPx: number): number {
  return 2 ** Math.max(0, Math.floor(Math.log2(Math.max(1, nsPerPx))))
}

/** The window to request for a view of [startNs, endNs] spread over `widthPx` pixels. */
export function planWindow(startNs: number, endNs: number, widthPx: number): PlannedWindow {
  const nsPerPx = quantizeNsPerPx((endNs - startNs) / Math.max(1, widthPx))
  const span = endNs - startNs
  // Snap to a power-of-two multiple of the resolution at least as wide as the view.
  const grid = nsPerPx * 2 ** Math.ceil(Math.log2(Math.max(1, span / nsPerPx)))
  return {
    startNs: Math.floor((startNs - span) / grid) * grid,
    endNs: Math.ceil((endNs + span) / grid) * grid,
    nsPerPx,
  }
}

/** Whether data fetched for `have` can draw the view `want` (same resolution, inside it). */
export function covers(
  have: PlannedWindow,
  want: PlannedWindow,
  viewStartNs: number,
  viewEndNs: number,
): boolean {
  return have.nsPerPx === want.nsPerPx && have.startNs <= viewStartNs && have.endNs >= viewEndNs
}
