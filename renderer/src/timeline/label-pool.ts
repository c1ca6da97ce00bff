import { BitmapFont, BitmapText, type Container } from 'pixi.js'

export const FONT_FAMILY =
  "'Inter', 'Segoe UI', system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif"
export const LABEL_FONT_CSS_PX = 11
const FONT_NAME = 'gotrace-label'

/**
 * A pool of BitmapText labels over one layer: each frame takes what it needs (`begin`, `add`…,
 * `end`), the rest are hidden. Glyphs come from one bitmap font rendered at the device pixel
 * ratio, so a label costs a few quads and no texture upload.
 */
export class LabelPool {
  private readonly items: BitmapText[] = []
  private used = 0
  private static installedAt = 0

  constructor(
    private readonly layer: Container,
    private readonly devicePxPerCssPx: number,
  ) {
    if (LabelPool.installedAt !== devicePxPerCssPx) {
      BitmapFont.install({
        name: FONT_NAME,
        style: { fontFamily: FONT_FAMILY, fontSize: LABEL_FONT_CSS_PX, fill: 0xffffff },
        chars: [[' ', '~'], 'µ…·–—'],
        resolution: Math.max(1, devicePxPerCssPx),
        padding: 2,
      })
      LabelPool.installedAt = devicePxPerCssPx
    }
  }

  begin(): void {
    this.used = 0
  }

  /**
   * Places `text` left-aligned at (x, y) (css px, y = top of a line of `LINE_CSS_PX`), cut with
   * an ellipsis to `maxWidthCssPx`. Returns false when not even three characters fit.
   */
  add(text: string, xCssPx: number, yCssPx: number, color: number, maxWidthCssPx: number): boolean {
    const fitted = fitText(text, maxWidthCssPx)
    if (fitted === undefined) return false
    let label = this.items[this.used]
    if (label === undefined) {
      label = new BitmapText({
        text: '',
        style: { fontFamily: FONT_NAME, fontSize: LABEL_FONT_CSS_PX },
      })
      this.items.push(label)
      this.layer.addChild(label)
    }
    this.used++
    if (label.text !== fitted) label.text = fitted
    label.tint = color
    label.visible = true
    label.x = Math.round(xCssPx * this.devicePxPerCssPx) / this.devicePxPerCssPx
    label.y = Math.round(yCssPx * this.devicePxPerCssPx) / this.devicePxPerCssPx
    return true
  }

  end(): void {
    for (let i = this.used; i < this.items.length; i++) this.items[i]!.visible = false
  }
}

/** Height of a line of label text, for centring in a row. */
export const LINE_CSS_PX = 13

const measureCtx = document.createElement('canvas').getContext('2d')
const widths = new Map<string, number>()

export function textWidthCssPx(text: string): number {
  let w = widths.get(text)
  if (w === undefined) {
    if (widths.size > 20_000) widths.clear()
    if (measureCtx === null) return text.length * 6.5
    measureCtx.font = `${LABEL_FONT_CSS_PX}px ${FONT_FAMILY}`
    w = measureCtx.measureText(text).width
    widths.set(text, w)
  }
  return w
}

/** `text`, or its longest prefix + "…" that fits; undefined if fewer than 3 characters fit. */
export function fitText(text: string, maxWidthCssPx: number): string | undefined {
  if (textWidthCssPx(text) <= maxWidthCssPx) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (textWidthCssPx(text.slice(0, mid) + '…') <= maxWidthCssPx) lo = mid
    else hi = mid - 1
  }
  return lo < 3 ? undefined : text.slice(0, lo) + '…'
}
