// npm run bench:ui -- TRACE [--steps N]
// Drives the timeline in Chromium (web mode) through scripted zooms and pans and reports the time
// to first paint on a cached store, frame times (the app's own draw time per frame), and the time
// from each zoom or pan step to complete data. Headless Chromium here renders WebGL on the CPU
// (SwiftShader): frame times are far above what a GPU gives.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { openStore } from '../../main/store/ingest.ts'
import { launchChromium } from '../e2e/browser.ts'
import { startGotraceWeb } from '../e2e/gotrace-web.ts'

const { values, positionals } = parseArgs({
  options: { steps: { type: 'string', default: '12' } },
  allowPositionals: true,
})
const trace = positionals[0]
if (trace === undefined) {
  console.error('usage: npm run bench:ui -- TRACE [--steps N]')
  process.exit(2)
}
interface Stats {
  frames: number
  totalFrameMs: number
}

const cacheDir = mkdtempSync(join(tmpdir(), 'gotrace-bench-ui-'))
await openStore(trace, { cacheDir }) // first paint is measured on a cached store
const web = await startGotraceWeb([trace], { GOTRACE_CACHE_DIR: cacheDir })
const browser = await launchChromium()
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
  const t0 = performance.now()
  await page.goto(web.url)
  await page.waitForFunction('window.__gotrace !== undefined')
  await page.evaluate('window.__gotrace.ready')
  const firstPaintMs = performance.now() - t0

  const frameMs: number[] = []
  const dataMs: number[] = []
  const step = async (key: string) => {
    const before = await page.evaluate<Stats>('window.__gotrace.stats()')
    const s0 = performance.now()
    await page.keyboard.press(key)
    await page.evaluate('window.__gotrace.idle()')
    dataMs.push(performance.now() - s0)
    const after = await page.evaluate<Stats>('window.__gotrace.stats()')
    const frames = after.frames - before.frames
    if (frames > 0) frameMs.push((after.totalFrameMs - before.totalFrameMs) / frames)
  }
  await page.mouse.move(800, 450)
  const steps = Number(values.steps)
  for (let i = 0; i < steps; i++) await step('w') // zoom in step by step
  for (let i = 0; i < steps / 2; i++) await step('d') // pan at that zoom
  for (let i = 0; i < steps; i++) await step('s') // zoom back out
  for (let i = 0; i < steps / 2; i++) await step('a')

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN
  }
  const result = {
    trace,
    firstPaintMs,
    frameMs: { p50: pct(frameMs, 0.5), p95: pct(frameMs, 0.95), max: Math.max(...frameMs) },
    stepToDataMs: { p50: pct(dataMs, 0.5), p95: pct(dataMs, 0.95), max: Math.max(...dataMs) },
    steps: dataMs.length,
  }
  console.log(`trace               ${trace}`)
  console.log(`first paint         ${firstPaintMs.toFixed(0)} ms (cached store)`)
  console.log(
    `frame (draw) ms     p50 ${result.frameMs.p50.toFixed(1)}  p95 ${result.frameMs.p95.toFixed(1)}  max ${result.frameMs.max.toFixed(1)}`,
  )
  console.log(
    `step to data ms     p50 ${result.stepToDataMs.p50.toFixed(0)}  p95 ${result.stepToDataMs.p95.toFixed(0)}  max ${result.stepToDataMs.max.toFixed(0)}  (${result.steps} zoom/pan steps)`,
  )
  console.log('(headless Chromium, WebGL on the CPU through SwiftShader)')
  console.log(JSON.stringify(result))
} finally {
  await browser.close()
  await web.stop()
  rmSync(cacheDir, { recursive: true, force: true })
}
