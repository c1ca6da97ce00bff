import { el } from './dom.ts'

/** The hover tooltip: a title and key/value rows, kept inside its container. */
export class Tooltip {
  readonly node = el('div', { className: 'tooltip', testId: 'tooltip' })

  constructor(private readonly container: HTMLElement) {
    this.node.hidden = true
    container.appendChild(this.node)
  }

  show(clientX: number, clientY: number, title: string, fields: [string, string][]): void {
    const rows = fields.map(([k, v]) =>
      el('div', { className: 'row' }, [
        el('span', { className: 'key', text: k }),
        el('span', { text: v }),
      ]),
    )
    this.node.replaceChildren(el('div', { className: 'title', text: title }), ...rows)
    this.node.hidden = false
    const box = this.container.getBoundingClientRect()
    const w = this.node.offsetWidth
    const h = this.node.offsetHeight
    let x = clientX - box.left + 14
    let y = clientY - box.top + 16
    if (x + w > box.width - 4) x = Math.max(4, clientX - box.left - w - 14)
    if (y + h > box.height - 4) y = Math.max(4, clientY - box.top - h - 12)
    this.node.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`
  }

  hide(): void {
    this.node.hidden = true
  }
}
