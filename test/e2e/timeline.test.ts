import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { Profile as PprofProfile } from 'pprof-format'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi, TrackList } from '../../common/engine-api.ts'
import { createEngine } from '../../main/engine/engine.ts'
import { launchChromium, openViewer } from './browser.ts'
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
  const { page, problems } = await openViewer(browser, server.url, VIEWPORT)
  await hook(page, 'ready')
  return { server, page, engine, tracks, problems }
}

/** A fresh cache folder, Chromium, and a session on `trace` in it (a describe's beforeAll). */
async function startSession(
  trace: string,
): Promise<{ cacheDir: string; browser: Browser; s: Session }> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'gotrace-e2e-cache-'))
  const browser = await launchChromium()
  return { cacheDir, browser, s: await openSession(browser, trace, cacheDir) }
}

/** Closes what startSession opened; the server must exit cleanly. */
async function endSession(browser: Browser | undefined, s: Session | undefined, cacheDir: string) {
  await browser?.close()
  if (s !== undefined) expect(await s.server.stop()).toBe(0)
  await rm(cacheDir, { recursive: true, force: true })
}

interface RangeData {
  startNs: number[]
  endNs: number[]
  code: number[]
  depth: number[]
  count: number[]
  names: string[]
}

/** Ranges of one range track over the whole trace at 1 ns/px, from the engine. */
async function engineRanges(
  s: Session,
  query: { kind: 'gc' } | { kind: 'tasks' } | { kind: 'regions'; gid: number },
): Promise<{ startNs: number; endNs: number; code: number; depth: number; name: string }[]> {
  const r = await s.engine.viewport({
    startNs: 0,
    endNs: s.tracks.durationNs,
    nsPerPx: 1,
    spans: [],
    counters: [],
    ranges: [query],
  })
  const b = r.ranges[0]!
  return [...b.startNs].map((startNs, i) => ({
    startNs,
    endNs: b.endNs[i]!,
    code: b.code[i]!,
    depth: b.depth[i]!,
    name: r.strings[b.nameId[i]!] ?? '',
  }))
}

