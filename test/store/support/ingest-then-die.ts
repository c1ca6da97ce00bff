// Child process for the crash-safety test: ingests a trace and SIGKILLs itself after K events,
// as a crash or a user's kill would, in the middle of writing the store; "pipelined" as a fourth
// argument ingests with the worker thread.
import { StoreBuilder } from '../../../main/store/build/builder.ts'
import { openStore } from '../../../main/store/ingest.ts'

const [trace, cacheDir, killAfter, mode] = process.argv.slice(2)
const proto = StoreBuilder.prototype
// Kept unbound on purpose: it is called below with the builder as `this`.
// eslint-disable-next-line @typescript-eslint/unbound-method
const event = proto.event
let seen = 0
proto.event = function (this: StoreBuilder, ev) {
  if (++seen === Number(killAfter)) process.kill(process.pid, 'SIGKILL')
  event.call(this, ev)
}
await openStore(trace!, { cacheDir: cacheDir!, pipelineBytes: mode === 'pipelined' ? 0 : Infinity })
