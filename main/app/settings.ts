import { join } from 'node:path'
import { THEME_SETTINGS, type ThemeSetting } from '../../common/host-bridge.ts'
import { readJsonFile, writeJsonFile } from './json-file.ts'
import type { WindowState } from './platform.ts'

export const SETTINGS_FILE = 'settings.json'

/** What the app remembers between runs (userData/settings.json). */
export interface Settings {
  theme: ThemeSetting
  /** The last closed window's state; undefined until a window has closed once. */
  window: WindowState | undefined
}

export const DEFAULT_SETTINGS: Settings = { theme: 'system', window: undefined }

/** Loads settings, keeping only well-formed values (a hand-edited file cannot break startup). */
export function loadSettings(userDataPath: string): Settings {
  const data = readJsonFile(join(userDataPath, SETTINGS_FILE))
  if (typeof data !== 'object' || data === null) return { ...DEFAULT_SETTINGS }
  const raw = data as Record<string, unknown>
  const theme = THEME_SETTINGS.find((t) => t === raw['theme']) ?? DEFAULT_SETTINGS.theme
  return { theme, window: parseWindowState(raw['window']) }
}

export function saveSettings(userDataPath: string, settings: Settings): Error | undefined {
  return writeJsonFile(join(userDataPath, SETTINGS_FILE), settings)
}

function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  const num = (k: string) => (Number.isFinite(v[k]) ? Math.round(v[k] as number) : undefined)
  const x = num('x')
  const y = num('y')
  const width = num('width')
  const height = num('height')
  if (x === undefined || y === undefined || width === undefined || height === undefined) {
    return undefined
  }
  return { x, y, width, height, maximized: v['maximized'] === true }
}
