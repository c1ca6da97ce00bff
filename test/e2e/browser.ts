import { chromium, type Browser, type Page } from 'playwright-core'

/**
 * Launches the system Chromium (never a downloaded one: playwright-core has no browsers).
 * GOTRACE_CHROMIUM overrides the path. SwiftShader gives headless WebGL for Pixi; the
 * background-networking switches stop Chromium phoning home from a machine with no network.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['GOTRACE_CHROMIUM'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  })
}

/**
 * A page (dark scheme, 1× pixels) on the viewer at `url`, once its test hooks are installed;
 * console errors and warnings and uncaught page errors go to `problems`, which tests expect empty.
 */
export async function openViewer(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport, colorScheme: 'dark', deviceScaleFactor: 1 })
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text())
  })
  page.on('pageerror', (err) => problems.push(err.message))
  await page.goto(url)
  await page.waitForFunction('window.__gotrace !== undefined')
  return { page, problems }
}
