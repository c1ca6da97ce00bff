import { el } from './dom.ts'

export interface PanelTab {
  key: string
  title: string
  node: HTMLElement
  show(visible: boolean): void
}

/**
 * The panel under the timeline with tabs (Profile, Goroutines, Regions, Tasks, MMU). Hidden
 * until a tab is opened from the top bar; the timeline shrinks to make room (its ResizeObserver
 * redraws it).
 */
export class BottomPanel {
  private current: PanelTab | undefined
  private readonly body = el('div', { className: 'bottom-body' })
  private readonly tabBar = el('div', { className: 'bottom-tabs' })

  constructor(
    private readonly host: HTMLElement,
    buttons: HTMLElement,
    private readonly tabs: PanelTab[],
  ) {
    host.hidden = true
    const close = el('button', { className: 'close', text: '×', testId: 'bottom-close' })
    close.title = 'Close the panel'
    close.addEventListener('click', () => this.open(undefined))
    for (const t of tabs) {
      const b = el('button', { className: 'tab', text: t.title, testId: `tab-${t.key}` })
      b.dataset.key = t.key
      b.addEventListener('click', () => this.open(this.current === t ? undefined : t.key))
      this.tabBar.append(b)
      const toggle = el('button', {
        className: 'bar-button',
        text: t.title,
        testId: `open-${t.key}`,
      })
      toggle.addEventListener('click', () => this.open(this.current === t ? undefined : t.key))
      buttons.append(toggle)
      this.body.append(t.node)
      t.node.hidden = true
    }
    this.tabBar.append(close)
    host.append(this.tabBar, this.body)
  }

  open(key: string | undefined): void {
    const next = this.tabs.find((t) => t.key === key)
    for (const t of this.tabs) {
      t.node.hidden = t !== next
      if (t !== next) t.show(false)
    }
    for (const b of this.tabBar.querySelectorAll<HTMLElement>('.tab')) {
      b.classList.toggle('active', b.dataset.key === key)
    }
    this.current = next
    this.host.hidden = next === undefined
    next?.show(true)
  }
}
