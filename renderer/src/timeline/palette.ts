/**
 * Colours for goroutines by start function: a stable hash of the name picks one of a palette
 * that avoids the state colours' oranges (syscalls) so the two never get confused.
 */
const FUNCTION_PALETTE = [
  0x4e79a7, 0x59a14f, 0xb07aa1, 0x76b7b2, 0xe15759, 0x9c755f, 0x6b9ac4, 0x8cd17d, 0xa87cc9,
  0x499894, 0xd37295, 0x7f8fc2, 0x5fae8c, 0xc46a6a, 0x8a9a5b, 0x3f8fbf,
] as const

const cache = new Map<string, number>()

export function functionColor(name: string): number {
  let color = cache.get(name)
  if (color === undefined) {
    color = FUNCTION_PALETTE[fnv1a(name) % FUNCTION_PALETTE.length]!
    cache.set(name, color)
  }
  return color
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Black or white, whichever reads better on `background`. */
export function textColorOn(background: number): number {
  const r = (background >> 16) & 0xff
  const g = (background >> 8) & 0xff
  const b = background & 0xff
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? 0x111111 : 0xffffff
}
