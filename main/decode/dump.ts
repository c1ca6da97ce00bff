/**
 * The text of `go tool trace -d=parsed`: Go's Event.String() for each event, then a newline.
 */
import { type Event } from './event.ts'
import { formatRFC3339Nano, goStringBytes, quote } from './go-format.ts'
import {
  EventKind,
  eventKindNames,
  goStateNames,
  procStateNames,
  ResourceKind,
  resourceKindNames,
} from './model.ts'
import { type ReadOutcome, readTrace } from './read-trace.ts'
import type { TraceReader } from './reader.ts'
import type { EvTable } from './table.ts'
import { formatUint64 } from './varint.ts'

function absTime(t: number, epochNs: bigint): string {
  return epochNs === 0n ? String(t) : (epochNs + BigInt(t)).toString()
}

function resource(kind: ResourceKind, id: number): string {
  return kind === ResourceKind.None ? 'None' : `${resourceKindNames[kind]}(${id})`
}

function frames(table: EvTable, stackID: number): string {
  let out = ''
  for (const f of table.frames(stackID)) {
    out += `\t${table.strings.mustGet(f.funcID)} @ 0x${f.pc.toString(16)}\n`
    out += `\t\t${table.strings.mustGet(f.fileID)}:${f.line}\n`
  }
  return out
}

/** Go's Event.String(). */
export function formatEvent(ev: Event, epochNs: bigint): string {
  const kind = ev.kind()
  let s = `M=${ev.m} P=${ev.p} G=${ev.g} ${eventKindNames[kind]} Time=${absTime(ev.time, epochNs)}`
  switch (kind) {
    case EventKind.Metric:
      s += ` Name=${quote(ev.metricName())} Value=Value{Uint64(${formatUint64(ev.metricValue())})}`
      break
    case EventKind.Label:
      s += ` Label=${quote(ev.label())} Resource=Goroutine(${ev.g})`
      break
    case EventKind.RangeBegin:
    case EventKind.RangeActive:
    case EventKind.RangeEnd: {
      const r = ev.range()
      s += ` Name=${quote(r.name)} Scope=${resource(r.scope, r.scopeID)}`
      if (kind === EventKind.RangeEnd) {
        const a = ev.sweepAttributes()
        s +=
          a === undefined
            ? ' Attributes=[]'
            : ` Attributes=["bytes swept"=Value{Uint64(${formatUint64(a.swept)})} "bytes reclaimed"=Value{Uint64(${formatUint64(a.reclaimed)})}]`
      }
      break
    }
    case EventKind.TaskBegin:
    case EventKind.TaskEnd: {
      const t = ev.task()
      s += ` ID=${formatUint64(t.id)} Parent=${formatUint64(t.parent)} Type=${quote(t.type)}`
      break
    }
    case EventKind.RegionBegin:
    case EventKind.RegionEnd:
      s += ` Task=${formatUint64(ev.regionTask())} Type=${quote(ev.regionType())}`
      break
    case EventKind.Log:
      s += ` Task=${formatUint64(ev.logTask())} Category=${quote(ev.logCategory())} Message=${quote(ev.logMessage())}`
      break
    case EventKind.StateTransition: {
      const t = ev.stateTransition()
      if (t.resource === ResourceKind.Goroutine) {
        s += ` GoID=${t.id} ${goStateNames[t.from] ?? 'Bad'}->${goStateNames[t.to] ?? 'Bad'}`
      } else {
        s += ` ProcID=${t.id} ${procStateNames[t.from] ?? 'Bad'}->${procStateNames[t.to] ?? 'Bad'}`
      }
      s += ` Reason=${quote(t.reason)}`
      if (t.hasStack) s += '\nTransitionStack=\n' + frames(ev.table!, t.stackID)
      break
    }
    case EventKind.Experimental: {
      const x = ev.experimentalArgs()
      const args = x.args.map((a, i) => `${a}=Value{Uint64(${formatUint64(x.values[i]!)})}`)
      s += ` Name=${x.name} Args=[${args.join(', ')}]`
      break
    }
    case EventKind.Sync: {
      const info = ev.syncInfo()
      s += ` N=${info.n}`
      const snap = info.clockSnapshot
      if (snap !== undefined) {
        s += ` Trace=${info.snapshotTimeNs} Mono=${snap.mono} Wall=${formatRFC3339Nano(snap.wallSec, snap.wallNsec)}`
      }
      break
    }
  }
  if (ev.hasStack()) s += '\nStack=\n' + frames(ev.table!, ev.stackID())
  return s
}

const FLUSH_CHARS = 1 << 16

/**
 * Streams the dump of a whole trace to `write` in chunks of bytes (Go strings may hold bytes that
 * are not UTF-8, and are written back as they were read).
 */
export function writeDump(reader: TraceReader, write: (chunk: Uint8Array) => void): ReadOutcome {
  let chunk = ''
  const outcome = readTrace(reader, (ev) => {
    chunk += formatEvent(ev, reader.epochNs) + '\n'
    if (chunk.length >= FLUSH_CHARS) {
      write(goStringBytes(chunk))
      chunk = ''
    }
  })
  if (chunk !== '') write(goStringBytes(chunk))
  return outcome
}
