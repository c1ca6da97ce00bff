import { el } from './dom.ts'
import type { Row } from './track-rows.ts'

export const GUTTER_CSS_PX = 220
const INDENT_CSS_PX = 12

/**
 * The track names in the left gutter, as DOM rows positioned in the scrolled content: only
 * those in view exist (virtualized), reused by key between updates.
 */
export class TrackLabels {
  private readonly nodes = new Map<string, HTMLElement>()
  private selected: string | undefined

  constructor(
    private readonly host: HTMLElement,
    onToggle: (key: string) => void,
  ) {
    host.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-group]')
      if (row !== null) onToggle(row.dataset.group!)
    })
  }

  update(rows: Row[]): void {
    const keep = new Set<string>()
    for (const row of rows) {
      if (row.heightCssPx === 0) continue
      const id = `${row.key}|${row.type === 'group' ? String(row.collapsed) : ''}`
      keep.add(id)
      let node = this.nodes.get(id)
      if (node === undefined) {
        node = this.create(row)
        this.nodes.set(id, node)
        this.host.appendChild(node)
      }
      node.classList.toggle('selected', row.key === this.selected)
      node.style.transform = `translateY(${row.yCssPx}px)`
      node.style.height = `${row.heightCssPx}px`
    }
    for (const [id, node] of this.nodes) {
      if (keep.has(id)) continue
      node.remove()
      this.nodes.delete(id)
    }
  }

  /** Marks a track's label as selected (undefined: none). */
  setSelected(key: string | undefined): void {
    this.selected = key
    for (const node of this.nodes.values()) {
      node.classList.toggle('selected', node.dataset.key === key)
    }
  }

  private create(row: Row): HTMLElement {
    const node = el('div', { className: `track-label ${row.type}` })
    node.style.paddingLeft = `${8 + row.depth * INDENT_CSS_PX}px`
    node.dataset.key = row.key
    if (row.type === 'group') {
      node.dataset.group = row.key
      node.dataset.testid = 'track-group'
      node.setAttribute('role', 'button')
      node.setAttribute('aria-expanded', String(!row.collapsed))
      node.append(
        el('span', { className: 'chevron', text: row.collapsed ? '▸' : '▾' }),
        el('span', { className: 'name', text: row.title }),
        el('span', { className: 'count', text: row.count.toLocaleString('en-US') }),
      )
    } else if (row.type === 'spans') {
      node.dataset.testid = `track-${row.kind}`
      node.append(el('span', { className: 'name', text: row.title }))
      if (row.functionName !== '' && row.kind === 'goroutine') {
        node.append(el('span', { className: 'sub', text: row.functionName }))
      }
    } else if (row.type === 'ranges') {
      node.dataset.testid = `track-${row.query.kind}`
      node.append(el('span', { className: 'name', text: row.title }))
    } else {
      node.dataset.testid = 'track-counter'
      node.append(el('span', { className: 'name', text: row.title }))
    }
    node.title =
      row.type === 'spans' && row.functionName !== ''
        ? `${row.title} ${row.functionName}`
        : row.title
    return node
  }
}
