// Entry point of the CLI's bundle (bin/cli-bundle.js builds it into out/cli/): a bundled module
// cannot find the ingest worker's script by itself, and the bundle has it beside this one.
import { setChunkWorkerUrl } from '../store/build/chunk-worker.ts'

setChunkWorkerUrl(new URL('./ingest-worker.mjs', import.meta.url))

export { runCli } from './main.ts'
