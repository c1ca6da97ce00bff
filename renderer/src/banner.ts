/**
 * A banner under the title bar for things the user must see (a trace that cannot be opened, a
 * disk that is full, a stopped engine): never a blank window. One banner per kind; showing a new
 * message replaces the old one. data-testid="error-banner" / "info-banner" for the tests.
 */
export type BannerKind = 'error' | 'info'

export function showBanner(message: string, kind: BannerKind = 'error'): HTMLElement {
  const testId = `${kind}-banner`
  document.querySelector(`[data-testid="${testId}"]`)?.remove()
  const banner = document.createElement('div')
  banner.className = `banner ${kind}`
  banner.dataset.testid = testId
  banner.setAttribute('role', kind === 'error' ? 'alert' : 'status')
  const text = document.createElement('span')
  text.className = 'banner-message'
  text.dataset.testid = `${testId}-message`
  text.textContent = oneLine(message)
  text.title = message
  const close = document.createElement('button')
  close.type = 'button'
  close.className = 'banner-close'
  close.textContent = 'Dismiss'
  close.addEventListener('click', () => banner.remove())
  banner.append(text, close)
  const header = document.querySelector('header')
  if (header === null) document.body.prepend(banner)
  else header.after(banner)
  return banner
}

/** The first line of a message, without an "Error: " prefix. */
export function oneLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/^Error: /, '').trim()
}
