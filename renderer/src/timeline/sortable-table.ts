import { el } from './dom.ts'

export interface Column<T> {
  key: string
  title: string
  /** The value sorted on. */
  value: (row: T) => number | string
  /** Its text (default: String(value)). */
  text?: (row: T) => string
  numeric?: boolean
}

/**
 * A table sorted by a clickable column header (click again to reverse). Only the first
 * `limit` rows are rendered.
 */
export class SortableTable<T> {
  readonly node = el('table', { className: 'sortable' })
  private rows: T[] = []
  private sortKey: string
  private descending = true

  constructor(
    private readonly columns: Column<T>[],
    defaultSort: string,
    private readonly onRowClick?: (row: T) => void,
    private readonly limit = 300,
  ) {
    this.sortKey = defaultSort
    this.node.addEventListener('click', (e) => {
      const target = e.target as HTMLElement
      const th = target.closest<HTMLElement>('th[data-key]')
      if (th !== null) {
        const key = th.dataset.key!
        if (key === this.sortKey) this.descending = !this.descending
        else {
          this.sortKey = key
          this.descending = this.columns.find((c) => c.key === key)?.numeric ?? false
        }
        this.render()
        return
      }
      const tr = target.closest<HTMLElement>('tr[data-index]')
      if (tr !== null && this.onRowClick !== undefined) {
        const row = this.sorted()[Number(tr.dataset.index)]
        if (row !== undefined) this.onRowClick(row)
      }
    })
  }

  setRows(rows: T[]): void {
    this.rows = rows
    this.render()
  }

  sorted(): T[] {
    const col = this.columns.find((c) => c.key === this.sortKey) ?? this.columns[0]!
    const dir = this.descending ? -1 : 1
    return [...this.rows].sort((a, b) => {
      const x = col.value(a)
      const y = col.value(b)
      return (x < y ? -1 : x > y ? 1 : 0) * dir
    })
  }

  private render(): void {
    const head = el(
      'tr',
      {},
      this.columns.map((c) => {
        const arrow = c.key === this.sortKey ? (this.descending ? ' ▾' : ' ▴') : ''
        const th = el('th', { text: c.title + arrow, className: c.numeric ? 'num' : '' })
        th.dataset.key = c.key
        return th
      }),
    )
    const body = this.sorted()
      .slice(0, this.limit)
      .map((r, i) => {
        const tr = el(
          'tr',
          {},
          this.columns.map((c) =>
            el('td', {
              text: c.text === undefined ? String(c.value(r)) : c.text(r),
              className: c.numeric ? 'num' : '',
            }),
          ),
        )
        tr.dataset.index = String(i)
        if (this.onRowClick !== undefined) tr.classList.add('clickable')
        return tr
      })
    this.node.replaceChildren(el('thead', {}, [head]), el('tbody', {}, body))
  }
}
