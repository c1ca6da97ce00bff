import { statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import {
  parseRendererMessage,
  type HostAction,
  type HostMessage,
  type RendererMessage,
  type ThemeSetting,
} from '../../common/host-bridge.ts'
import { defaultCacheDir } from '../store/cache-dir.ts'
import { nativeBindingPath } from '../store/native-binding.ts'
import { secondInstanceFiles, traceArgsFromArgv } from './argv.ts'
import { engineHostArgs } from './engine-host-args.ts'
import { exportStore, isStorePath, storeExportName } from './export-store.ts'
import { buildMenu } from './menu.ts'
import type {
  AppPlatform,
  AppWindow,
  EngineProcess,
  FileFilter,
  IpcSender,
  RendererTarget,
} from './platform.ts'
import { RecentFiles } from './recent-files.ts'
import { isTrustedRendererUrl, secureWebPreferences } from './security.ts'
import { loadSettings, saveSettings, type Settings } from './settings.ts'
import { placeWindow } from './window-state.ts'

/** Built files the main process needs, resolved by index.ts relative to its own bundle. */
export interface AppPaths {
  preload: string
  engineHost: string
  rendererHtml: string
}

export interface AppOptions {
  /** Where stores are kept (to check export paths); default: the engine's default. */
  cacheDir?: string
  /** Whether a path is an existing regular file; default: the file system. */
  isFile?: (path: string) => boolean
}

/**
 * Trace files in the Open dialog. "All files" stays available: traces are often named anything
 * (`go test -trace=x`, downloads with a query string in the name).
 */
export const TRACE_FILTERS: FileFilter[] = [
  { name: 'Go execution traces', extensions: ['out', 'trace'] },
  { name: 'All files', extensions: ['*'] },
]

const BACKGROUND = { dark: '#16181d', light: '#ffffff' }

/** One window: its engine process and what it shows. */
interface Entry<Port> {
  win: AppWindow<Port>
  engine: EngineProcess<Port>
  /** undefined for the empty window (started without a trace). */
  tracePath: string | undefined
  storePath: string | undefined
  closing: boolean
}

/** What tests (and index.ts, for nothing yet) can see of the running app. */
export interface RunningApp {
  /** Opens a trace in its own window (or focuses the window already showing it). */
  openTrace(path: string): void
  windowCount(): number
}

/**
 * The main process's whole job: one window per trace, each with its own engine process, connected
 * with a MessageChannel whenever the window's renderer asks (at startup and after each reload).
 * Engine traffic then flows renderer <-> engine directly; the main process wires, runs the menus
 * and dialogs, and remembers settings, window state and recent traces in userData.
 *
 * Resolves with undefined when another instance is already running (the trace paths were handed
 * to it, and this instance quits).
 */
export async function startApp<Port>(
  platform: AppPlatform<Port>,
  paths: AppPaths,
  options: AppOptions = {},
): Promise<RunningApp | undefined> {
  const initial = traceArgsFromArgv(platform.argv, platform.isPackaged, platform.cwd)
  if (!platform.requestSingleInstanceLock({ files: initial })) {
    platform.quit(0)
    return undefined
  }

  const isFile =
    options.isFile ??
    ((p: string) => {
      try {
        return statSync(p).isFile()
      } catch {
        return false
      }
    })
  const cacheDir = options.cacheDir ?? defaultCacheDir()
  const nativeBinding = nativeBindingPath({
    electronVersion: platform.electronVersion,
    isPackaged: platform.isPackaged,
    appPath: platform.appPath,
  })
  const target: RendererTarget =
    platform.devRendererUrl !== undefined
      ? { kind: 'url', url: platform.devRendererUrl }
      : { kind: 'file', path: paths.rendererHtml }
  const isTrustedUrl = (url: string) => isTrustedRendererUrl(url, target)
  const settings: Settings = loadSettings(platform.userDataPath)
  const recent = new RecentFiles(platform.userDataPath, isFile, (m) => platform.log(m))
  const windows = new Map<number, Entry<Port>>()
  let ready = false
  let quitting = false
  const pending: string[] = []

  // Registered before `ready`: macOS delivers the file a user double-clicked before that.
  platform.onOpenFile((path) => (ready ? openTrace(path) : pending.push(path)))
  platform.onSecondInstance((argv, cwd, data) => {
    const files = secondInstanceFiles(argv, cwd, data, platform.isPackaged)
    if (files.length === 0) focusAny()
    for (const f of files) openTrace(f)
  })

  const focused = (id: number | undefined): Entry<Port> | undefined => {
    const byId = id === undefined ? undefined : windows.get(id)
    const any = platform.focusedWindowId()
    return byId ?? (any === undefined ? undefined : windows.get(any))
  }

  function focusAny(): void {
    const first = windows.values().next()
    if (first.done === true) openEmpty()
    else first.value.win.focus()
  }

  function refreshMenu(): void {
    platform.setMenu(
      buildMenu(
        {
          os: platform.os,
          appName: 'gotrace',
          recent: recent.list(),
          theme: settings.theme,
          isPackaged: platform.isPackaged,
        },
        {
          open: (id) => void showOpen(focused(id)),
          openRecent: (path) => openTrace(path),
          clearRecent: () => {
            recent.clear()
            platform.clearRecentDocuments()
            refreshMenu()
          },
          exportStore: (id) => void exportStoreOf(focused(id)),
          send: (id, action) => sendAction(focused(id), action),
          setTheme,
          about: (id) => about(focused(id)),
        },
      ),
    )
  }

  function persist(): void {
    const err = saveSettings(platform.userDataPath, settings)
    if (err !== undefined) platform.log(`gotrace: could not save settings: ${err.message}`)
  }

  function setTheme(theme: ThemeSetting): void {
    settings.theme = theme
    persist()
    platform.setThemeSource(theme)
    broadcast({ type: 'theme', theme })
    refreshMenu()
  }

  function broadcast(message: HostMessage): void {
    for (const e of windows.values()) e.win.send(message)
  }

  function sendAction(entry: Entry<Port> | undefined, action: HostAction): void {
    entry?.win.send({ type: 'action', action })
  }

  function about(entry: Entry<Port> | undefined): void {
    platform.showMessage(entry?.win, {
      kind: 'info',
      title: 'About gotrace',
      message: `gotrace ${platform.appVersion}`,
      detail: [
        'A viewer for Go execution traces (Go 1.11 to 1.27).',
        `Electron ${platform.electronVersion ?? 'unknown'}`,
        `Trace stores: ${cacheDir}`,
        `Settings: ${platform.userDataPath}`,
      ].join('\n'),
    })
  }

  async function showOpen(parent: Entry<Port> | undefined): Promise<void> {
    const files = await platform.showOpenDialog(parent?.win, {
      title: 'Open a Go trace',
      filters: TRACE_FILTERS,
    })
    for (const f of files) openTrace(f)
  }

  async function exportStoreOf(entry: Entry<Port> | undefined): Promise<void> {
    if (entry?.tracePath === undefined) return
    const storePath = entry.storePath
    if (storePath === undefined) {
      platform.showMessage(entry.win, {
        kind: 'info',
        title: 'Export SQLite store',
        message: 'The trace is still opening; its store is not ready yet.',
      })
      return
    }
    const dest = await platform.showSaveDialog(entry.win, {
      title: 'Export SQLite store',
      defaultPath: storeExportName(entry.tracePath),
      filters: [{ name: 'SQLite database', extensions: ['sqlite', 'db'] }],
    })
    if (dest === undefined) return
    try {
      await exportStore(storePath, dest)
    } catch (err) {
      platform.showMessage(windows.has(entry.win.webContentsId) ? entry.win : undefined, {
        kind: 'error',
        title: 'Export failed',
        message: `Could not export the store: ${(err as Error).message}`,
      })
    }
  }

  function createEntry(tracePath: string | undefined): Entry<Port> {
    const engine = platform.startEngine({
      modulePath: paths.engineHost,
      args: engineHostArgs({ tracePath, nativeBinding }),
    })
    const place = placeWindow(settings.window, platform.displays(), windows.size)
    const dark = platform.prefersDark()
    const win = platform.createWindow({
      title: tracePath === undefined ? 'gotrace' : `${basename(tracePath)} — gotrace`,
      ...place,
      backgroundColor: dark ? BACKGROUND.dark : BACKGROUND.light,
      webPreferences: secureWebPreferences(paths.preload),
      isTrustedUrl,
    })
    const entry: Entry<Port> = { win, engine, tracePath, storePath: undefined, closing: false }
    windows.set(win.webContentsId, entry)
    win.onClosed((state) => {
      entry.closing = true
      windows.delete(win.webContentsId)
      engine.kill()
      settings.window = state
      persist()
    })
    engine.onExit((code) => {
      if (entry.closing || quitting) return
      platform.log(`gotrace: the engine process exited unexpectedly (code ${code})`)
      win.setProgressBar(null)
      win.send({
        type: 'error',
        message: `The engine process stopped unexpectedly (exit code ${code}). Open the trace again to retry.`,
      })
    })
    win.load(target).catch((err: unknown) => {
      platform.log(`gotrace: could not load the window: ${(err as Error).message}`)
    })
    return entry
  }

  function openEmpty(): void {
    createEntry(undefined)
  }

  function openTrace(path: string): void {
    const tracePath = resolve(platform.cwd, path)
    for (const e of windows.values()) {
      if (e.tracePath === tracePath) {
        e.win.focus()
        return
      }
    }
    if (!isFile(tracePath)) {
      recent.remove(tracePath)
      refreshMenu()
      if (windows.size === 0) openEmpty()
      platform.showMessage(focused(undefined)?.win, {
        kind: 'error',
        title: 'Cannot open the trace',
        message: `${tracePath} does not exist or is not a file.`,
      })
      return
    }
    const empties = [...windows.values()].filter((e) => e.tracePath === undefined)
    createEntry(tracePath)
    recent.add(tracePath)
    platform.addRecentDocument(tracePath)
    refreshMenu()
    // The empty startup window has done its job once a trace has its own window.
    for (const e of empties) e.win.close()
  }

  function onRendererMessage(entry: Entry<Port>, message: RendererMessage): void {
    switch (message.type) {
      case 'progress':
        entry.win.setProgressBar(message.fraction)
        return
      case 'opened':
        entry.win.setProgressBar(null)
        if (isStorePath(message.storePath, cacheDir)) entry.storePath = message.storePath
        else platform.log(`gotrace: ignored a store path outside ${cacheDir}`)
        return
      case 'cancel-open':
        // Never leave the user with no window at all.
        if (windows.size === 1) openEmpty()
        entry.win.close()
        return
      case 'open-dialog':
        void showOpen(entry)
        return
      case 'open-files':
        for (const f of message.paths) openTrace(f)
        return
    }
  }

  /** The window that sent an IPC message, if it is one of ours showing our own page. */
  const senderEntry = (sender: IpcSender, what: string): Entry<Port> | undefined => {
    const entry = windows.get(sender.webContentsId)
    if (entry === undefined || !isTrustedUrl(sender.senderUrl)) {
      platform.log(`gotrace: ignored ${what} from ${sender.senderUrl}`)
      return undefined
    }
    return entry
  }

  await platform.whenReady()
  ready = true
  platform.setThemeSource(settings.theme)

  platform.onEnginePortRequest((sender) => {
    const entry = senderEntry(sender, 'an engine port request')
    if (entry === undefined) return
    const { port1, port2 } = platform.createChannel()
    entry.engine.connect(port1)
    entry.win.sendEnginePort(port2)
  })
  platform.onRendererMessage((sender, raw) => {
    const entry = senderEntry(sender, 'a message')
    if (entry === undefined) return
    const message = parseRendererMessage(raw)
    if (message === undefined) {
      platform.log('gotrace: ignored a malformed message from a window')
      return
    }
    onRendererMessage(entry, message)
  })
  platform.onAllWindowsClosed(() => {
    // A viewer has nothing to do without a window, on macOS too.
    quitting = true
    platform.quit(0)
  })

  refreshMenu()
  const startup = [...initial, ...pending.splice(0)]
  if (startup.length === 0) openEmpty()
  for (const f of startup) openTrace(f)

  return { openTrace, windowCount: () => windows.size }
}
