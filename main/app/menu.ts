import type { HostAction, ThemeSetting } from '../../common/host-bridge.ts'
import type { MenuItemSpec } from './platform.ts'

/** What the menus do; start-app.ts implements it. Window ids are webContents ids. */
export interface MenuActions {
  open(focused: number | undefined): void
  openRecent(path: string): void
  clearRecent(): void
  exportStore(focused: number | undefined): void
  /** Asks the focused window's renderer to do something (the timeline's own keys). */
  send(focused: number | undefined, action: HostAction): void
  setTheme(theme: ThemeSetting): void
  about(focused: number | undefined): void
}

export interface MenuState {
  os: NodeJS.Platform
  appName: string
  recent: readonly string[]
  theme: ThemeSetting
  /** Development builds get Reload and the developer tools. */
  isPackaged: boolean
}

const THEME_LABELS: Record<ThemeSetting, string> = {
  system: 'Follow the System',
  light: 'Light',
  dark: 'Dark',
}

/**
 * The application menu as plain data. Standard items are Electron roles, so each OS gets its own
 * shortcuts (Cmd on macOS, Ctrl elsewhere) and behaviour; macOS gets the app menu. The timeline's
 * zoom uses CmdOrCtrl +/−/0 here (plain W/S/Home keys stay with the page: a plain-letter menu
 * accelerator would swallow those keys).
 */
export function buildMenu(state: MenuState, actions: MenuActions): MenuItemSpec[] {
  const mac = state.os === 'darwin'
  const sep: MenuItemSpec = { type: 'separator' }
  const recent: MenuItemSpec[] =
    state.recent.length === 0
      ? [{ label: 'No Recent Traces', enabled: false }]
      : state.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))

  const file: MenuItemSpec = {
    label: '&File',
    submenu: [
      { id: 'open', label: 'Open…', accelerator: 'CmdOrCtrl+O', click: (w) => actions.open(w) },
      {
        id: 'open-recent',
        label: 'Open Recent',
        submenu: [
          ...recent,
          sep,
          {
            id: 'clear-recent',
            label: 'Clear Menu',
            enabled: state.recent.length > 0,
            click: () => actions.clearRecent(),
          },
        ],
      },
      sep,
      {
        id: 'export-profile',
        label: 'Export Profile…',
        accelerator: 'CmdOrCtrl+E',
        click: (w) => actions.send(w, 'export-profile'),
      },
      {
        id: 'export-store',
        label: 'Export SQLite Store…',
        accelerator: 'CmdOrCtrl+Shift+E',
        click: (w) => actions.exportStore(w),
      },
      sep,
      { role: 'close', label: 'Close Window' },
      ...(mac ? [] : [sep, { role: 'quit' } as MenuItemSpec]),
    ],
  }

  const edit: MenuItemSpec = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      sep,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }

  const view: MenuItemSpec = {
    label: '&View',
    submenu: [
      {
        id: 'zoom-in',
        label: 'Zoom In',
        accelerator: 'CmdOrCtrl+=',
        click: (w) => actions.send(w, 'zoom-in'),
      },
      {
        id: 'zoom-out',
        label: 'Zoom Out',
        accelerator: 'CmdOrCtrl+-',
        click: (w) => actions.send(w, 'zoom-out'),
      },
      {
        id: 'fit',
        label: 'Fit Whole Trace',
        accelerator: 'CmdOrCtrl+0',
        click: (w) => actions.send(w, 'fit'),
      },
      sep,
      {
        id: 'theme',
        label: 'Theme',
        submenu: (['system', 'light', 'dark'] as const).map((theme) => ({
          id: `theme-${theme}`,
          label: THEME_LABELS[theme],
          type: 'radio' as const,
          checked: state.theme === theme,
          click: () => actions.setTheme(theme),
        })),
      },
      sep,
      { role: 'togglefullscreen' },
      ...(state.isPackaged ? [] : [sep, { role: 'reload' }, { role: 'toggleDevTools' }]),
    ] as MenuItemSpec[],
  }

  const about: MenuItemSpec = {
    id: 'about',
    label: `About ${state.appName}`,
    click: (w) => actions.about(w),
  }
  const help: MenuItemSpec = {
    label: '&Help',
    submenu: [
      {
        id: 'shortcuts',
        label: 'Keyboard Shortcuts (?)',
        click: (w) => actions.send(w, 'help'),
      },
      ...(mac ? [] : [sep, about]),
    ],
  }

  const menu: MenuItemSpec[] = [file, edit, view]
  if (mac) {
    menu.unshift({
      label: state.appName,
      submenu: [
        about,
        sep,
        { role: 'services' },
        sep,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        sep,
        { role: 'quit' },
      ],
    })
    menu.push({ role: 'windowMenu' })
  }
  menu.push(help)
  return menu
}

/** Finds an item by id anywhere in a menu (tests, and anyone updating one item). */
export function findMenuItem(menu: readonly MenuItemSpec[], id: string): MenuItemSpec | undefined {
  for (const item of menu) {
    if (item.id === id) return item
    const inner = item.submenu === undefined ? undefined : findMenuItem(item.submenu, id)
    if (inner !== undefined) return inner
  }
  return undefined
}
