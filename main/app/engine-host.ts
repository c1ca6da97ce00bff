/// <reference types="electron" />
/**
 * Entry point of the engine utility process (utilityProcess.fork from the main process). Each
 * 'connect' message carries one MessagePortMain whose other end is in a renderer; the engine is
 * served on it with Comlink. All engine work happens here, off the main and renderer processes.
 */
import * as Comlink from 'comlink'
import { createEngine } from '../engine/engine.ts'
import { setChunkWorkerUrl } from '../store/build/chunk-worker.ts'
import { probeSqlite } from '../store/open-database.ts'
import { parseEngineHostArgs } from './engine-host-args.ts'
import { mainPortEndpoint } from './port-main-endpoint.ts'

// Bundled beside this entry (electron.vite.config.ts).
setChunkWorkerUrl(new URL('./ingest-worker.js', import.meta.url))
const options = parseEngineHostArgs(process.argv.slice(1))
const engine = createEngine(options)

if (options.nativeBinding !== undefined) {
  // Fail loudly now rather than on the first query if the Electron-ABI copy is missing or stale.
  try {
    probeSqlite(options.nativeBinding)
  } catch (err) {
    console.error(
      `gotrace: better-sqlite3 does not load in Electron (${(err as Error).message}); ` +
        'run `npm start` again to rebuild .cache/electron-native',
    )
  }
}

process.parentPort.on('message', (event) => {
  for (const port of event.ports) Comlink.expose(engine, mainPortEndpoint(port))
})
