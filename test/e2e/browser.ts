import { chromium, type Browser } from 'playwright-core'

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
