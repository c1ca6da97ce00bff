import type { OpenProgress } from '../../../common/engine-api.ts'
import { el } from './dom.ts'

const PHASES: Record<OpenProgress['phase'], string> = {
  hashing: 'Checking the cache',
  reading: 'Reading the trace',
  indexing: 'Indexing',
  done: 'Opening',
}

/** The progress bar shown while the engine opens (ingests) the trace. */
export class OpenProgressView {
  private readonly label = el('div', {
    className: 'label',
    testId: 'open-progress-label',
    text: 'Opening…',
  })
  private readonly bar = el('div', { className: 'bar-fill' })
  readonly node = el('div', { className: 'open-progress', testId: 'open-progress' }, [
    this.label,
    el('div', { className: 'bar-track' }, [this.bar]),
  ])

  constructor(container: HTMLElement) {
    container.appendChild(this.node)
  }

  update(p: OpenProgress | undefined): void {
    if (p === undefined) return
    const pct = p.totalBytes > 0 ? Math.min(100, (100 * p.bytesRead) / p.totalBytes) : 0
    this.label.textContent = `${PHASES[p.phase]} — ${pct.toFixed(0)}% · ${p.events.toLocaleString('en-US')} events`
    this.bar.style.width = `${pct}%`
  }

  error(message: string): void {
    this.node.classList.add('error')
    this.label.textContent = message
  }

  remove(): void {
    this.node.remove()
  }
}

/** Runs `open` while polling `poll` every 250 ms into the view. */
export async function withOpenProgress<T>(
  view: OpenProgressView,
  open: Promise<T>,
  poll: () => Promise<OpenProgress | undefined>,
): Promise<T> {
  let done = false
  const tick = async () => {
    while (!done) {
      view.update(await poll().catch(() => undefined))
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  void tick()
  try {
    return await open
  } finally {
    done = true
  }
}
