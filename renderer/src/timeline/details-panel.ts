import { el } from './dom.ts'
import { cssColor } from './theme.ts'

/** A row of the details: name, value, and a colour to mark it with (flow arrows' colours). */
export type DetailField = [name: string, value: string, marker?: number]

/** The panel showing the selected span's fields (DOM, so it can be read and copied). */
export class DetailsPanel {
  readonly node = el('aside', { className: 'details', testId: 'details' })

  constructor(container: HTMLElement, onClose: () => void) {
    this.node.hidden = true
    container.appendChild(this.node)
    this.node.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('.close') !== null) onClose()
    })
  }

  /** `sections` are titled blocks of monospaced lines (stacks), shown after the fields. */
  show(
    title: string,
    fields: DetailField[],
    sections: { title: string; lines: string[]; testId?: string }[] = [],
  ): void {
    const close = el('button', { className: 'close', text: '×' })
    close.title = 'Close (Esc)'
    const dl = el(
      'dl',
      {},
      fields.flatMap(([k, v, marker]) => [dt(k, marker), el('dd', { text: v })]),
    )
    const blocks = sections.flatMap((sec) => [
      el('h3', { text: sec.title }),
      el('pre', { text: sec.lines.join('\n'), testId: sec.testId ?? 'details-stack' }),
    ])
    this.node.replaceChildren(
      el('header', {}, [el('h2', { text: title, testId: 'details-title' }), close]),
      dl,
      ...blocks,
    )
    this.node.hidden = false
  }

  hide(): void {
    this.node.hidden = true
  }
}

function dt(name: string, marker: number | undefined): HTMLElement {
  if (marker === undefined) return el('dt', { text: name })
  const swatch = el('span', { className: 'swatch swatch-arrow' })
  swatch.style.background = cssColor(marker)
  return el('dt', { className: 'marked' }, [swatch, name])
}
