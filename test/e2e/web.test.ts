import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.ts'
import { startGotraceWeb, type RunningWeb } from './gotrace-web.ts'

describe('gotrace web in Chromium', () => {
  let dir: string
  let tracePath: string
  let server: RunningWeb
  let browser: Browser

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gotrace-e2e-'))
    tracePath = join(dir, 'tiny.trace')
    // Only the 16-byte header matters for now; the rest stands in for events.
    await writeFile(
      tracePath,
      Buffer.concat([Buffer.from('go 1.26 trace\0\0\0'), Buffer.alloc(84, 1)]),
    )
    server = await startGotraceWeb([tracePath, '--port', '0'])
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    if (server !== undefined) expect(await server.stop()).toBe(0)
    await rm(dir, { recursive: true, force: true })
  })

  it('prints a loopback URL with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/)
  })

  it('shows the loaded trace and an initialised canvas, with no console errors', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text())
    })
    page.on('pageerror', (err) => problems.push(err.message))

    await page.goto(server.url)
    await page.locator('body[data-state="ready"]').waitFor()

    expect(await page.getByTestId('app-title').textContent()).toBe('gotrace')
    expect(await page.getByTestId('trace-name').textContent()).toBe('tiny.trace')
    expect(await page.getByTestId('trace-path').textContent()).toBe(tracePath)
    expect(await page.getByTestId('trace-header').textContent()).toBe('go 1.26 trace')
    expect(await page.getByTestId('trace-size').textContent()).toBe('100 B')

    const timeline = page.getByTestId('timeline')
    await page.locator('[data-testid="timeline"][data-state]').waitFor()
    expect(await timeline.getAttribute('data-state')).toBe('ready')
    expect(await timeline.getAttribute('data-renderer')).toBe('webgl')
    expect(await page.getByTestId('timeline-canvas').count()).toBe(1)

    expect(problems).toEqual([])
    await page.close()
  })

  it('refuses the page without the token', async () => {
    const page = await browser.newPage()
    const response = await page.goto(new URL('/', server.url).href)
    expect(response?.status()).toBe(403)
    await page.close()
  })
})
