import { el } from './dom.ts'
import { cssColor, type Theme } from './theme.ts'

/** The state colour legend in the top bar. */
export function renderLegend(host: HTMLElement, theme: Theme): void {
  const items: [string, number][] = [
    ['Running', theme.state.running],
    ['Runnable', theme.state.runnable],
    ['Waiting', theme.state.waiting],
    ['Syscall', theme.state.syscall],
  ]
  host.replaceChildren(
    ...items.map(([name, color]) => {
      const swatch = el('span', { className: 'swatch' })
      swatch.style.background = cssColor(color)
      return el('span', { className: 'legend-item' }, [swatch, name])
    }),
  )
}
