/** What mouse and keyboard gestures ask the timeline to do. */
export interface TimelineActions {
  /** Zoom by `factor` (< 1 zooms in) around `clientX` (undefined: the centre). */
  zoom(factor: number, clientX: number | undefined): void
  panByCssPx(dxCssPx: number): void
  scrollByCssPx(dyCssPx: number): void
  fit(): void
  hover(clientX: number, clientY: number): void
  leave(): void
  click(clientX: number, clientY: number): void
  doubleClick(clientX: number, clientY: number): void
  /** Shift/Ctrl+drag: a time range from one client x to another (`done` on release). */
  rangeSelect(clientX0: number, clientX1: number, done: boolean): void
  back(): void
  forward(): void
  focusSearch(): void
  overviewAt(clientX: number): void
  toggleHelp(): void
  escape(): void
}

const DRAG_THRESHOLD_CSS_PX = 3
const KEY_ZOOM = 0.8
const KEY_PAN_FRACTION = 0.15

/**
 * Wires gestures to actions: the wheel zooms around the cursor (Shift+wheel scrolls the
 * tracks, a horizontal wheel pans), dragging pans, a click without drag selects, W/S/A/D zoom
 * and pan, Home or 0 fits, ? shows help.
 */
export function attachInput(
  tracks: HTMLElement,
  header: HTMLElement,
  overviewHeightCssPx: number,
  trackWidthCssPx: () => number,
  actions: TimelineActions,
): void {
  let lastClientX: number | undefined
  const onWheel = (e: WheelEvent) => {
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1
    const dx = e.deltaX * scale
    const dy = e.deltaY * scale
    e.preventDefault()
    if (e.shiftKey) {
      actions.scrollByCssPx(dy !== 0 ? dy : dx)
      return
    }
    if (Math.abs(dx) > Math.abs(dy)) {
      actions.panByCssPx(dx)
      return
    }
    actions.zoom(Math.exp(dy * 0.002), e.clientX)
  }
  tracks.addEventListener('wheel', onWheel, { passive: false })
  header.addEventListener('wheel', onWheel, { passive: false })

  const drag = (target: HTMLElement, inOverview: (e: PointerEvent) => boolean) => {
    let start:
      | {
          x: number
          y: number
          lastX: number
          moved: boolean
          overview: boolean
          range: boolean
        }
      | undefined
    target.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return
      // Leave the native scrollbar and the gutter's labels (group toggles) alone.
      if (e.offsetX > target.clientWidth) return
      if (e.target instanceof Element && e.target.closest('.track-label') !== null) return
      start = {
        x: e.clientX,
        y: e.clientY,
        lastX: e.clientX,
        moved: false,
        overview: inOverview(e),
        range: target === tracks && (e.shiftKey || e.ctrlKey || e.metaKey),
      }
      target.setPointerCapture(e.pointerId)
      if (start.overview) actions.overviewAt(e.clientX)
    })
    target.addEventListener('pointermove', (e) => {
      lastClientX = e.clientX
      if (start === undefined) {
        if (target === tracks) actions.hover(e.clientX, e.clientY)
        return
      }
      if (start.overview) {
        actions.overviewAt(e.clientX)
        return
      }
      if (
        !start.moved &&
        Math.hypot(e.clientX - start.x, e.clientY - start.y) < DRAG_THRESHOLD_CSS_PX
      )
        return
      if (!start.moved) {
        start.moved = true
        actions.leave()
        target.classList.add(start.range ? 'selecting' : 'dragging')
      }
      if (start.range) {
        actions.rangeSelect(start.x, e.clientX, false)
        return
      }
      actions.panByCssPx(start.lastX - e.clientX)
      start.lastX = e.clientX
    })
    const end = (e: PointerEvent, cancelled: boolean) => {
      if (start === undefined) return
      const s = start
      start = undefined
      target.classList.remove('dragging', 'selecting')
      if (s.range) {
        // A Shift+click without a drag clears the range.
        actions.rangeSelect(s.x, s.moved ? e.clientX : s.x, true)
        return
      }
      if (!cancelled && !s.moved && !s.overview && target === tracks)
        actions.click(e.clientX, e.clientY)
    }
    target.addEventListener('pointerup', (e) => end(e, false))
    target.addEventListener('pointercancel', (e) => end(e, true))
  }
  drag(tracks, () => false)
  drag(header, (e) => e.offsetY < overviewHeightCssPx)
  tracks.addEventListener('pointerleave', () => {
    lastClientX = undefined
    actions.leave()
  })

  tracks.addEventListener('dblclick', (e) => {
    if (e.target instanceof Element && e.target.closest('.track-label') !== null) return
    actions.doubleClick(e.clientX, e.clientY)
  })

  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'f' || e.key === 'F')) {
      e.preventDefault()
      actions.focusSearch()
      return
    }
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return
    if (e.target instanceof HTMLSelectElement) return
    if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
      e.preventDefault()
      if (e.key === 'ArrowLeft') actions.back()
      else actions.forward()
      return
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return
    const width = trackWidthCssPx()
    switch (e.key) {
      case 'w':
      case 'W':
        actions.zoom(KEY_ZOOM, lastClientX)
        break
      case 's':
      case 'S':
        actions.zoom(1 / KEY_ZOOM, lastClientX)
        break
      case 'a':
      case 'A':
        actions.panByCssPx(-width * KEY_PAN_FRACTION)
        break
      case 'd':
      case 'D':
        actions.panByCssPx(width * KEY_PAN_FRACTION)
        break
      case 'Home':
      case '0':
        actions.fit()
        break
      case '?':
        actions.toggleHelp()
        break
      case '/':
        actions.focusSearch()
        break
      case '[':
        actions.back()
        break
      case ']':
        actions.forward()
        break
      case 'Escape':
        actions.escape()
        break
      case 'PageDown':
        actions.scrollByCssPx(tracks.clientHeight * 0.9)
        break
      case 'PageUp':
        actions.scrollByCssPx(-tracks.clientHeight * 0.9)
        break
      default:
        return
    }
    e.preventDefault()
  })
}
