// Child process of concurrency.test.ts: opens one trace's store and prints what it got as JSON.
import { openStore } from '../../main/store/ingest.ts'
import { storeDigest } from './support.ts'

const [trace, cacheDir] = process.argv.slice(2) as [string, string]
const info = await openStore(trace, { cacheDir })
console.log(JSON.stringify({ path: info.path, digest: storeDigest(info.path) }))
