// `node bin/run-ts.js scripts/make-icon.ts`: renders build/icon.png (512x512, used by
// electron-builder for every platform) from the same shapes as renderer/favicon.svg, with no
// image tools: rounded rectangles, 4x4 supersampled, written as an RGBA PNG with node:zlib.
import { writeFileSync } from 'node:fs'
import { crc32, deflateSync } from 'node:zlib'
import { ROOT } from './lib/project.ts'

type Rgb = readonly [number, number, number]
interface Shape {
  x: number
  y: number
  w: number
  h: number
  r: number
  color: Rgb
}

const SIZE = 512
const UNIT = SIZE / 64 // favicon.svg's viewBox is 64 units wide
const hex = (s: string): Rgb =>
  [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as unknown as Rgb
const shape = (x: number, y: number, w: number, h: number, r: number, color: string): Shape => ({
  x: x * UNIT,
  y: y * UNIT,
  w: w * UNIT,
  h: h * UNIT,
  r: r * UNIT,
  color: hex(color),
})
// Drawn in order; later shapes cover earlier ones.
const SHAPES = [
  shape(0, 0, 64, 64, 12, '#16181d'),
  shape(10, 14, 30, 8, 2, '#7fb4ff'),
  shape(20, 28, 34, 8, 2, '#6fd3a8'),
  shape(14, 42, 22, 8, 2, '#f2b866'),
]

function inside(s: Shape, px: number, py: number): boolean {
  if (px < s.x || py < s.y || px >= s.x + s.w || py >= s.y + s.h) return false
  const cx = Math.min(Math.max(px, s.x + s.r), s.x + s.w - s.r)
  const cy = Math.min(Math.max(py, s.y + s.r), s.y + s.h - s.r)
  return (px - cx) ** 2 + (py - cy) ** 2 <= s.r ** 2
}

function render(): Uint8Array {
  const SS = 4
  const rowBytes = 1 + SIZE * 4 // each PNG row starts with its filter type (0: none)
  const raw = new Uint8Array(rowBytes * SIZE)
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const px = x + (sx + 0.5) / SS
          const py = y + (sy + 0.5) / SS
          let hit: Shape | undefined
          for (const s of SHAPES) if (inside(s, px, py)) hit = s
          if (hit === undefined) continue
          r += hit.color[0]
          g += hit.color[1]
          b += hit.color[2]
          a += 1
        }
      }
      const o = y * rowBytes + 1 + x * 4
      // Colour is averaged over covered samples only (unpremultiplied), alpha over all.
      raw[o] = a === 0 ? 0 : Math.round(r / a)
      raw[o + 1] = a === 0 ? 0 : Math.round(g / a)
      raw[o + 2] = a === 0 ? 0 : Math.round(b / a)
      raw[o + 3] = Math.round((255 * a) / (SS * SS))
    }
  }
  return raw
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const out = Buffer.alloc(body.length + 8)
  out.writeUInt32BE(data.length, 0)
  body.copy(out, 4)
  out.writeUInt32BE(crc32(body), body.length + 4)
  return out
}

const header = Buffer.alloc(13)
header.writeUInt32BE(SIZE, 0)
header.writeUInt32BE(SIZE, 4)
header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, deflate, no filter method, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(render(), { level: 9 })),
  chunk('IEND', new Uint8Array()),
])
writeFileSync(`${ROOT}build/icon.png`, png)
console.error(`wrote build/icon.png (${png.length} bytes)`)
