// Pixi compiles shaders' uniform sync code with new Function() unless this polyfill is loaded;
// our CSP has no 'unsafe-eval'.
import 'pixi.js/unsafe-eval'
import { Application } from 'pixi.js'

/**
 * Creates the (still empty) Pixi canvas the timeline will draw on. WebGL works headless with
 * SwiftShader, so the browser tests exercise this too. Failure leaves a message, not a broken page.
 */
export async function startTimeline(host: HTMLElement): Promise<Application | undefined> {
  const app = new Application()
  try {
    await app.init({
      resizeTo: host,
      background: '#16181d',
      preference: 'webgl',
      antialias: false,
      autoDensity: true,
      resolution: window.devicePixelRatio,
    })
  } catch (err) {
    host.dataset.state = 'error'
    host.textContent = `Timeline unavailable: ${err instanceof Error ? err.message : String(err)}`
    return undefined
  }
  app.canvas.dataset.testid = 'timeline-canvas'
  host.appendChild(app.canvas)
  host.dataset.renderer = app.renderer.name
  host.dataset.state = 'ready'
  return app
}
