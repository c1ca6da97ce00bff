import { formatDurationNs } from './time-format.ts'

const MARGIN = { left: 40, right: 12, top: 10, bottom: 22 }

/** The utilization at `windowNs` on a curve of [window, mmu] points, linear in log(window). */
export function mmuAt(points: readonly [number, number][], windowNs: number): number | undefined {
  if (points.length === 0) return undefined
  if (windowNs <= points[0]![0]) return points[0]![1]
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!
    if (windowNs > x1) continue
    const [x0, y0] = points[i - 1]!
    if (x1 <= x0) return y1
    const t = (Math.log(windowNs) - Math.log(x0)) / (Math.log(x1) - Math.log(x0))
    return y0 + t * (y1 - y0)
  }
  return points[points.length - 1]![1]
}

/**
 * An MMU curve on a 2D canvas: window duration on a log scale (x), minimum mutator utilization
 * from 0 to 1 (y), decade ticks; the value under the cursor is marked and reported. Colours come
 * from the page's CSS variables, so it follows the light and dark themes.
 */
export class MmuPlot {
  readonly canvas = document.createElement('canvas')
  private points: [number, number][] = []
  private hoverX: number | undefined

  constructor(
    private readonly host: HTMLElement,
    private readonly onHover: (at: { windowNs: number; mmu: number } | undefined) => void,
  ) {
    this.canvas.className = 'mmu-plot'
    this.canvas.dataset.testid = 'mmu-plot'
    host.append(this.canvas)
    this.canvas.addEventListener('mousemove', (e) => {
      this.hoverX = e.offsetX
      this.draw()
    })
    this.canvas.addEventListener('mouseleave', () => {
      this.hoverX = undefined
      this.draw()
    })
    new ResizeObserver(() => this.draw()).observe(host)
    const redraw = () => this.draw()
    window.matchMedia('(prefers-color-scheme: light)').addEventListener('change', redraw)
    new MutationObserver(redraw).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    })
  }

  set(points: [number, number][]): void {
    this.points = points
    this.draw()
  }

  draw(): void {
    const widthCss = Math.max(120, this.host.clientWidth - 2)
    const heightCss = Math.max(80, this.host.clientHeight - 4)
    const dpr = window.devicePixelRatio || 1
    this.canvas.width = Math.round(widthCss * dpr)
    this.canvas.height = Math.round(heightCss * dpr)
    this.canvas.style.width = `${widthCss}px`
    this.canvas.style.height = `${heightCss}px`
    this.canvas.dataset.points = String(this.points.length)
    const ctx = this.canvas.getContext('2d')
    if (ctx === null) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    const css = getComputedStyle(this.canvas)
    const color = (name: string) => css.getPropertyValue(name).trim() || '#888'
    const plotW = widthCss - MARGIN.left - MARGIN.right
    const plotH = heightCss - MARGIN.top - MARGIN.bottom
    const pts = this.points
    const xMin = Math.log10(Math.max(1, pts[0]?.[0] ?? 1))
    const xMax = Math.max(xMin + 1e-9, Math.log10(Math.max(1, pts[pts.length - 1]?.[0] ?? 10)))
    const xOf = (ns: number) => MARGIN.left + ((Math.log10(ns) - xMin) / (xMax - xMin)) * plotW
    const yOf = (u: number) => MARGIN.top + (1 - u) * plotH

    ctx.font = '11px system-ui, sans-serif'
    ctx.lineWidth = 1
    ctx.strokeStyle = color('--line')
    ctx.fillStyle = color('--muted')
    ctx.textAlign = 'right'
    ctx.textBaseline = 'middle'
    for (const u of [0, 0.25, 0.5, 0.75, 1]) {
      const y = Math.round(yOf(u)) + 0.5
      ctx.beginPath()
      ctx.moveTo(MARGIN.left, y)
      ctx.lineTo(MARGIN.left + plotW, y)
      ctx.stroke()
      ctx.fillText(String(u), MARGIN.left - 4, y)
    }
    if (pts.length === 0) return
    ctx.textAlign = 'center'
    ctx.textBaseline = 'top'
    for (let d = Math.ceil(xMin - 1e-9); d <= xMax + 1e-9; d++) {
      const x = Math.round(xOf(10 ** d)) + 0.5
      ctx.beginPath()
      ctx.moveTo(x, MARGIN.top)
      ctx.lineTo(x, MARGIN.top + plotH)
      ctx.stroke()
      ctx.fillText(formatDurationNs(10 ** d), x, MARGIN.top + plotH + 4)
    }

    ctx.strokeStyle = color('--accent')
    ctx.lineWidth = 1.5
    ctx.beginPath()
    pts.forEach(([w, u], i) => {
      if (i === 0) ctx.moveTo(xOf(Math.max(1, w)), yOf(u))
      else ctx.lineTo(xOf(Math.max(1, w)), yOf(u))
    })
    ctx.stroke()

    const hx = this.hoverX
    if (hx === undefined || hx < MARGIN.left || hx > MARGIN.left + plotW) {
      this.onHover(undefined)
      return
    }
    const windowNs = 10 ** (xMin + ((hx - MARGIN.left) / plotW) * (xMax - xMin))
    const mmu = mmuAt(pts, windowNs)!
    ctx.strokeStyle = color('--muted')
    ctx.lineWidth = 1
    ctx.beginPath()
    ctx.moveTo(Math.round(hx) + 0.5, MARGIN.top)
    ctx.lineTo(Math.round(hx) + 0.5, MARGIN.top + plotH)
    ctx.stroke()
    ctx.fillStyle = color('--accent')
    ctx.beginPath()
    ctx.arc(hx, yOf(mmu), 3, 0, 2 * Math.PI)
    ctx.fill()
    this.onHover({ windowNs, mmu })
  }
}
