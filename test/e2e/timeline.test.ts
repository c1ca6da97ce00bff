import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi, TrackList } from '../../common/engine-api.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { launchChromium } from './browser.ts'
import { diffPngs } from './image-diff.ts'
import { startGotraceWeb, type RunningWeb } from './gotrace-web.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FIXTURES = join(ROOT, 'test/fixtures/traces')
const REFERENCE_DIR = join(ROOT, 'test/e2e/reference')
const RESULTS_DIR = join(ROOT, 'test-results')
const VIEWPORT = { width: 1200, height: 760 }

interface View {
  startNs: number
  endNs: number
}

/** Calls the page's test hooks (window.__gotrace, see renderer/src/timeline/test-hooks.ts). */
function hook<T>(page: Page, call: string): Promise<T> {
  return page.evaluate<T>(`window.__gotrace.${call}`)
}

/** One trace served by `gotrace web`, a Chromium page on it, and the engine's own view of it. */
interface Session {
  server: RunningWeb
  page: Page
  engine: EngineApi
  tracks: TrackList
  problems: string[]
}

async function openSession(browser: Browser, trace: string, cacheDir: string): Promise<Session> {
  const tracePath = join(FIXTURES, trace)
  const server = await startGotraceWeb([tracePath, '--port', '0'], { GOTRACE_CACHE_DIR: cacheDir })
  const engine = createEngine({ tracePath, cacheDir })
  const tracks = await engine.tracks()
  const page = await browser.newPage({
    viewport: VIEWPORT,
    colorScheme: 'dark',
    deviceScaleFactor: 1,
  })
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text())
  })
  page.on('pageerror', (err) => problems.push(err.message))
  await page.goto(server.url)
  await page.waitForFunction('window.__gotrace !== undefined')
  await hook(page, 'ready')
  return { server, page, engine, tracks, problems }
}

/** The groups the timeline should show: one per user start function, one for system goroutines. */
function expectedGoroutineGroups(tracks: TrackList): number {
  const user = new Set(
    tracks.goroutines.filter((g) => !g.isSystem).map((g) => g.name || '(unknown)'),
  )
  return user.size + (tracks.goroutines.some((g) => g.isSystem) ? 1 : 0)
}

