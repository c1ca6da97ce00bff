import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './vite.renderer.ts'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const renderer = rendererConfig()

/**
 * Electron build into out/{main,preload,renderer} (electron-vite's defaults; `--outDir` moves
 * all three), from main/ (main process + engine utility process), preload/ and renderer/
 * instead of electron-vite's src/ layout. Dependencies (better-sqlite3, comlink) stay external
 * in main and are loaded from node_modules at run time.
 */
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: here('./main/app/index.ts'),
          'engine-host': here('./main/app/engine-host.ts'),
          // The worker thread of a pipelined ingestion (store/build/chunk-worker.ts).
          'ingest-worker': here('./main/store/build/ingest-worker.ts'),
        },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: here('./preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    build: {
      ...renderer.build,
      rolldownOptions: { input: { index: here('./renderer/index.html') } },
    },
  },
})
