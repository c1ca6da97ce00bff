import { el } from './dom.ts'

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
    fields: [string, string][],
    sections: { title: string; lines: string[] }[] = [],
  ): void {
    const close = el('button', { className: 'close', text: '×' })
    close.title = 'Close (Esc)'
    const dl = el(
      'dl',
      {},
      fields.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
    )
    const blocks = sections.flatMap((sec) => [
      el('h3', { text: sec.title }),
      el('pre', { text: sec.lines.join('\n'), testId: 'details-stack' }),
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
