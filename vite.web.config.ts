import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { rendererConfig } from './vite.renderer.ts'

/** The renderer built for web mode (`gotrace web`, `npm run build:web`). */
export default defineConfig(rendererConfig(fileURLToPath(new URL('./out/web', import.meta.url))))
