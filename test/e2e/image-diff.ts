import type { Browser } from 'playwright-core'

export interface ImageDiff {
  width: number
  height: number
  /** Fraction of (downscaled) pixels whose channels differ by more than the threshold. */
  differingFraction: number
}

/**
 * Compares two PNGs in a blank Chromium page (its decoder and canvas, no PNG library needed):
 * both are downscaled by `scale` with smoothing, which absorbs the small rasterization
 * differences of software WebGL and font hinting, then compared pixel by pixel.
 */
export async function diffPngs(
  browser: Browser,
  actual: Buffer,
  expected: Buffer,
  { scale = 0.25, threshold = 40 } = {},
): Promise<ImageDiff> {
  const page = await browser.newPage()
  try {
    const args = JSON.stringify([
      actual.toString('base64'),
      expected.toString('base64'),
      scale,
      threshold,
    ])
    // A string, not a function: this file is type-checked without the DOM library.
    return await page.evaluate<ImageDiff>(`(${COMPARE_IN_PAGE})(...${args})`)
  } finally {
    await page.close()
  }
}

const COMPARE_IN_PAGE = `async (a64, e64, scale, threshold) => {
  const load = async (b64) => {
    const img = new Image()
    img.src = 'data:image/png;base64,' + b64
    await img.decode()
    return img
  }
  const [a, e] = await Promise.all([load(a64), load(e64)])
  if (a.naturalWidth !== e.naturalWidth || a.naturalHeight !== e.naturalHeight) {
    return { width: a.naturalWidth, height: a.naturalHeight, differingFraction: 1 }
  }
  const w = Math.max(1, Math.round(a.naturalWidth * scale))
  const h = Math.max(1, Math.round(a.naturalHeight * scale))
  const pixels = (img) => {
    const c = document.createElement('canvas')
    c.width = w
    c.height = h
    const ctx = c.getContext('2d')
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(img, 0, 0, w, h)
    return ctx.getImageData(0, 0, w, h).data
  }
  const pa = pixels(a)
  const pe = pixels(e)
  let differing = 0
  for (let i = 0; i < pa.length; i += 4) {
    const d = Math.max(Math.abs(pa[i] - pe[i]), Math.abs(pa[i + 1] - pe[i + 1]), Math.abs(pa[i + 2] - pe[i + 2]))
    if (d > threshold) differing++
  }
  return { width: a.naturalWidth, height: a.naturalHeight, differingFraction: differing / (w * h) }
}`
