import type { Graphics } from 'pixi.js'

/** A crisp rectangle outline of `thickness` css px made of four filled bars. */
export function outlineRect(
  g: Graphics,
  x: number,
  y: number,
  w: number,
  h: number,
  color: number,
  thickness: number,
  alpha = 1,
): void {
  const t = thickness
  g.rect(x, y, w, t).fill({ color, alpha })
  g.rect(x, y + h - t, w, t).fill({ color, alpha })
  g.rect(x, y + t, t, Math.max(0, h - 2 * t)).fill({ color, alpha })
  g.rect(x + w - t, y + t, t, Math.max(0, h - 2 * t)).fill({ color, alpha })
}
