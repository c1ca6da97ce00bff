// Pixi compiles shaders' uniform sync code with new Function() unless this polyfill is loaded;
// our CSP has no 'unsafe-eval'.
import 'pixi.js/unsafe-eval'
import { Application } from 'pixi.js'

/**
 * Creates the Pixi canvas the timeline draws on. WebGL works headless with SwiftShader, so the
 * browser tests exercise this too. Failure leaves a message, not a broken page. The view renders
 * on demand (no ticker): nothing is drawn while nothing changes.
 */
export async function startTimeline(
  host: HTMLElement,
  background: number,
): Promise<Application | undefined> {
  const app = new Application()
  try {
    await app.init({
      width: Math.max(1, host.clientWidth),
      height: Math.max(1, host.clientHeight),
      background,
      preference: 'webgl',
      antialias: false,
      autoDensity: true,
      autoStart: false,
      sharedTicker: false,
      resolution: window.devicePixelRatio,
    })
  } catch (err) {
    host.dataset.state = 'error'
    host.textContent = `Timeline unavailable: ${err instanceof Error ? err.message : String(err)}`
    return undefined
  }
  app.ticker.stop()
  app.canvas.dataset.testid = 'timeline-canvas'
  app.canvas.classList.add('timeline-canvas')
  host.prepend(app.canvas)
  host.dataset.renderer = app.renderer.name
  host.dataset.state = 'ready'
  return app
}
