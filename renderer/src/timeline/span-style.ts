import type { SpanTrackKind } from '../../../common/engine-api.ts'
import { functionColor } from './palette.ts'
import { mixColor } from './rect-batch.ts'
import type { Theme } from './theme.ts'

/** Goroutine states as the engine codes them (code 0 is a merged summary). */
export const STATE = { summary: 0, runnable: 2, running: 3, waiting: 4, syscall: 5 } as const

export const STATE_NAMES: Record<number, string> = {
  2: 'runnable',
  3: 'running',
  4: 'waiting',
  5: 'syscall',
}

export interface SpanFields {
  code: number
  id: number
  busy: number
}

/**
 * The fill of a span. Summaries (code 0) stand for many sub-pixel spans: their colour is the
 * busy one drawn at an alpha proportional to how busy they were, composited by hand over the idle
 * colour (one opaque fill instead of two blended ones).
 */
export function spanColor(
  kind: SpanTrackKind,
  span: SpanFields,
  theme: Theme,
  goroutineName: (gid: number) => string,
): number {
  if (kind === 'goroutine') {
    switch (span.code) {
      case STATE.running:
        return theme.state.running
      case STATE.runnable:
        return theme.state.runnable
      case STATE.syscall:
        return theme.state.syscall
      case STATE.waiting:
        return theme.state.waiting
      default:
        return mixColor(theme.state.waiting, theme.state.running, 0.15 + 0.85 * span.busy)
    }
  }
  if (span.code === STATE.syscall) return theme.state.syscall
  const color = span.id >= 0 ? functionColor(goroutineName(span.id)) : theme.state.running
  if (span.code === STATE.summary) return mixColor(theme.background, color, 0.3 + 0.7 * span.busy)
  return color
}

/** What a span is called on screen, when there is room for a label. */
export function spanLabel(
  kind: SpanTrackKind,
  span: SpanFields,
  goroutineName: (gid: number) => string,
  reason: (id: number) => string | undefined,
): string {
  if (span.code === STATE.summary) return ''
  if (kind === 'goroutine') {
    const r = span.id > 0 ? reason(span.id) : undefined
    const state = STATE_NAMES[span.code] ?? '?'
    return r !== undefined && r !== '' ? `${state}: ${r}` : state
  }
  const name = goroutineName(span.id)
  return `G${span.id}${name === '' ? '' : ` ${name}`}`
}
