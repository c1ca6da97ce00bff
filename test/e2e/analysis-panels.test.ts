import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi, RegionInstance } from '../../common/engine-api.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { formatDurationNs } from '../../renderer/src/timeline/time-format.ts'
import { launchChromium, openViewer } from './browser.ts'
import { startGotraceWeb, type RunningWeb } from './gotrace-web.ts'

const TRACE = fileURLToPath(new URL('../fixtures/traces/annotations-go1.26.trace', import.meta.url))
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url))

interface View {
  startNs: number
  endNs: number
}

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

  /** The details panel as a user reads it: its title and its fields by name. */
  async function details(): Promise<{ title: string; fields: Record<string, string> }> {
    return page.evaluate(`(() => {
      const d = document.querySelector('[data-testid="details"]')
      if (d === null || d.hidden) return { title: '', fields: {} }
      const fields = {}
      for (const dt of d.querySelectorAll('dt')) fields[dt.textContent] = dt.nextElementSibling.textContent
      return { title: d.querySelector('[data-testid="details-title"]').textContent, fields }
    })()`)
  }

  /** What a user must see once `r` of type `type` is selected: its details, in the view. */
  async function expectRegionShown(type: string, r: RegionInstance): Promise<View> {
    const ms = (ns: number) => `${(ns / 1e6).toFixed(6)} ms`
    const d = await details()
    expect(d.title).toBe(type)
    expect(d.fields).toMatchObject({
      Kind: 'Region',
      Goroutine: `G${r.gid}`,
      Start: ms(r.startNs!),
      End: ms(r.endNs!),
      Duration: formatDurationNs(r.durationNs),
    })
    expect(await hook(page, 'selected()')).toEqual({
      trackKey: `regions:${r.gid}`,
      id: r.id,
      startNs: r.startNs,
      endNs: r.endNs,
    })
    const v = await hook<View>(page, 'view()')
    expect(v.startNs).toBeLessThan(r.startNs!)
    expect(v.endNs).toBeGreaterThan(r.endNs!)
    return v
  }

  it('lists region types; a type lists its instances; an instance is selected on the timeline', async () => {
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
    const whole = await hook<View>(page, 'view()')
    await rows('regions-instances').first().click()
    await hook(page, 'idle()')
    // The whole trace shows it well enough: the zoom stays.
    expect(await expectRegionShown('item.lock', longest)).toEqual(whole)
    // The store's details follow: its task, the task's parents, the region it is in.
    const more = (await engine.rangeDetails({ kind: 'region', id: longest.id! }))!
    expect(more.kind === 'region' && more.task).toEqual({ id: longest.taskId, type: 'item' })
    await page.locator('[data-testid="details"] dt', { hasText: /^Task$/ }).waitFor()
    expect((await details()).fields).toMatchObject({
      Task: `T${longest.taskId} item`,
      'Parent tasks': more.parentTasks.map((t) => `T${t.id} ${t.type}`).join(' › '),
      Inside: 'item.process',
      Logs: '0',
    })
    await mkdir(RESULTS_DIR, { recursive: true })
    await writeFile(join(RESULTS_DIR, 'region-selected.png'), await page.screenshot())

    // Zoomed in elsewhere, its group collapsed: the view moves to it, the group opens, and Back
    // returns.
    const group = 'fn:main.main.func4'
    const header = page.locator(`[data-testid="track-group"][data-key="${group}"]`)
    await hook(page, `locate('${group}', 0)`)
    await header.click()
    await page.locator(`[data-key="${group}"][aria-expanded="false"]`).waitFor()
    const elsewhere = { startNs: 100_000, endNs: 140_000 }
    await hook(page, `setView(${elsewhere.startNs}, ${elsewhere.endNs})`)
    await rows('regions-instances').nth(1).click()
    await hook(page, 'idle()')
    const second = [...lock.instances].sort((a, b) => b.durationNs - a.durationNs)[1]!
    const zoomed = await expectRegionShown('item.lock', second)
    expect(await header.getAttribute('aria-expanded')).toBe('true')
    expect(zoomed.endNs - zoomed.startNs).toBeLessThan(1.2 * second.durationNs)
    await writeFile(join(RESULTS_DIR, 'region-selected-zoomed.png'), await page.screenshot())
    await page.keyboard.press('[')
    await hook(page, 'idle()')
    expect(await hook<View>(page, 'view()')).toEqual(elsewhere)
    await page.keyboard.press(']')
    await hook(page, 'idle()')
    expect(await hook<View>(page, 'view()')).toEqual(zoomed)

    // The selected goroutine as scope: its regions only.
    await page.getByTestId('regions-scope').selectOption('goroutine')
    await ready('regions').waitFor()
    const mine = await engine.regionSummary({ gids: [second.gid] })
    expect(await rows('regions-groups').count()).toBe(mine.groups.length)
    expect(mine.groups.map((g) => g.type)).toEqual(['item.lock', 'item.process'])
    expect(problems).toEqual([])
  })

  it('selects a region found by search on the timeline', async () => {
    const [hit] = await engine.search('item.lock')
    expect(hit).toMatchObject({ kind: 'region' })
    const lock = (await engine.regionSummary({ type: 'item.lock' })).groups[0]!
    const found = lock.instances.find((r) => r.id === hit!.id)!
    const input = page.getByTestId('search-input')
    await input.fill('item.lock')
    await input.press('Enter')
    await hook(page, 'idle()')
    await expectRegionShown('item.lock', found)

    // Its enclosing item.process holds its goroutine's log: "index=N" in category "item".
    const [outer] = await engine.search('item.process')
    const want = (await engine.rangeDetails({ kind: 'region', id: outer!.id }))!
    expect(want.logs.map((l) => l.message)).toEqual([expect.stringMatching(/^index=[0-2]$/)])
    await input.fill('item.process')
    await input.press('Enter')
    await hook(page, 'idle()')
    const logs = page.getByTestId('details-logs')
    await logs.waitFor()
    expect(await logs.textContent()).toContain(`[item] ${want.logs[0]!.message}`)
    const d = await details()
    expect(d.title).toBe('item.process')
    expect(d.fields).toMatchObject({
      Task: `T${want.kind === 'region' && want.task!.id} item`,
      Logs: '1',
    })
    expect(d.fields['Inside']).toBeUndefined()
    await logs.scrollIntoViewIfNeeded()
    await writeFile(join(RESULTS_DIR, 'region-details-logs.png'), await page.screenshot())
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
    await page.locator('[data-testid="details"] dt', { hasText: /^Goroutines$/ }).waitFor()
    expect((await details()).fields).toMatchObject({
      Goroutines: String(main.gids.length),
      Regions: String(main.regions.length),
      Logs: String(main.logs.length),
    })
    expect(await page.getByTestId('details-logs').textContent()).toContain('setup 1')
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
