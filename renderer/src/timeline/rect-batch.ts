import type { Graphics } from 'pixi.js'

/**
 * Adds axis-aligned rectangles to a Graphics, snapped to device pixels (crisp edges at any
 * devicePixelRatio) and merged with the previous one when they touch and share colour and alpha:
 * a track's spans become a handful of fills, not one per span.
 */
export class RectBatch {
  private x0 = 0
  private x1 = 0
  private y = 0
  private h = 0
  private color = -1
  private alpha = 1
  rects = 0

  constructor(
    private readonly g: Graphics,
    private readonly devicePxPerCssPx: number,
  ) {}

  snap(cssPx: number): number {
    return Math.round(cssPx * this.devicePxPerCssPx) / this.devicePxPerCssPx
  }

  /** A rectangle in css px; widths below one device pixel are widened to one. */
  add(
    xCssPx: number,
    yCssPx: number,
    wCssPx: number,
    hCssPx: number,
    color: number,
    alpha = 1,
  ): void {
    const onePx = 1 / this.devicePxPerCssPx
    const x0 = this.snap(xCssPx)
    const x1 = Math.max(x0 + onePx, this.snap(xCssPx + wCssPx))
    const y = this.snap(yCssPx)
    const h = Math.max(onePx, this.snap(yCssPx + hCssPx) - y)
    if (
      this.color === color &&
      this.alpha === alpha &&
      this.y === y &&
      this.h === h &&
      x0 <= this.x1 + 1e-6 &&
      x0 >= this.x0
    ) {
      if (x1 > this.x1) this.x1 = x1
      return
    }
    this.flush()
    this.x0 = x0
    this.x1 = x1
    this.y = y
    this.h = h
    this.color = color
    this.alpha = alpha
  }

  flush(): void {
    if (this.color < 0) return
    this.g
      .rect(this.x0, this.y, this.x1 - this.x0, this.h)
      .fill({ color: this.color, alpha: this.alpha })
    this.rects++
    this.color = -1
  }
}

/** Linear blend of two 0xRRGGBB colours: t = 0 gives `a`, 1 gives `b`. */
export function mixColor(a: number, b: number, t: number): number {
  const k = Math.max(0, Math.min(1, t))
  const ch = (shift: number) => {
    const x = (a >> shift) & 0xff
    const y = (b >> shift) & 0xff
    return Math.round(x + (y - x) * k) << shift
  }
  return ch(16) | ch(8) | ch(0)
}
