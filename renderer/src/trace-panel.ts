import type { TraceInfo } from '../../common/engine-api.ts'

/** Shows which trace is loaded. data-testid attributes are what the browser tests read. */
export function renderTraceInfo(panel: HTMLElement, info: TraceInfo | undefined): void {
  panel.classList.remove('error')
  if (info === undefined) {
    panel.replaceChildren(field('trace-none', 'No trace loaded'))
    return
  }
  const name = field('trace-name', baseName(info.path))
  name.classList.add('name')
  name.title = info.path
  panel.replaceChildren(
    name,
    field('trace-path', info.path),
    field('trace-size', formatBytes(info.sizeBytes)),
    field('trace-header', info.header),
  )
}

export function renderError(panel: HTMLElement, message: string): void {
  panel.classList.add('error')
  panel.replaceChildren(field('trace-error', message))
}

function field(testId: string, text: string): HTMLElement {
  const el = document.createElement('span')
  el.dataset.testid = testId
  el.textContent = text
  return el
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = n
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(1)} ${units[unit]}`
}