/** Hovers `timeNs` on a track, `dy` css px from its top (undefined: the middle); the tooltip's text. */
async function hoverText(s: Session, key: string, timeNs: number, dy?: number): Promise<string> {
  const at = await hook<{ x: number; y: number } | null>(
    s.page,
    `locate(${JSON.stringify(key)}, ${timeNs})`,
  )
  expect(at).not.toBeNull()
  let y = at!.y
  if (dy !== undefined) {
    const h = await hook<number>(s.page, `rowHeight(${JSON.stringify(key)})`)
    y = at!.y - h / 2 + dy
  }
  await s.page.mouse.move(at!.x, y)
  const tooltip = s.page.getByTestId('tooltip')
  await tooltip.waitFor({ state: 'visible' })
  return (await tooltip.textContent()) ?? ''
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
    ;({ cacheDir, browser, s } = await startSession('gc-go1.26.trace'))
  })
  afterAll(() => endSession(browser, s, cacheDir))

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
    expect(groups.some((g) => g.startsWith('▾GC & tasks'))).toBe(true)
    expect(groups.some((g) => g.startsWith('▾main.main'))).toBe(true)
    // Rows are virtualized: scroll down to the system goroutines' group first.
    await hook(s.page, `locate('fn:(system)', 0)`)
    const lower = await s.page.getByTestId('track-group').allTextContents()
    expect(lower.some((g) => g.startsWith('▸System goroutines'))).toBe(true)
    await s.page.evaluate(`document.querySelector('[data-testid="tracks-scroll"]').scrollTop = 0`)
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

  it('shows every stop-the-world pause the engine returns on the GC track, with tooltips', async () => {
    const gc = await engineRanges(s, { kind: 'gc' })
    const stw = gc.filter((r) => r.code === 4)
    expect(stw.length).toBeGreaterThan(0)
    expect(gc.some((r) => r.code === 1)).toBe(true)
    let found = 0
    for (const p of stw) {
      // Zoomed in around each pause, the page's GC data holds it unmerged.
      const pad = Math.max(2_000, (p.endNs - p.startNs) * 2)
      await hook(s.page, `setView(${p.startNs - pad}, ${p.endNs + pad})`)
      const d = await hook<RangeData>(s.page, `rangeData('gc')`)
      const i = d.startNs.findIndex(
        (t, j) => t === p.startNs && d.endNs[j] === p.endNs && d.code[j] === 4,
      )
      if (i >= 0 && d.count[i] === 1 && d.names[i] === p.name) found++
    }
    expect(found).toBe(stw.length)
    // The longest mark termination pause: its tooltip names it.
    const term = stw
      .filter((p) => p.name.includes('mark termination'))
      .sort((a, b) => b.endNs - b.startNs - (a.endNs - a.startNs))[0]!
    await hook(s.page, `setView(${term.startNs - 1000}, ${term.endNs + 1000})`)
    const text = await hoverText(s, 'gc', (term.startNs + term.endNs) / 2)
    expect(text).toContain(term.name)
    expect(text).toContain('Duration')
    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
  })

  it('searches "main.main": Enter selects G1 and zooms to it; a goroutine ID zooms in', async () => {
    const [hit] = await s.engine.search('main.main')
    expect(hit?.gid).toBe(1)
    const input = s.page.getByTestId('search-input')
    await s.page.keyboard.press('/')
    expect(
      await s.page.evaluate<boolean>(`document.activeElement?.dataset.testid === 'search-input'`),
    ).toBe(true)
    await input.fill('main.main')
    await input.press('Enter')
    await hook(s.page, 'idle()')
    expect(await hook<string>(s.page, 'selectedTrack()')).toBe('goroutine:1')
    const view = await hook<View>(s.page, 'view()')
    expect(view.startNs).toBeLessThanOrEqual(hit!.startNs)
    expect(view.endNs).toBeGreaterThanOrEqual(hit!.endNs)
    expect(view.endNs - view.startNs).toBeLessThanOrEqual((hit!.endNs - hit!.startNs) * 1.11 + 1000)
    expect(await s.page.getByTestId('details-title').textContent()).toContain('G1')

    // A short-lived goroutine by ID: the view narrows to its lifetime.
    const short = s.tracks.goroutines
      .filter((g) => !g.isSystem && g.createdNs !== null && g.endNs !== null)
      .sort((a, b) => a.endNs! - a.createdNs! - (b.endNs! - b.createdNs!))[0]!
    const [gHit] = await s.engine.search(`G${short.id}`)
    expect(gHit?.gid).toBe(short.id)
    await s.page.keyboard.press('Control+f')
    await input.fill(`G${short.id}`)
    await input.press('Enter')
    await hook(s.page, 'idle()')
    expect(await hook<string>(s.page, 'selectedTrack()')).toBe(`goroutine:${short.id}`)
    const narrow = await hook<View>(s.page, 'view()')
    expect(narrow.startNs).toBeLessThanOrEqual(gHit!.startNs)
    expect(narrow.endNs).toBeGreaterThanOrEqual(gHit!.endNs)
    expect(narrow.endNs - narrow.startNs).toBeLessThan(view.endNs - view.startNs)
    // Back and forward between the two jumps.
    await s.page.keyboard.press('[')
    await hook(s.page, 'idle()')
    expect(await hook<View>(s.page, 'view()')).toEqual(view)
    await s.page.keyboard.press(']')
    await hook(s.page, 'idle()')
    expect(await hook<View>(s.page, 'view()')).toEqual(narrow)
    await s.page.keyboard.press('Escape')
    await input.fill('')
    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
  })

  it('zooms to a span on double-click', async () => {
    const fit = await hook<View>(s.page, 'view()')
    const at = await hook<{ x: number; y: number }>(
      s.page,
      `locate('goroutine:1', ${(fit.startNs + fit.endNs) / 2})`,
    )
    await s.page.mouse.dblclick(at.x, at.y)
    await hook(s.page, 'idle()')
    const zoomed = await hook<View>(s.page, 'view()')
    expect(zoomed.endNs - zoomed.startNs).toBeLessThan(fit.endNs - fit.startNs)
    await s.page.keyboard.press('Escape')
    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
  })

  it("shows a goroutine span's stacks and where it ran in its details", async () => {
    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
    const fit = await hook<View>(s.page, 'view()')
    // A span of G1 that the store knows, at the middle of the view.
    const mid = (fit.startNs + fit.endNs) / 2
    const expected = await s.engine.goroutineSpan(1, mid)
    expect(expected).toBeDefined()
    const at = await hook<{ x: number; y: number }>(s.page, `locate('goroutine:1', ${mid})`)
    await s.page.mouse.click(at.x, at.y)
    const stack = s.page.getByTestId('details-stack').first()
    await stack.waitFor({ state: 'visible' })
    const frames = [...(expected!.startStack ?? []), ...(expected!.endStack ?? [])]
    expect(frames.length).toBeGreaterThan(0)
    expect(await s.page.getByTestId('details').textContent()).toContain(frames[0]!.func)
    await s.page.keyboard.press('Escape')
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
    ;({ cacheDir, browser, s } = await startSession('annotations-go1.26.trace'))
  })
  afterAll(() => endSession(browser, s, cacheDir))

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

  it("shows a goroutine's regions under it and the tasks band, with tooltips", async () => {
    const tasks = await engineRanges(s, { kind: 'tasks' })
    expect(tasks.length).toBeGreaterThan(0)
    const taskDepth = Math.max(...tasks.map((t) => t.depth))
    expect(await hook<number>(s.page, `rowHeight('tasks')`)).toBe((taskDepth + 1) * 16 + 1)
    // The goroutine with the most regions; its longest outermost region.
    let best: { gid: number; regions: Awaited<ReturnType<typeof engineRanges>> } | undefined
    for (const g of s.tracks.goroutines) {
      const regions = await engineRanges(s, { kind: 'regions', gid: g.id })
      if (regions.length > (best?.regions.length ?? 0)) best = { gid: g.id, regions }
    }
    expect(best).toBeDefined()
    const depth = Math.max(...best!.regions.map((r) => r.depth))
    const key = `regions:${best!.gid}`
    await hook(s.page, `locate(${JSON.stringify(key)}, 0)`)
    expect(await hook<number>(s.page, `rowHeight(${JSON.stringify(key)})`)).toBe(
      (depth + 1) * 16 + 1,
    )
    const region = best!.regions
      .filter((r) => r.depth === 0)
      .sort((a, b) => b.endNs - b.startNs - (a.endNs - a.startNs))[0]!
    await hook(s.page, `setView(${region.startNs}, ${region.endNs})`)
    const text = await hoverText(s, key, (region.startNs + region.endNs) / 2, 8)
    expect(text).toContain(region.name)
    expect(text).toContain(`G${best!.gid}`)
    // Goroutines without regions get no band.
    const without = s.tracks.goroutines.find((g) => !g.isSystem && g.id !== best!.gid)
    if (without !== undefined) {
      const none = await engineRanges(s, { kind: 'regions', gid: without.id })
      if (none.length === 0) {
        await hook(s.page, `locate('goroutine:${without.id}', 0)`)
        expect(await hook<number>(s.page, `rowHeight('regions:${without.id}')`)).toBe(0)
      }
    }
    // A task: the tooltip names its type; clicking it shows its details.
    const task = tasks
      .filter((t) => t.depth === 0)
      .sort((a, b) => b.endNs - b.startNs - (a.endNs - a.startNs))[0]!
    await hook(s.page, `setView(${task.startNs}, ${task.endNs})`)
    const tText = await hoverText(s, 'tasks', (task.startNs + task.endNs) / 2, 8)
    expect(tText).toContain(task.name)
    const at = await hook<{ x: number; y: number }>(
      s.page,
      `locate('tasks', ${(task.startNs + task.endNs) / 2})`,
    )
    const h = await hook<number>(s.page, `rowHeight('tasks')`)
    await s.page.mouse.click(at.x, at.y - h / 2 + 8)
    await s.page.getByTestId('details').waitFor({ state: 'visible' })
    expect(await s.page.getByTestId('details').textContent()).toContain('Task ID')
    await s.page.keyboard.press('Escape')
    await s.page.keyboard.press('Home')
    await hook(s.page, 'idle()')
    expect(s.problems).toEqual([])
  })

  it('shows the goroutine analysis; a row expands its group', async () => {
    const summary = await s.engine.goroutineSummary()
    await s.page.getByTestId('open-goroutines').click()
    const rows = s.page.locator('[data-testid="goroutine-panel"] tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(summary.groups.length)
    const group = summary.groups.find(
      (g) => g.name !== '' && s.tracks.goroutines.some((t) => !t.isSystem && t.name === g.name),
    )!
    await s.page
      .locator('[data-testid="goroutine-panel"] tbody tr', { hasText: group.name })
      .first()
      .click()
    await hook(s.page, 'idle()')
    await s.page
      .locator(
        `[data-testid="track-group"][data-key=${JSON.stringify(`fn:${group.name}`)}][aria-expanded="true"]`,
      )
      .waitFor()
    await s.page.getByTestId('bottom-close').click()
    await hook(s.page, 'idle()')
  })

  it('looks right with GC, tasks and regions (saved for the docs)', async () => {
    await s.page.keyboard.press('Home')
    await s.page.evaluate(`document.querySelector('[data-testid="tracks-scroll"]').scrollTop = 0`)
    await s.page.mouse.move(5, VIEWPORT.height - 5)
    await hook(s.page, 'idle()')
    await mkdir(RESULTS_DIR, { recursive: true })
    await writeFile(join(RESULTS_DIR, 'timeline-annotations-go1.26.png'), await s.page.screenshot())
    // The docs' picture (docs/screenshot.png): counters folded, a task selected, a region
    // hovered, the profile panel open.
    await s.page.setViewportSize({ width: 1400, height: 860 })
    await s.page.locator('[data-testid="track-group"][data-key="counters"]').click()
    await s.page.getByTestId('open-profile').click()
    await hook(s.page, 'profileSettled()')
    const tasks = await engineRanges(s, { kind: 'tasks' })
    const task = tasks.find((t) => t.depth === 1) ?? tasks[0]!
    const h = await hook<number>(s.page, `rowHeight('tasks')`)
    const at = await hook<{ x: number; y: number }>(
      s.page,
      `locate('tasks', ${(task.startNs + task.endNs) / 2})`,
    )
    await s.page.mouse.click(at.x, at.y - h / 2 + 8 + task.depth * 16)
    const regions = await engineRanges(s, { kind: 'regions', gid: 1 })
    const region = regions.find((r) => r.depth === 1) ?? regions[0]
    if (region !== undefined) {
      await hoverText(s, 'regions:1', (region.startNs + region.endNs) / 2, 8 + region.depth * 16)
    }
    await hook(s.page, 'idle()')
    await writeFile(join(RESULTS_DIR, 'docs-screenshot.png'), await s.page.screenshot())
    await s.page.getByTestId('bottom-close').click()
    await s.page.locator('[data-testid="track-group"][data-key="counters"]').click()
    await s.page.keyboard.press('Escape')
    await s.page.mouse.move(5, 5)
    await s.page.setViewportSize(VIEWPORT)
    await hook(s.page, 'idle()')
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

describe('timeline: blocking-go1.26.trace profiles in Chromium', () => {
  let cacheDir: string
  let browser: Browser
  let s: Session

  beforeAll(async () => {
    ;({ cacheDir, browser, s } = await startSession('blocking-go1.26.trace'))
  })
  afterAll(() => endSession(browser, s, cacheDir))

  it('profiles a Shift+dragged range like the engine does, and exports folded stacks', async () => {
    const box = (await s.page.getByTestId('tracks-scroll').boundingBox())!
    const trackW =
      (await s.page.evaluate<number>(
        `document.querySelector('[data-testid="tracks-scroll"]').clientWidth`,
      )) - 220
    const y = box.y + 60
    await s.page.keyboard.down('Shift')
    await s.page.mouse.move(box.x + 220 + trackW * 0.2, y)
    await s.page.mouse.down()
    await s.page.mouse.move(box.x + 220 + trackW * 0.5, y, { steps: 5 })
    await s.page.mouse.move(box.x + 220 + trackW * 0.8, y, { steps: 5 })
    await s.page.mouse.up()
    await s.page.keyboard.up('Shift')
    const range = await hook<{ startNs: number; endNs: number }>(s.page, 'timeRange()')
    expect(range.endNs - range.startNs).toBeGreaterThan(s.tracks.durationNs * 0.5)
    // Dragging selected a range; it did not pan.
    const view = await hook<View>(s.page, 'view()')
    expect(view.startNs).toBeLessThan(0)

    await s.page.getByTestId('open-profile').click()
    await s.page.getByTestId('profile-type').selectOption('sched')
    expect(await s.page.getByTestId('profile-scope').inputValue()).toBe('range')
    await hook(s.page, 'profileSettled()')
    const expected = await s.engine.profile('sched', { fromNs: range.startNs, toNs: range.endNs })
    expect(expected.totalDelayNs).toBeGreaterThan(0)
    const summary = s.page.getByTestId('profile-summary')
    expect(Number(await summary.getAttribute('data-total-delay-ns'))).toBe(expected.totalDelayNs)
    expect(await s.page.locator('[data-testid="profile-panel"] tbody tr').count()).toBeGreaterThan(
      0,
    )

    // The whole trace gives the engine's whole-trace profile.
    await s.page.getByTestId('profile-scope').selectOption('all')
    await hook(s.page, 'profileSettled()')
    const whole = await s.engine.profile('sched', {})
    expect(Number(await summary.getAttribute('data-total-delay-ns'))).toBe(whole.totalDelayNs)
    await s.page.getByTestId('profile-scope').selectOption('range')
    await hook(s.page, 'profileSettled()')

    // Folded stacks: one line per distinct function stack, its delay last; the delays add up.
    const [folded] = await Promise.all([
      s.page.waitForEvent('download'),
      s.page.getByTestId('profile-export-folded').click(),
    ])
    expect(folded.suggestedFilename()).toBe('sched.folded.txt')
    const text = await readFile(await folded.path(), 'utf8')
    const lines = text.trim().split('\n')
    expect(lines.length).toBeGreaterThan(0)
    const sum = lines.reduce((t, l) => t + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
    expect(sum).toBe(expected.totalDelayNs)
    expect(s.problems).toEqual([])
  })

  it('File > Export Profile… opens the profile panel at its export buttons', async () => {
    await s.page.getByTestId('bottom-close').click()
    expect(await s.page.getByTestId('profile-panel').isVisible()).toBe(false)
    // What desktop.ts dispatches for the menu item; the panel takes it (preventDefault).
    const taken = await s.page.evaluate(
      `!window.dispatchEvent(new CustomEvent('gotrace:export-profile', { cancelable: true }))`,
    )
    expect(taken).toBe(true)
    expect(await s.page.getByTestId('profile-panel').isVisible()).toBe(true)
    expect(await s.page.evaluate(`document.activeElement?.dataset.testid`)).toBe(
      'profile-export-pprof',
    )
  })

  it('exports the range profile as gzipped pprof', async () => {
    const range = await hook<{ startNs: number; endNs: number }>(s.page, 'timeRange()')
    const expected = await s.engine.profile('sched', { fromNs: range.startNs, toNs: range.endNs })
    const [download] = await Promise.all([
      s.page.waitForEvent('download', { timeout: 5_000 }),
      s.page.getByTestId('profile-export-pprof').click(),
    ])
    expect(download.suggestedFilename()).toBe('sched.pb.gz')
    const bytes = await readFile(await download.path())
    const decoded = PprofProfile.decode(gunzipSync(bytes))
    expect(decoded.sample.length).toBeGreaterThan(0)
    expect(decoded.sample.length).toBe(expected.samples.length)
  })
})

describe('timeline: flow arrows (blocking-go1.26) and CPU sample ticks (cpuprofile-go1.26)', () => {
  let cacheDir: string
  let browser: Browser
  let s: Session

  interface Flows {
    timeNs: number[]
    fromGid: number[]
    toGid: number[]
    kind: number[]
    arrows: { x: number; y0: number; y1: number; fromGid: number; toGid: number }[]
  }

  beforeAll(async () => {
    ;({ cacheDir, browser, s } = await startSession('blocking-go1.26.trace'))
  })
  afterAll(() => endSession(browser, s, cacheDir))

  /** Clicks the middle of a goroutine span and waits for its flows to load. */
  async function selectSpan(gid: number, startNs: number, endNs: number): Promise<Flows> {
    const at = await hook<{ x: number; y: number }>(
      s.page,
      `locate('goroutine:${gid}', ${(startNs + endNs) / 2})`,
    )
    await s.page.mouse.click(at.x, at.y)
    const flows = await hook<Flows | undefined>(s.page, 'flows()')
    expect(flows).toBeDefined()
    return flows!
  }

  it('draws an arrow from the waker to a woken span, and from a running span to those it woke', async () => {
    // The longest runnable span of a user goroutine that another user goroutine woke.
    const user = new Set(s.tracks.goroutines.filter((g) => !g.isSystem).map((g) => g.id))
    let woken: { gid: number; startNs: number; endNs: number; cause: number } | undefined
    for (const gid of user) {
      const r = await s.engine.viewport({
        startNs: 0,
        endNs: s.tracks.durationNs,
        nsPerPx: 1,
        spans: [{ kind: 'goroutine', id: gid }],
        counters: [],
      })
      const b = r.spans[0]!
      for (let i = 0; i < b.startNs.length; i++) {
        if (b.code[i] !== 2) continue
        const info = await s.engine.goroutineSpan(gid, (b.startNs[i]! + b.endNs[i]!) / 2)
        if (info === undefined || info.causeGid < 0 || !user.has(info.causeGid)) continue
        if (woken === undefined || info.endNs - info.startNs > woken.endNs - woken.startNs) {
          woken = { gid, startNs: info.startNs, endNs: info.endNs, cause: info.causeGid }
        }
      }
    }
    expect(woken).toBeDefined()
    const w = woken!
    const d = w.endNs - w.startNs
    await hook(s.page, `setView(${w.startNs - d}, ${w.endNs + d})`)
    const flows = await selectSpan(w.gid, w.startNs, w.endNs)
    const i = flows.timeNs.findIndex((t, j) => t === w.startNs && flows.toGid[j] === w.gid)
    expect(i).toBeGreaterThanOrEqual(0)
    expect(flows.fromGid[i]).toBe(w.cause)
    // Its arrow: at the span's start (a third of the way across), from the waker's row.
    const trackW = VIEWPORT.width - 220
    const arrow = flows.arrows.find((a) => a.fromGid === w.cause && a.toGid === w.gid)
    expect(arrow).toBeDefined()
    expect(Math.abs(arrow!.x - trackW / 3)).toBeLessThan(3)
    expect(arrow!.y0).not.toBe(arrow!.y1)
    expect(await s.page.getByTestId('details').textContent()).toContain(`G${w.cause}`)
    // The details list the flows, marked with their arrows' colours.
    const marked = () => s.page.locator('[data-testid="details"] dt.marked').allTextContents()
    expect(await marked()).toContain('Made runnable by')
    // This trace has no CPU samples: no legend for them.
    const sampleLegend = s.page.getByTestId('legend').locator('.legend-item', {
      hasText: 'CPU sample',
    })
    expect(await sampleLegend.isVisible()).toBe(false)
    await mkdir(RESULTS_DIR, { recursive: true })
    await s.page.mouse.move(5, VIEWPORT.height - 5)
    await writeFile(join(RESULTS_DIR, 'flows-woken-dark.png'), await s.page.screenshot())

    // The waker's running span at that time: arrows to every goroutine it woke then.
    const run = (await s.engine.goroutineSpan(w.cause, w.startNs))!
    expect(run.state).toBe(3)
    const out = await s.engine.flows(w.cause, run.startNs, run.endNs)
    const woke = [...out.toGid].filter((_, j) => out.fromGid[j] === w.cause)
    expect(woke).toContain(w.gid)
    const rd = run.endNs - run.startNs
    await hook(s.page, `setView(${run.startNs - rd}, ${run.endNs + rd})`)
    const fromRun = await selectSpan(w.cause, run.startNs, run.endNs)
    expect(fromRun.toGid.filter((_, j) => fromRun.fromGid[j] === w.cause).sort()).toEqual(
      woke.sort(),
    )
    expect(fromRun.arrows.some((a) => a.fromGid === w.cause && a.toGid === w.gid)).toBe(true)
    expect(await s.page.getByTestId('details').textContent()).toContain(`G${w.gid}`)
    expect(await marked()).toContain('Unblocked')

    // The same run clicked on its P's track: the same goroutine's flows, the same arrows.
    expect(run.p).toBeGreaterThanOrEqual(0)
    const onP = await hook<{ x: number; y: number }>(
      s.page,
      `locate('proc:${run.p}', ${(run.startNs + run.endNs) / 2})`,
    )
    await s.page.mouse.click(onP.x, onP.y)
    const fromP = (await hook<Flows | undefined>(s.page, 'flows()'))!
    expect(fromP.toGid).toEqual(fromRun.toGid)
    expect(fromP.arrows.some((a) => a.fromGid === w.cause && a.toGid === w.gid)).toBe(true)
    await s.page.mouse.move(5, VIEWPORT.height - 5)
    await hook(s.page, 'idle()')
    await writeFile(join(RESULTS_DIR, 'flows-proc-dark.png'), await s.page.screenshot())
    await selectSpan(w.cause, run.startNs, run.endNs)
    await s.page.mouse.move(5, VIEWPORT.height - 5)
    await hook(s.page, 'idle()')
    await writeFile(join(RESULTS_DIR, 'flows-running-dark.png'), await s.page.screenshot())
    await s.page.emulateMedia({ colorScheme: 'light' })
    await hook(s.page, 'idle()')
    await writeFile(join(RESULTS_DIR, 'flows-running-light.png'), await s.page.screenshot())
    await s.page.emulateMedia({ colorScheme: 'dark' })

    // Deselecting clears them.
    await s.page.keyboard.press('Escape')
    await hook(s.page, 'idle()')
    expect(await hook<Flows | undefined>(s.page, 'flows()')).toBeFalsy()
    expect(s.problems).toEqual([])
  })

  it('shows CPU samples as ticks on goroutine tracks, with a tooltip', async () => {
    await browser.close()
    expect(await s.server.stop()).toBe(0)
    browser = await launchChromium()
    s = await openSession(browser, 'cpuprofile-go1.26.trace', cacheDir)
    expect(s.tracks.cpuSamples).toBeGreaterThan(0)
    const view = await hook<View>(s.page, 'view()')
    const gids = s.tracks.goroutines.map((g) => g.id)
    const r = await s.engine.viewport({
      ...view,
      nsPerPx: (view.endNs - view.startNs) / (VIEWPORT.width - 220),
      spans: [],
      counters: [],
      samples: gids.map((id) => ({ kind: 'goroutine' as const, id })),
    })
    // The goroutine with the most samples.
    const counts = r.samples.map((b) => b.count.reduce((a, c) => a + c, 0))
    const best = counts.indexOf(Math.max(...counts))
    expect(counts[best]).toBeGreaterThan(0)
    const key = `goroutine:${gids[best]}`
    await hook(s.page, `locate(${JSON.stringify(key)}, 0)`)
    const ticks = await hook<{ startNs: number[]; count: number[]; drawn: number }>(
      s.page,
      `samples(${JSON.stringify(key)})`,
    )
    expect(ticks.count.reduce((a, c) => a + c, 0)).toBe(counts[best])
    expect(ticks.drawn).toBe(ticks.startNs.length)
    // Hovering the first tick, at the top of the track, names it.
    const text = await hoverText(s, key, ticks.startNs[0]!, 3)
    expect(text).toContain('CPU sample')
    const legend = s.page.getByTestId('legend').locator('.legend-item', { hasText: 'CPU sample' })
    expect(await legend.isVisible()).toBe(true)
    await mkdir(RESULTS_DIR, { recursive: true })
    await writeFile(join(RESULTS_DIR, 'samples-dark.png'), await s.page.screenshot())
    await s.page.emulateMedia({ colorScheme: 'light' })
    await hook(s.page, 'idle()')
    await writeFile(join(RESULTS_DIR, 'samples-light.png'), await s.page.screenshot())
    expect(s.problems).toEqual([])
  })
})
