import { el } from './dom.ts'
import { cssColor, type Theme } from './theme.ts'

/** Legend items shown only when the trace has such marks (see showLegendItems). */
export type LegendExtra = 'cpu-samples'

/**
 * The legend in the top bar: state colours, and CPU sample ticks for traces that have them. The
 * flow arrows of a selected goroutine span are explained where they are listed, in its details
 * (fields marked with the arrows' colours).
 */
export function renderLegend(host: HTMLElement, theme: Theme): void {
  const items: [string, number, string, LegendExtra | undefined][] = [
    ['Running', theme.state.running, '', undefined],
    ['Runnable', theme.state.runnable, '', undefined],
    ['Waiting', theme.state.waiting, '', undefined],
    ['Syscall', theme.state.syscall, '', undefined],
    ['CPU sample', theme.sample, 'swatch-tick', 'cpu-samples'],
  ]
  host.replaceChildren(
    ...items.map(([name, color, shape, extra]) => {
      const swatch = el('span', { className: `swatch ${shape}`.trim() })
      swatch.style.background = cssColor(color)
      const item = el('span', { className: 'legend-item' }, [swatch, name])
      if (extra !== undefined) item.dataset.extra = extra
      return item
    }),
  )
}

/** Shows or hides the legend items of marks that only some traces have. */
export function showLegendItems(extra: LegendExtra, shown: boolean): void {
  document.body.toggleAttribute(`data-legend-${extra}`, shown)
}
