// Inter-event validation of a merged v1 trace: Go 1.26's postProcessTrace
// (src/internal/trace/internal/tracev1/parser.go). Beyond checking that the trace is consistent (a P
// runs one G at a time, a G is blocked before it is unblocked, ...), it moves network unblocks to
// NetpollP and GC starts to GCP, and drops references to missing or empty stacks.
import { TraceError } from '../errors.ts'
import { type Event, quoteEvent } from './parser.ts'
import {
  EvGCDone,
  EvGCMarkAssistDone,
  EvGCMarkAssistStart,
  EvGCStart,
  EvGCSweepDone,
  EvGCSweepStart,
  EvGoBlock,
  EvGoBlockCond,
  EvGoBlockGC,
  EvGoBlockNet,
  EvGoBlockRecv,
  EvGoBlockSelect,
  EvGoBlockSend,
  EvGoBlockSync,
  EvGoCreate,
  EvGoEnd,
  EvGoInSyscall,
  EvGoPreempt,
  EvGoSched,
  EvGoSleep,
  EvGoStart,
  EvGoStartLabel,
  EvGoStop,
  EvGoSysBlock,
  EvGoSysCall,
  EvGoSysExit,
  EvGoUnblock,
  EvGoWaiting,
  EvProcStart,
  EvProcStop,
  EvSTWDone,
  EvSTWStart,
  EvUserRegion,
  EvUserTaskCreate,
  EvUserTaskEnd,
  eventDescriptions,
  GCP,
  NetpollP,
  TimerP,
} from './spec.ts'

const gDead = 0
const gRunnable = 1
const gRunning = 2
const gWaiting = 3

interface GDesc {
  state: number
  ev: Event | undefined
  evStart: Event | undefined
  evCreate: Event | undefined
  evMarkAssist: Event | undefined
}

interface PDesc {
  running: boolean
  g: bigint
  evSweep: Event | undefined
}

const newG = (state = gDead): GDesc => ({
  state,
  ev: undefined,
  evStart: undefined,
  evCreate: undefined,
  evMarkAssist: undefined,
})

