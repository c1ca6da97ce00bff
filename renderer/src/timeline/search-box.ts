import type { EngineApi, SearchHit } from '../../../common/engine-api.ts'
import { el } from './dom.ts'
import { formatDurationNs } from './time-format.ts'

const DEBOUNCE_MS = 120

/**
 * The search box: goroutines (by ID or start function), region types and tasks, through
 * `engine.search`. Typing asks again (debounced; the latest answer wins), ↑/↓ move, Enter or a
 * click jumps to the hit, Esc closes the list.
 */
export class SearchBox {
  readonly input = el('input', { className: 'search-input', testId: 'search-input' })
  readonly list = el('ul', { className: 'search-results', testId: 'search-results' })
  private hits: SearchHit[] = []
  private active = 0
  private seq = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private pending: Promise<void> | undefined
  private lastError: string | undefined
  /** The handling of the last key (Enter waits for the search): tests wait on it. */
  lastKey: Promise<void> = Promise.resolve()

  constructor(
    host: HTMLElement,
    private readonly engine: EngineApi,
    private readonly jump: (hit: SearchHit) => void,
  ) {
    this.input.type = 'search'
    this.input.placeholder = 'Search goroutines, regions, tasks (/)'
    this.input.setAttribute('aria-label', 'Search')
    this.input.spellcheck = false
    this.list.hidden = true
    host.append(this.input, this.list)
    this.input.addEventListener('input', () => this.schedule())
    this.input.addEventListener('focus', () => {
      if (this.hits.length > 0) this.list.hidden = false
    })
    this.input.addEventListener('blur', () => {
      // Let a click on a result land first.
      setTimeout(() => (this.list.hidden = true), 150)
    })
    this.input.addEventListener('keydown', (e) => {
      this.lastKey = this.onKey(e)
    })
    this.list.addEventListener('mousedown', (e) => {
      const item = (e.target as HTMLElement).closest<HTMLElement>('[data-index]')
      if (item === null) return
      e.preventDefault()
      const hit = this.hits[Number(item.dataset.index)]
      if (hit !== undefined) this.go(hit)
    })
  }

  focus(): void {
    this.input.focus()
    this.input.select()
  }

  private schedule(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS)
  }

  private run(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    const text = this.input.value.trim()
    const seq = ++this.seq
    if (text === '') {
      this.hits = []
      this.render()
      return Promise.resolve()
    }
    this.pending = this.engine
      .search(text, 50)
      .then((hits) => {
        if (seq !== this.seq) return
        this.hits = hits
        this.lastError = undefined
        this.active = 0
        this.render()
      })
      .catch((err: unknown) => {
        if (seq !== this.seq) return
        this.hits = []
        this.lastError = err instanceof Error ? err.message : String(err)
        this.render()
      })
    return this.pending
  }

  private async onKey(e: KeyboardEvent): Promise<void> {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        this.active = Math.min(this.hits.length - 1, this.active + 1)
        this.render()
        return
      case 'ArrowUp':
        e.preventDefault()
        this.active = Math.max(0, this.active - 1)
        this.render()
        return
      case 'Escape':
        e.preventDefault()
        this.list.hidden = true
        this.input.blur()
        return
      case 'Enter': {
        e.preventDefault()
        // Enter right after typing: ask first.
        if (this.timer !== undefined) await this.run()
        else await this.pending
        const hit = this.hits[this.active]
        if (hit !== undefined) this.go(hit)
        return
      }
    }
  }

  private go(hit: SearchHit): void {
    this.list.hidden = true
    this.input.blur()
    this.jump(hit)
  }

  private render(): void {
    const items: HTMLElement[] = this.hits.map((h, i) => {
      const li = el('li', { className: `search-hit${i === this.active ? ' active' : ''}` }, [
        el('span', { className: 'kind', text: h.kind }),
        el('span', { className: 'label', text: h.label }),
        el('span', { className: 'dur', text: formatDurationNs(h.endNs - h.startNs) }),
      ])
      li.dataset.index = String(i)
      li.dataset.testid = 'search-result'
      return li
    })
    if (items.length === 0 && this.input.value.trim() !== '') {
      items.push(
        el('li', {
          className: this.lastError === undefined ? 'search-empty' : 'search-empty error',
          text: this.lastError === undefined ? 'No matches' : `Search failed: ${this.lastError}`,
        }),
      )
    }
    this.list.replaceChildren(...items)
    this.list.hidden = items.length === 0 || document.activeElement !== this.input
    items[this.active]?.scrollIntoView?.({ block: 'nearest' })
  }
}