describe('timeline: gc-go1.26.trace in Chromium', () => {
  let cacheDir: string
  let browser: Browser
  let s: Session

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gotrace-e2e-cache-'))
    browser = await launchChromium()
    s = await openSession(browser, 'gc-go1.26.trace', cacheDir)
  })

  afterAll(async () => {
    await browser?.close()
    if (s !== undefined) expect(await s.server.stop()).toBe(0)
    await rm(cacheDir, { recursive: true, force: true })
  })

  it('shows one track per P and one group per start function, as the engine lists them', async () => {
    const counts = await hook<{ procs: number; goroutines: number; goroutineGroups: number }>(
      s.page,
      'trackCounts()',
    )
    expect(s.tracks.procs.length).toBeGreaterThan(0)
    expect(counts).toEqual({
      procs: s.tracks.procs.length,
      goroutines: s.tracks.goroutines.length,
      goroutineGroups: expectedGoroutineGroups(s.tracks),
    })
    // The P tracks are on screen at the start, with their names in the gutter.
    const procLabels = await s.page.getByTestId('track-proc').allTextContents()
    expect(procLabels).toEqual(s.tracks.procs.map((p) => `P${p.id}`))
    const groups = await s.page.getByTestId('track-group').allTextContents()
    expect(groups.some((g) => g.startsWith('▾main.main'))).toBe(true)
    expect(groups.some((g) => g.startsWith('▸System goroutines'))).toBe(true)
    expect(await s.page.getByTestId('open-progress').count()).toBe(0)
  })

  it('shows a tooltip naming the goroutine of a hovered P span, and details on click', async () => {
    // The widest running span on any P at the fit resolution, according to the engine.
    const view = await hook<View>(s.page, 'view()')
    const widthPx = VIEWPORT.width - 220
    const result = await s.engine.viewport({
      ...view,
      nsPerPx: (view.endNs - view.startNs) / widthPx,
      spans: s.tracks.procs.map((p) => ({ kind: 'proc' as const, id: p.id })),
      counters: [],
    })
    let best = { proc: -1, gid: -1, startNs: 0, endNs: 0 }
    result.spans.forEach((b, p) => {
      for (let i = 0; i < b.startNs.length; i++) {
        if (b.code[i] !== 3) continue
        if (b.endNs[i]! - b.startNs[i]! > best.endNs - best.startNs) {
          best = {
            proc: s.tracks.procs[p]!.id,
            gid: b.id[i]!,
            startNs: b.startNs[i]!,
            endNs: b.endNs[i]!,
          }
        }
      }
    })
    expect(best.gid).toBeGreaterThan(0)
    const name = s.tracks.goroutines.find((g) => g.id === best.gid)!.name
    const mid = (best.startNs + best.endNs) / 2
    const at = await hook<{ x: number; y: number } | null>(
      s.page,
      `locate(${JSON.stringify(`proc:${best.proc}`)}, ${mid})`,
    )
    expect(at).not.toBeNull()
    await s.page.mouse.move(at!.x, at!.y)
    const tooltip = s.page.getByTestId('tooltip')
    await tooltip.waitFor({ state: 'visible' })
    expect(await tooltip.textContent()).toContain(`G${best.gid} ${name}`)

    await s.page.mouse.click(at!.x, at!.y)
    const details = s.page.getByTestId('details')
    await details.waitFor({ state: 'visible' })
    expect(await details.textContent()).toContain(`G${best.gid}`)
    await s.page.keyboard.press('Escape')
    await details.waitFor({ state: 'hidden' })
  })

  it('zooms with the wheel around the cursor and with W, pans with D, fits with Home', async () => {
    await hook(s.page, 'idle()')
    const fit = await hook<View>(s.page, 'view()')
    const box = (await s.page.getByTestId('tracks-scroll').boundingBox())!
    const trackW =
      (await s.page.evaluate<number>(
        `document.querySelector('[data-testid="tracks-scroll"]').clientWidth`,
      )) - 220
    const x = box.x + 220 + trackW * 0.25
    await s.page.mouse.move(x, box.y + 40)
    const timeAt = (v: View) => v.startNs + ((x - box.x - 220) / trackW) * (v.endNs - v.startNs)
    await s.page.mouse.wheel(0, -400)
    await hook(s.page, 'idle()')
    const zoomed = await hook<View>(s.page, 'view()')
    expect(zoomed.endNs - zoomed.startNs).toBeLessThan((fit.endNs - fit.startNs) * 0.7)
    // The time under the cursor stays put (within a few pixels' worth).
    const fitNsPerPx = (fit.endNs - fit.startNs) / trackW
    expect(Math.abs(timeAt(zoomed) - timeAt(fit))).toBeLessThan(fitNsPerPx * 20)

    await s.page.keyboard.press('w')
    await hook(s.page, 'idle()')
    const zoomedMore = await hook<View>(s.page, 'view()')
    expect(zoomedMore.endNs - zoomedMore.startNs).toBeLessThan(zoomed.endNs - zoomed.startNs)

    await s.page.keyboard.press('d')
    await hook(s.page, 'idle()')
    const panned = await hook<View>(s.page, 'view()')
    expect(panned.startNs).toBeGreaterThan(zoomedMore.startNs)
    expect(panned.endNs - panned.startNs).toBeCloseTo(zoomedMore.endNs - zoomedMore.startNs, 0)

    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
    expect(await hook<View>(s.page, 'view()')).toEqual(fit)
  })

  it('reuses fetched data while panning inside the padded window', async () => {
    const fit = await hook<View>(s.page, 'view()')
    const span = (fit.endNs - fit.startNs) / 8
    await hook(s.page, `setView(${fit.startNs + span}, ${fit.startNs + 2 * span})`)
    const before = await hook<{ requests: number }>(s.page, 'stats()')
    // A small pan at the same zoom stays inside the padded, snapped window: no new request.
    await hook(s.page, `setView(${fit.startNs + span * 1.1}, ${fit.startNs + 2.1 * span})`)
    expect((await hook<{ requests: number }>(s.page, 'stats()')).requests).toBe(before.requests)
    await hook(s.page, `setView(${fit.startNs}, ${fit.endNs})`)
  })

  it('redraws after the WebGL context is lost and restored', async () => {
    const before = await hook<{ contextRestores: number; frames: number }>(s.page, 'stats()')
    await hook(s.page, 'loseContext()')
    const after = await hook<{ contextRestores: number; frames: number }>(s.page, 'stats()')
    expect(after.contextRestores).toBe(before.contextRestores + 1)
    expect(after.frames).toBeGreaterThan(before.frames)
  })

  it('looks like the reference screenshot (loose tolerance for software WebGL)', async () => {
    await s.page.keyboard.press('Home')
    await s.page.mouse.move(5, VIEWPORT.height - 5)
    await hook(s.page, 'idle()')
    const shot = await s.page.screenshot()
    await mkdir(RESULTS_DIR, { recursive: true })
    await writeFile(join(RESULTS_DIR, 'timeline-gc-go1.26.png'), shot)
    const reference = join(REFERENCE_DIR, 'timeline-gc-go1.26.png')
    if (process.env['GOTRACE_UPDATE_REFERENCE'] === '1' || !existsSync(reference)) {
      await writeFile(reference, shot)
      console.warn(`wrote a new reference screenshot: ${reference}`)
      return
    }
    const diff = await diffPngs(browser, shot, await readFile(reference))
    expect(diff.width).toBe(VIEWPORT.width)
    expect(diff.differingFraction).toBeLessThan(0.03)
    expect(s.problems).toEqual([])
  })
})