export function postProcessTrace(events: Event[], stacks: Map<number, bigint[]>): void {
  // Go keeps value copies in its maps and stores them back after each change; mutating the
  // entries in place is equivalent, since every change is stored back.
  const gs = new Map<bigint, GDesc>()
  const ps = new Map<number, PDesc>()
  const tasks = new Map<bigint, Event>() // task id to task creation events
  const activeRegions = new Map<bigint, Event[]>() // goroutine id to stack of regions
  gs.set(0n, newG(gRunning))
  let evGC: Event | undefined
  let evSTW: Event | undefined

  const getG = (id: bigint): GDesc => {
    let g = gs.get(id)
    if (g === undefined) gs.set(id, (g = newG()))
    return g
  }
  const getP = (id: number): PDesc => {
    let p = ps.get(id)
    if (p === undefined) ps.set(id, (p = { running: false, g: 0n, evSweep: undefined }))
    return p
  }

  const checkRunning = (p: PDesc, g: GDesc, ev: Event, allowG0: boolean): void => {
    const name = eventDescriptions[ev.type]!.name
    if (g.state !== gRunning) {
      throw new TraceError(`g ${ev.g} is not running while ${name} (time ${ev.ts})`)
    }
    if (p.g !== ev.g) {
      throw new TraceError(`p ${ev.p} is not running g ${ev.g} while ${name} (time ${ev.ts})`)
    }
    if (!allowG0 && ev.g === 0n) throw new TraceError(`g 0 did ${name} (time ${ev.ts})`)
  }

  for (const ev of events) {
    switch (ev.type) {
      case EvProcStart: {
        const p = getP(ev.p)
        if (p.running) throw new TraceError(`p ${ev.p} is running before start (time ${ev.ts})`)
        p.running = true
        break
      }
      case EvProcStop: {
        const p = getP(ev.p)
        if (!p.running) throw new TraceError(`p ${ev.p} is not running before stop (time ${ev.ts})`)
        if (p.g !== 0n) {
          throw new TraceError(
            `p ${ev.p} is running a goroutine ${p.g} during stop (time ${ev.ts})`,
          )
        }
        p.running = false
        break
      }
      case EvGCStart:
        if (evGC !== undefined) {
          throw new TraceError(`previous GC is not ended before a new one (time ${ev.ts})`)
        }
        evGC = ev
        // Attribute this to the global GC state.
        ev.p = GCP
        break
      case EvGCDone:
        if (evGC === undefined) throw new TraceError(`bogus GC end (time ${ev.ts})`)
        evGC = undefined
        break
      case EvSTWStart:
        if (evSTW !== undefined) {
          throw new TraceError(`previous STW is not ended before a new one (time ${ev.ts})`)
        }
        evSTW = ev
        break
      case EvSTWDone:
        if (evSTW === undefined) throw new TraceError(`bogus STW end (time ${ev.ts})`)
        evSTW = undefined
        break
      case EvGCSweepStart: {
        const p = getP(ev.p)
        if (p.evSweep !== undefined) {
          throw new TraceError(`previous sweeping is not ended before a new one (time ${ev.ts})`)
        }
        p.evSweep = ev
        break
      }
      case EvGCMarkAssistStart: {
        const g = getG(ev.g)
        if (g.evMarkAssist !== undefined) {
          throw new TraceError(`previous mark assist is not ended before a new one (time ${ev.ts})`)
        }
        g.evMarkAssist = ev
        break
      }
      case EvGCMarkAssistDone:
        // Mark assists can be in progress when a goroutine starts tracing, so no error here.
        getG(ev.g).evMarkAssist = undefined
        break
      case EvGCSweepDone: {
        const p = getP(ev.p)
        if (p.evSweep === undefined) throw new TraceError(`bogus sweeping end (time ${ev.ts})`)
        p.evSweep = undefined
        break
      }
      case EvGoWaiting:
      case EvGoInSyscall: {
        const g = getG(ev.g)
        if (g.state !== gRunnable) {
          const what = ev.type === EvGoWaiting ? 'EvGoWaiting' : 'EvGoInSyscall'
          throw new TraceError(`g ${ev.g} is not runnable before ${what} (time ${ev.ts})`)
        }
        g.state = gWaiting
        g.ev = ev
        break
      }
      case EvGoCreate: {
        checkRunning(getP(ev.p), getG(ev.g), ev, true)
        const id = ev.args[0]!
        if (gs.has(id)) throw new TraceError(`g ${id} already exists (time ${ev.ts})`)
        gs.set(id, { ...newG(gRunnable), ev, evCreate: ev })
        break
      }
      case EvGoStart:
      case EvGoStartLabel: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        if (g.state !== gRunnable) {
          throw new TraceError(`g ${ev.g} is not runnable before start (time ${ev.ts})`)
        }
        if (p.g !== 0n) {
          throw new TraceError(
            `p ${ev.p} is already running g ${p.g} while start g ${ev.g} (time ${ev.ts})`,
          )
        }
        g.state = gRunning
        g.evStart = ev
        p.g = ev.g
        if (g.evCreate !== undefined) {
          ev.stkID = Number(g.evCreate.args[1]! & 0xffffffffn)
          g.evCreate = undefined
        }
        g.ev = undefined
        break
      }
      case EvGoEnd:
      case EvGoStop: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        checkRunning(p, g, ev, false)
        g.evStart = undefined
        g.state = gDead
        p.g = 0n
        if (ev.type === EvGoEnd) activeRegions.delete(ev.g) // flush all active regions
        break
      }
      case EvGoSched:
      case EvGoPreempt: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        checkRunning(p, g, ev, false)
        g.state = gRunnable
        g.evStart = undefined
        p.g = 0n
        g.ev = ev
        break
      }
      case EvGoUnblock: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        if (g.state !== gRunning) {
          throw new TraceError(`g ${ev.g} is not running while unpark (time ${ev.ts})`)
        }
        if (ev.p !== TimerP && p.g !== ev.g) {
          throw new TraceError(`p ${ev.p} is not running g ${ev.g} while unpark (time ${ev.ts})`)
        }
        const g1 = getG(ev.args[0]!)
        if (g1.state !== gWaiting) {
          throw new TraceError(`g ${ev.args[0]} is not waiting before unpark (time ${ev.ts})`)
        }
        if (g1.ev !== undefined && g1.ev.type === EvGoBlockNet) ev.p = NetpollP
        g1.state = gRunnable
        g1.ev = ev
        break
      }
      case EvGoSysCall: {
        const g = getG(ev.g)
        checkRunning(getP(ev.p), g, ev, false)
        g.ev = ev
        break
      }
      case EvGoSysBlock: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        checkRunning(p, g, ev, false)
        g.state = gWaiting
        g.evStart = undefined
        p.g = 0n
        break
      }
      case EvGoSysExit: {
        const g = getG(ev.g)
        if (g.state !== gWaiting) {
          throw new TraceError(`g ${ev.g} is not waiting during syscall exit (time ${ev.ts})`)
        }
        g.state = gRunnable
        g.ev = ev
        break
      }
      case EvGoSleep:
      case EvGoBlock:
      case EvGoBlockSend:
      case EvGoBlockRecv:
      case EvGoBlockSelect:
      case EvGoBlockSync:
      case EvGoBlockCond:
      case EvGoBlockNet:
      case EvGoBlockGC: {
        const g = getG(ev.g)
        const p = getP(ev.p)
        checkRunning(p, g, ev, false)
        g.state = gWaiting
        g.ev = ev
        g.evStart = undefined
        p.g = 0n
        break
      }
      case EvUserTaskCreate: {
        const taskid = ev.args[0]!
        const prevEv = tasks.get(taskid)
        if (prevEv !== undefined) {
          throw new TraceError(
            `task id conflicts (id:${taskid}), ${quoteEvent(ev)} vs ${quoteEvent(prevEv)}`,
          )
        }
        tasks.set(taskid, ev)
        break
      }
      case EvUserTaskEnd:
        tasks.delete(ev.args[0]!)
        break
      case EvUserRegion: {
        const mode = ev.args[1]!
        const regions = activeRegions.get(ev.g) ?? []
        if (mode === 0n) {
          // Region start: push.
          regions.push(ev)
          activeRegions.set(ev.g, regions)
        } else if (mode === 1n) {
          // Region end; the matching start may precede the trace.
          const n = regions.length
          if (n > 0) {
            const s = regions[n - 1]!
            if (s.args[0] !== ev.args[0] || s.args[2] !== ev.args[2]) {
              // Task id or region name mismatch.
              throw new TraceError(
                `misuse of region in goroutine ${ev.g}: span end ${quoteEvent(ev)} when the inner-most active span start event is ${quoteEvent(s)}`,
              )
            }
            if (n > 1) regions.pop()
            else activeRegions.delete(ev.g)
          }
        } else {
          throw new TraceError(`invalid user region mode: ${quoteEvent(ev)}`)
        }
        break
      }
    }

    // Events must not refer to stacks that don't exist or have no frames.
    if (ev.stkID !== 0 && (stacks.get(ev.stkID)?.length ?? 0) === 0) ev.stkID = 0
  }
}
