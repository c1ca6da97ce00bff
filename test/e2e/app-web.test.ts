import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.ts'
import { startGotraceWeb, type RunningWeb } from './gotrace-web.ts'

/**
 * The desktop app's user journeys that web mode can run (same renderer, no Electron): opening a
 * trace with progress then the timeline, reopening a cached trace, an unreadable trace, a window
 * with no trace, a dropped file, and the theme override. The Electron-only parts (menus, dialogs,
 * Cancel, the taskbar) are unit-tested in test/unit/app through the fake platform.
 */
const TRACE = fileURLToPath(new URL('../fixtures/traces/annotations-go1.23.trace', import.meta.url))

describe('desktop journeys in web mode', () => {
  let dir: string
  let browser: Browser
  const servers: RunningWeb[] = []

  const serve = async (args: string[]) => {
    const s = await startGotraceWeb([...args, '--port', '0'], { GOTRACE_CACHE_DIR: dir })
    servers.push(s)
    return s
  }

  /** A page that records console errors and whether the progress box ever appeared. */
  const openPage = async (url: string) => {
    const page = await browser.newPage({ colorScheme: 'dark' })
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(err.message))
    // Runs in the page before its scripts (a string: this file is type-checked without DOM types).
    await page.addInitScript(`
      const seen = { progress: false, progressVisible: false }
      window.__seen = seen
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="open-progress"]')
        if (p === null) return
        seen.progress = true
        if (getComputedStyle(p).visibility !== 'hidden') seen.progressVisible = true
      }).observe(document, { subtree: true, childList: true, characterData: true })
    `)
    await page.goto(url)
    return { page, problems }
  }
  const seen = (page: Page) =>
    page.evaluate<{ progress: boolean; progressVisible: boolean }>('window.__seen')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gotrace-app-e2e-'))
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    for (const s of servers) await s.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('opens a trace: progress, then the timeline; reopening the cached trace skips the progress', async () => {
    const first = await serve([TRACE])
    const { page, problems } = await openPage(first.url)
    await page.locator('[data-testid="timeline"][data-open="true"]').waitFor()
    expect(await page.locator('body').getAttribute('data-open-cached')).toBe('false')
    expect((await seen(page)).progress).toBe(true)
    expect(await page.getByTestId('open-progress').count()).toBe(0)
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    expect(await page.getByTestId('open-cancel').count()).toBe(0) // desktop only
    expect(problems).toEqual([])
    await page.close()

    // A new engine on the same cache: the store is reused and the box never shows.
    const again = await serve([TRACE])
    const second = await openPage(again.url)
    await second.page.locator('[data-testid="timeline"][data-open="true"]').waitFor()
    expect(await second.page.locator('body').getAttribute('data-open-cached')).toBe('true')
    expect(await seen(second.page)).toMatchObject({ progressVisible: false })
    await second.page.close()
  })

  it('shows a banner with the one-line error for an unreadable trace, never a blank page', async () => {
    const garbage = join(dir, 'garbage.out')
    await writeFile(garbage, 'this is not a Go execution trace\n'.repeat(20))
    const server = await serve([garbage])
    const { page, problems } = await openPage(server.url)
    const banner = page.getByTestId('error-banner-message')
    await banner.waitFor()
    const text = (await banner.textContent()) ?? ''
    expect(text).toMatch(/^Could not open the trace: .*not a Go execution trace/)
    expect(text).not.toContain('\n')
    expect(await page.getByRole('alert').count()).toBe(1)
    // The rest of the page is still there: the trace's name and the title bar.
    expect(await page.getByTestId('trace-name').textContent()).toBe('garbage.out')
    expect(await page.getByTestId('app-title').isVisible()).toBe(true)
    // It can be dismissed.
    await page.getByTestId('error-banner').getByRole('button', { name: 'Dismiss' }).click()
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    expect(problems).toEqual([])
    await page.close()
  })

  it('says how to give a trace when started without one, and explains a dropped file', async () => {
    const server = await serve([])
    const { page } = await openPage(server.url)
    const empty = page.getByTestId('empty-state')
    await empty.waitFor()
    expect(await empty.textContent()).toContain('gotrace web TRACE')
    expect(await page.getByTestId('open-trace').count()).toBe(0) // the Open button is desktop only

    const url = page.url()
    const dataTransfer = await page.evaluateHandle(`(() => {
      const dt = new DataTransfer()
      dt.items.add(new File(['go 1.23 trace'], 'dropped.out'))
      return dt
    })()`)
    await page.dispatchEvent('body', 'drop', { dataTransfer })
    await page.getByTestId('info-banner').waitFor()
    expect(await page.getByTestId('info-banner-message').textContent()).toContain('dropped.out')
    expect(page.url()).toBe(url) // the browser did not navigate to the file
    await page.close()
  })

  it('lets data-theme override the OS colour scheme (View > Theme on the desktop)', async () => {
    const server = await serve([])
    const { page } = await openPage(server.url)
    await page.getByTestId('empty-state').waitFor()
    const bg = () => page.evaluate<string>('getComputedStyle(document.body).backgroundColor')
    expect(await bg()).toBe('rgb(22, 24, 29)')
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`)
    expect(await bg()).toBe('rgb(255, 255, 255)')
    await page.emulateMedia({ colorScheme: 'light' })
    await page.evaluate(`document.documentElement.dataset.theme = 'dark'`)
    expect(await bg()).toBe('rgb(22, 24, 29)')
    await page.close()
  })
})
