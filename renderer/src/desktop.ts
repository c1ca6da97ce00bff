import type { OpenProgress, OpenResult } from '../../common/engine-api.ts'
import { ACTION_KEYS, type HostBridge, type HostMessage } from '../../common/host-bridge.ts'
import { oneLine, showBanner } from './banner.ts'

/** Dispatched on window for File > Export Profile…; a listener calls preventDefault to take it. */
export const EXPORT_PROFILE_EVENT = 'gotrace:export-profile'

/**
 * What the page tells its host while it opens a trace, and the desktop-only controls (Cancel,
 * Open…, drag and drop, menu actions, theme). In a browser `host` is undefined: the same calls
 * then only update the page (banners), so main.ts needs no Electron checks of its own.
 */
export interface HostControls {
  /** The open started; `progressNode` (the progress view) gets a Cancel button on the desktop. */
  openStarted(progressNode: HTMLElement): void
  progress(p: OpenProgress | undefined): void
  opened(result: OpenResult): void
  /** The trace could not be opened: a banner with the one-line error. */
  failed(message: string): void
  /** The window has no trace: offer Open… (desktop) or say how to give one (browser). */
  noTrace(container: HTMLElement): void
}

export function installHost(host: HostBridge | undefined): HostControls {
  let cancel: HTMLButtonElement | undefined
  const endOpen = () => {
    cancel?.remove()
    cancel = undefined
    host?.reportProgress(null)
  }
  host?.onHostMessage(onHostMessage)
  installDrop(host)

  return {
    openStarted(progressNode) {
      if (host === undefined) return
      cancel = button('Cancel', 'open-cancel', () => {
        if (cancel !== undefined) cancel.disabled = true
        host.cancelOpen()
      })
      progressNode.append(cancel)
    },
    progress(p) {
      const fraction = progressFraction(p)
      if (fraction !== undefined) host?.reportProgress(fraction)
    },
    opened(result) {
      endOpen()
      document.body.dataset.openCached = String(result.cached)
      host?.reportOpened(result.storePath)
      if (result.warning !== undefined) showBanner(result.warning, 'info')
    },
    failed(message) {
      endOpen()
      showBanner(message, 'error')
    },
    noTrace(container) {
      const box = document.createElement('div')
      box.className = 'empty-state'
      box.dataset.testid = 'empty-state'
      if (host === undefined) {
        box.textContent =
          'No trace loaded. Start gotrace web with a trace: gotrace web TRACE (go test -trace=TRACE writes one).'
      } else {
        const hint = document.createElement('p')
        hint.textContent = 'Open a Go execution trace, or drop one onto this window.'
        box.append(
          hint,
          button('Open a Trace…', 'open-trace', () => host.showOpenDialog()),
        )
      }
      container.append(box)
    },
  }
}

function onHostMessage(message: HostMessage): void {
  switch (message.type) {
    case 'action': {
      if (message.action === 'export-profile') {
        const event = new CustomEvent(EXPORT_PROFILE_EVENT, { cancelable: true })
        if (window.dispatchEvent(event)) {
          showBanner('Open a trace first: profiles are exported from its Profile panel.', 'info')
        }
        return
      }
      const key = ACTION_KEYS[message.action]
      // The timeline listens for these keys on window; a menu item is the same gesture.
      if (key !== undefined) window.dispatchEvent(new KeyboardEvent('keydown', { key }))
      return
    }
    case 'theme':
      applyTheme(message.theme)
      return
    case 'error':
      showBanner(message.message, 'error')
      return
  }
}

/** data-theme on <html> overrides prefers-color-scheme in styles.css; 'system' removes it. */
export function applyTheme(theme: 'system' | 'light' | 'dark'): void {
  if (theme === 'system') delete document.documentElement.dataset.theme
  else document.documentElement.dataset.theme = theme
}

/** 0..1 for the taskbar, or undefined while nothing is known yet. */
export function progressFraction(p: OpenProgress | undefined): number | undefined {
  if (p === undefined || p.totalBytes <= 0) return undefined
  if (p.phase === 'done') return 1
  // Hashing reads the file once, ingesting reads it again: count them as two halves.
  const read = Math.min(1, p.bytesRead / p.totalBytes)
  return p.phase === 'hashing' ? read / 2 : 0.5 + read / 2
}

/**
 * Dropping files on the window opens them (each in its own window) on the desktop; a browser
 * page cannot read a dropped file's path, so there it explains instead. Either way the browser
 * never navigates to the dropped file.
 */
function installDrop(host: HostBridge | undefined): void {
  window.addEventListener('dragover', (e) => {
    e.preventDefault()
    if (e.dataTransfer !== null) e.dataTransfer.dropEffect = host === undefined ? 'none' : 'copy'
  })
  window.addEventListener('drop', (e) => {
    e.preventDefault()
    const files = [...(e.dataTransfer?.files ?? [])]
    if (files.length === 0) return
    if (host !== undefined) {
      host.openFiles(files)
      return
    }
    showBanner(
      oneLine(
        `The browser cannot open ${files[0]!.name} from here: run gotrace web with that trace instead.`,
      ),
      'info',
    )
  })
}

function button(text: string, testId: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.textContent = text
  b.dataset.testid = testId
  b.addEventListener('click', onClick)
  return b
}
