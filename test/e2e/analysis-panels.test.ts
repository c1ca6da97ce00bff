import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi } from '../../common/engine-api.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { launchChromium, openViewer } from './browser.ts'
import { startGotraceWeb, type RunningWeb } from './gotrace-web.ts'

const TRACE = fileURLToPath(new URL('../fixtures/traces/annotations-go1.26.trace', import.meta.url))

function hook<T>(page: Page, call: string): Promise<T> {
  return page.evaluate<T>(`window.__gotrace.${call}`)
}

describe('Regions, Tasks and MMU tabs: annotations-go1.26.trace in Chromium', () => {
  let cacheDir: string
  let browser: Browser
  let server: RunningWeb
  let page: Page
  let engine: EngineApi
  let problems: string[] = []

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gotrace-e2e-analyses-'))
    server = await startGotraceWeb([TRACE, '--port', '0'], { GOTRACE_CACHE_DIR: cacheDir })
    engine = createEngine({ tracePath: TRACE, cacheDir })
    browser = await launchChromium()
    const viewer = await openViewer(browser, server.url, { width: 1200, height: 760 })
    page = viewer.page
    problems = viewer.problems
    await hook(page, 'ready')
  })

  afterAll(async () => {
    await browser?.close()
    if (server !== undefined) expect(await server.stop()).toBe(0)
    await rm(cacheDir, { recursive: true, force: true })
  })

  const ready = (key: string) => page.locator(`[data-testid="${key}-panel"][data-state="ready"]`)
  const rows = (testId: string) => page.locator(`[data-testid="${testId}"] tbody tr`)

  it('lists region types; a type lists its instances; an instance zooms to it', async () => {
    const summary = await engine.regionSummary()
    await page.getByTestId('open-regions').click()
    await ready('regions').waitFor()
    expect(await rows('regions-groups').count()).toBe(summary.groups.length)
    await rows('regions-groups').filter({ hasText: 'item.lock' }).click()
    const lock = summary.groups.find((g) => g.type === 'item.lock')!
    expect(await rows('regions-instances').count()).toBe(lock.count)
    // Longest first: G22's.
    const longest = [...lock.instances].sort((a, b) => b.durationNs - a.durationNs)[0]!
    expect(await rows('regions-instances').first().textContent()).toContain(`G${longest.gid}`)
    await rows('regions-instances').first().click()
    await hook(page, 'idle()')
    const v = await hook<{ startNs: number; endNs: number }>(page, 'view()')
    expect(v.startNs).toBeLessThan(longest.startNs!)
    expect(v.endNs).toBeGreaterThan(longest.endNs!)
    expect(v.endNs - v.startNs).toBeLessThan(1.2 * longest.durationNs)
    expect(await hook<string>(page, 'selectedTrack()')).toBe(`goroutine:${longest.gid}`)
    // The selected goroutine as scope: its regions only.
    await page.getByTestId('regions-scope').selectOption('goroutine')
    await ready('regions').waitFor()
    const mine = await engine.regionSummary({ gids: [longest.gid] })
    expect(await rows('regions-groups').count()).toBe(mine.groups.length)
    expect(mine.groups.map((g) => g.type)).toEqual(['item.lock', 'item.process'])
    expect(problems).toEqual([])
  })

  it('lists task types and tasks with their goroutines, regions and logs', async () => {
    const summary = await engine.taskSummary()
    await page.getByTestId('open-tasks').click()
    await ready('tasks').waitFor()
    expect(await rows('tasks-groups').count()).toBe(summary.groups.length)
    await rows('tasks-groups').filter({ hasText: 'main' }).click()
    const main = summary.groups.find((g) => g.type === 'main')!.instances[0]!
    const cells = await rows('tasks-instances').first().locator('td').allTextContents()
    // Task, parent, goroutines, regions, logs, then times.
    expect(cells.slice(0, 5)).toEqual([
      String(main.id),
      '–',
      String(main.gids.length),
      String(main.regions.length),
      String(main.logs.length),
    ])
    await rows('tasks-instances').first().click()
    await hook(page, 'idle()')
    const v = await hook<{ startNs: number; endNs: number }>(page, 'view()')
    expect(v.startNs).toBeLessThan(main.startNs!)
    expect(v.endNs).toBeGreaterThan(main.endNs!)
    expect(await page.getByTestId('details').textContent()).toContain('Task ID')
    expect(problems).toEqual([])
  })

  it('draws the MMU curve, reads it under the cursor and recomputes with other flags', async () => {
    const want = await engine.mmu({ stw: true, background: true, assist: true })
    await page.getByTestId('open-mmu').click()
    await ready('mmu').waitFor()
    const plot = page.getByTestId('mmu-plot')
    expect(await plot.getAttribute('data-points')).toBe(String(want.curve.points.length))
    expect(want.curve.points.length).toBe(100)
    // The curve is drawn in the accent colour (dark theme: #7fb4ff).
    const accent = await page.evaluate<number>(`(() => {
      const c = document.querySelector('[data-testid="mmu-plot"]')
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 127) < 30 && Math.abs(d[i + 1] - 180) < 30 && d[i + 2] > 220) n++
      }
      return n
    })()`)
    expect(accent).toBeGreaterThan(100)
    expect(await rows('mmu-windows').count()).toBe(want.atWindows!.length)
    const box = (await plot.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
    expect(await page.getByTestId('mmu-readout').textContent()).toMatch(/window: MMU [01]\.\d{3}/)
    await page.getByTestId('mmu-flag-sweep').check()
    await page.getByTestId('mmu-mode').selectOption('perproc')
    await ready('mmu').waitFor()
    expect(
      JSON.parse((await page.getByTestId('mmu-panel').getAttribute('data-flags'))!),
    ).toMatchObject({ sweep: true, perProc: true, stw: true })
    expect(await page.getByTestId('mmu-error').isVisible()).toBe(false)
    expect(problems).toEqual([])
  })
})
