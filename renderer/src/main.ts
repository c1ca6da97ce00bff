import { connectEngine } from './connect.ts'
import { renderError, renderTraceInfo } from './trace-panel.ts'
import { startTimeline } from './timeline.ts'

/** Renderer entry: the same code in Electron and in the browser (see connect.ts). */
async function main(): Promise<void> {
  const panel = requireElement('[data-testid="trace-panel"]')
  const timeline = requireElement('[data-testid="timeline"]')
  void startTimeline(timeline)
  try {
    const engine = await connectEngine(() => renderError(panel, 'Disconnected from the engine'))
    const [version, info] = await Promise.all([engine.version(), engine.traceInfo()])
    document.title = info === undefined ? 'gotrace' : `${info.path} — gotrace`
    document.documentElement.dataset.version = version
    renderTraceInfo(panel, info)
    document.body.dataset.state = 'ready'
  } catch (err) {
    renderError(panel, err instanceof Error ? err.message : String(err))
    document.body.dataset.state = 'error'
  }
}

function requireElement(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector)
  if (el === null) throw new Error(`missing ${selector} in index.html`)
  return el
}

void main()