describe('timeline: annotations-go1.26.trace in Chromium', () => {
  let cacheDir: string
  let browser: Browser
  let s: Session

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'gotrace-e2e-cache-'))
    browser = await launchChromium()
    s = await openSession(browser, 'annotations-go1.26.trace', cacheDir)
  })

  afterAll(async () => {
    await browser?.close()
    if (s !== undefined) expect(await s.server.stop()).toBe(0)
    await rm(cacheDir, { recursive: true, force: true })
  })

  it('shows the tracks the engine lists, and expanding a group adds its goroutines', async () => {
    const counts = await hook<{ procs: number; goroutines: number; goroutineGroups: number }>(
      s.page,
      'trackCounts()',
    )
    expect(counts).toEqual({
      procs: s.tracks.procs.length,
      goroutines: s.tracks.goroutines.length,
      goroutineGroups: expectedGoroutineGroups(s.tracks),
    })
    const system = s.tracks.goroutines.filter((g) => g.isSystem).length
    expect(system).toBeGreaterThan(0)
    const header = s.page.locator('[data-testid="track-group"][data-key="fn:(system)"]')
    // Rows are virtualized: scroll the group into view first.
    await hook(s.page, `locate('fn:(system)', 0)`)
    expect(await header.textContent()).toBe(`▸System goroutines${system}`)
    const rowsBefore = await s.page.getByTestId('track-goroutine').count()
    await header.click()
    await hook(s.page, 'idle()')
    await s.page
      .locator('[data-testid="track-group"][data-key="fn:(system)"][aria-expanded="true"]')
      .waitFor()
    expect(await s.page.getByTestId('track-goroutine').count()).toBeGreaterThan(rowsBefore)
    expect(s.problems).toEqual([])
  })

  it('shows the shortcut help on ?', async () => {
    const help = s.page.getByTestId('help')
    expect(await help.isVisible()).toBe(false)
    await s.page.keyboard.press('?')
    await help.waitFor({ state: 'visible' })
    expect(await help.textContent()).toContain('Fit the whole trace')
    await s.page.keyboard.press('?')
    await help.waitFor({ state: 'hidden' })
  })
})
