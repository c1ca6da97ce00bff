import type { Rect, WindowState } from './platform.ts'

export const DEFAULT_SIZE = { width: 1280, height: 800 }
export const MIN_SIZE = { width: 480, height: 320 }
/** Each further window opens this much lower and to the right of the previous one. */
export const CASCADE_STEP = 28

/** Bounds for a new window: x/y undefined lets the OS place it. */
export interface WindowPlacement {
  x: number | undefined
  y: number | undefined
  width: number
  height: number
  maximized: boolean
}

/**
 * Where the n-th window (0-based, counting windows already open) goes, given the remembered
 * state and the displays' work areas. A remembered position is used only if the window's title
 * bar area would be on some display (monitors get unplugged); the size is clamped to fit.
 */
export function placeWindow(
  saved: WindowState | undefined,
  displays: readonly Rect[],
  openWindows: number,
): WindowPlacement {
  const size = saved ?? DEFAULT_SIZE
  const largest = displays.reduce<Rect | undefined>(
    (best, d) => (best === undefined || d.width * d.height > best.width * best.height ? d : best),
    undefined,
  )
  const clamp = (v: number, min: number, max: number | undefined) =>
    Math.max(min, max === undefined ? v : Math.min(v, max))
  const width = clamp(size.width, MIN_SIZE.width, largest?.width)
  const height = clamp(size.height, MIN_SIZE.height, largest?.height)
  const maximized = saved?.maximized === true && openWindows === 0
  if (saved === undefined) return { x: undefined, y: undefined, width, height, maximized }

  const offset = openWindows * CASCADE_STEP
  const x = saved.x + offset
  const y = saved.y + offset
  // The top strip of the window (where it is dragged from) must be reachable.
  const grip: Rect = { x: x + 40, y, width: Math.max(1, Math.min(width - 80, 200)), height: 30 }
  const display = displays.find((d) => intersects(d, grip))
  if (display === undefined) return { x: undefined, y: undefined, width, height, maximized }
  return {
    x: Math.min(x, display.x + display.width - MIN_SIZE.width / 2),
    y: Math.min(y, display.y + display.height - MIN_SIZE.height / 2),
    width,
    height,
    maximized,
  }
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}
