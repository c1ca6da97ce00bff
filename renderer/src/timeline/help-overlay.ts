import { el } from './dom.ts'

const SHORTCUTS: [string, string][] = [
  ['Wheel / W S', 'Zoom in / out (around the cursor)'],
  ['Drag / A D', 'Pan left / right'],
  ['Shift+Wheel, PgUp/PgDn', 'Scroll tracks'],
  ['Home / 0', 'Fit the whole trace'],
  ['Click', 'Select a span, region or task (details panel)'],
  ['Double-click', 'Zoom to the span'],
  ['Shift/Ctrl+Drag', 'Select a time range (profiles)'],
  ['Alt+← → / [ ]', 'Previous / next view'],
  ['Ctrl+F / /', 'Search goroutines, regions, tasks'],
  ['Click a group', 'Expand / collapse it'],
  ['Click the overview', 'Jump there'],
  ['Esc', 'Clear the selection, close this help'],
  ['?', 'Show / hide this help'],
]

/** The keyboard and mouse help, toggled by "?". */
export class HelpOverlay {
  readonly node = el('div', { className: 'help', testId: 'help' })

  constructor(container: HTMLElement) {
    this.node.hidden = true
    const rows = SHORTCUTS.map(([k, v]) =>
      el('tr', {}, [el('td', {}, [el('kbd', { text: k })]), el('td', { text: v })]),
    )
    this.node.append(el('h2', { text: 'Keyboard and mouse' }), el('table', {}, rows))
    this.node.addEventListener('click', () => this.toggle(false))
    container.appendChild(this.node)
  }

  get open(): boolean {
    return !this.node.hidden
  }

  toggle(show = !this.open): void {
    this.node.hidden = !show
  }
}
