import type { Profile } from '../../../common/engine-api.ts'
import { functionColor, textColorOn } from './palette.ts'
import { formatDurationNs } from './time-format.ts'

interface FlameNode {
  name: string
  delayNs: number
  children: Map<string, FlameNode>
}

const ROW_PX = 17

/** Builds the call tree of a profile's samples, outermost frame first (delay per node). */
export function buildFlameTree(profile: Profile): FlameNode {
  const root: FlameNode = { name: 'all', delayNs: 0, children: new Map() }
  for (const s of profile.samples) {
    root.delayNs += s.delayNs
    let node = root
    for (let i = s.stack.length - 1; i >= 0; i--) {
      const name = profile.frames[s.stack[i]!]?.func ?? '?'
      let child = node.children.get(name)
      if (child === undefined) {
        child = { name, delayNs: 0, children: new Map() }
        node.children.set(name, child)
      }
      child.delayNs += s.delayNs
      node = child
    }
  }
  return root
}

/**
 * An icicle graph of a profile on a 2D canvas: the root on top, callees below, widths by delay.
 * Hover shows a frame's delay; a click zooms into a frame, a click on the root zooms out.
 */
export class FlameGraph {
  readonly canvas = document.createElement('canvas')
  private root: FlameNode | undefined
  private focus: FlameNode | undefined
  private boxes: { x: number; y: number; w: number; node: FlameNode }[] = []

  constructor(host: HTMLElement) {
    this.canvas.className = 'flame'
    this.canvas.dataset.testid = 'flame-graph'
    host.append(this.canvas)
    this.canvas.addEventListener('mousemove', (e) => {
      const b = this.boxAt(e.offsetX, e.offsetY)
      const total = this.focus?.delayNs ?? 1
      this.canvas.title =
        b === undefined
          ? ''
          : `${b.node.name}\n${formatDurationNs(b.node.delayNs)} (${((100 * b.node.delayNs) / Math.max(1, total)).toFixed(1)}%)`
    })
    this.canvas.addEventListener('click', (e) => {
      const b = this.boxAt(e.offsetX, e.offsetY)
      if (b === undefined) return
      this.focus = b.node === this.focus ? this.root : b.node
      this.draw()
    })
    new ResizeObserver(() => this.draw()).observe(host)
  }

  set(profile: Profile | undefined): void {
    this.root = profile === undefined ? undefined : buildFlameTree(profile)
    this.focus = this.root
    this.draw()
  }

  private boxAt(x: number, y: number) {
    return this.boxes.find((b) => y >= b.y && y < b.y + ROW_PX && x >= b.x && x < b.x + b.w)
  }

  draw(): void {
    const host = this.canvas.parentElement
    const widthCss = Math.max(50, (host?.clientWidth ?? 400) - 2)
    const focus = this.focus
    let depth = 1
    const measure = (n: FlameNode, d: number) => {
      depth = Math.max(depth, d + 1)
      for (const c of n.children.values()) measure(c, d + 1)
    }
    if (focus !== undefined) measure(focus, 0)
    const heightCss = depth * ROW_PX
    const dpr = window.devicePixelRatio || 1
    this.canvas.width = Math.round(widthCss * dpr)
    this.canvas.height = Math.round(heightCss * dpr)
    this.canvas.style.width = `${widthCss}px`
    this.canvas.style.height = `${heightCss}px`
    const ctx = this.canvas.getContext('2d')
    this.boxes = []
    if (ctx === null || focus === undefined || focus.delayNs <= 0) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    ctx.font = '11px system-ui, sans-serif'
    ctx.textBaseline = 'middle'
    const scale = widthCss / focus.delayNs
    const drawNode = (n: FlameNode, x: number, d: number) => {
      const w = n.delayNs * scale
      if (w < 0.5) return
      const y = d * ROW_PX
      const color = n === this.root ? 0x8a919e : functionColor(n.name)
      ctx.fillStyle = `#${color.toString(16).padStart(6, '0')}`
      ctx.fillRect(x, y, Math.max(0.5, w - 1), ROW_PX - 1)
      this.boxes.push({ x, y, w, node: n })
      if (w > 30) {
        ctx.fillStyle = textColorOn(color) === 0xffffff ? '#fff' : '#111'
        ctx.fillText(fit(ctx, n.name, w - 6), x + 3, y + ROW_PX / 2)
      }
      let cx = x
      for (const c of [...n.children.values()].sort((a, b) => b.delayNs - a.delayNs)) {
        drawNode(c, cx, d + 1)
        cx += c.delayNs * scale
      }
    }
    drawNode(focus, 0, 0)
  }
}

function fit(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid
    else hi = mid - 1
  }
  return lo === 0 ? '' : text.slice(0, lo) + '…'
}
