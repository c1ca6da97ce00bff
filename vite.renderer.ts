import { fileURLToPath } from 'node:url'
import type { UserConfig } from 'vite'

export const RENDERER_ROOT = fileURLToPath(new URL('./renderer', import.meta.url))

/**
 * Vite settings shared by the two builds of the same renderer: Electron's (electron.vite.config.ts,
 * out/renderer) and the browser's (vite.web.config.ts, out/web).
 */
export function rendererConfig(outDir?: string): UserConfig {
  return {
    root: RENDERER_ROOT,
    // Relative asset URLs: the page lives under file:// in Electron and under /<token>/ on the web.
    base: './',
    publicDir: false,
    build: {
      ...(outDir === undefined ? {} : { outDir, emptyOutDir: true }),
      target: 'es2022',
      sourcemap: true,
      // Pixi is one big chunk; that is expected for a desktop-class app loaded from disk.
      chunkSizeWarningLimit: 4096,
    },
  }
}
