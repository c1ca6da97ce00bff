/** Colours of the timeline, for a dark and a light theme (the page follows the OS setting). */
export interface Theme {
  name: 'dark' | 'light'
  background: number
  gutter: number
  groupBand: number
  header: number
  separator: number
  grid: number
  gridMinor: number
  text: number
  textDim: number
  selection: number
  hover: number
  windowShade: number
  windowShadeAlpha: number
  windowEdge: number
  state: StateColors
  heapLive: number
  heapGoal: number
  counter: number
  gcMark: number
  stw: number
  task: number
  rangeSelection: number
  /** Flow arrows of a selected goroutine span: unblocked by, created by. */
  flowUnblock: number
  flowCreate: number
  /** CPU profile sample ticks. */
  sample: number
}

export interface StateColors {
  running: number
  runnable: number
  waiting: number
  syscall: number
}

export const DARK: Theme = {
  name: 'dark',
  background: 0x16181d,
  gutter: 0x1b1e24,
  groupBand: 0x20242b,
  header: 0x1d2026,
  separator: 0x2c313a,
  grid: 0x262a32,
  gridMinor: 0x1d2026,
  text: 0xd7dae0,
  textDim: 0x8a919e,
  selection: 0xffffff,
  hover: 0xffffff,
  windowShade: 0x000000,
  windowShadeAlpha: 0.45,
  windowEdge: 0x8ab4f8,
  state: { running: 0x4caf6a, runnable: 0x6d9eeb, waiting: 0x3a404b, syscall: 0xe8913a },
  heapLive: 0x4e9bd6,
  heapGoal: 0xe0b050,
  counter: 0x8e8cd8,
  gcMark: 0x8a7a3a,
  stw: 0xe53935,
  task: 0x5c7cba,
  rangeSelection: 0x8ab4f8,
  flowUnblock: 0xff6fb5,
  flowCreate: 0xc6a4ff,
  sample: 0xffd84d,
}

export const LIGHT: Theme = {
  name: 'light',
  background: 0xffffff,
  gutter: 0xf6f7f9,
  groupBand: 0xeef0f3,
  header: 0xf3f4f6,
  separator: 0xdcdfe4,
  grid: 0xe6e8ec,
  gridMinor: 0xf3f4f6,
  text: 0x1f2328,
  textDim: 0x5c6370,
  selection: 0x000000,
  hover: 0x000000,
  windowShade: 0x8a919e,
  windowShadeAlpha: 0.3,
  windowEdge: 0x1a73e8,
  state: { running: 0x2f9e52, runnable: 0x3f7fd8, waiting: 0xd3d7de, syscall: 0xde7a1c },
  heapLive: 0x2f7fc1,
  heapGoal: 0xc98a10,
  counter: 0x6a67c6,
  gcMark: 0xd9c47a,
  stw: 0xd32f2f,
  task: 0x7c9bd6,
  rangeSelection: 0x1a73e8,
  flowUnblock: 0xd0106e,
  flowCreate: 0x7a3fd1,
  sample: 0x111418,
}

const query = window.matchMedia('(prefers-color-scheme: light)')

export function currentTheme(): Theme {
  return query.matches ? LIGHT : DARK
}

export function onThemeChange(listener: (theme: Theme) => void): void {
  query.addEventListener('change', () => listener(currentTheme()))
}

export function cssColor(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`
}
