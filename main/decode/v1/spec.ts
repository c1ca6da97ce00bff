// Event types of the old (Go 1.11–1.21) trace format: Go 1.26's
// src/internal/trace/internal/tracev1/parser.go (EventType, EventDescriptions, STWReason).

export const EvNone = 0 // unused
export const EvBatch = 1 // start of per-P batch of events [pid, timestamp]
export const EvFrequency = 2 // contains tracer timer frequency [frequency (ticks per second)]
export const EvStack = 3 // stack [stack id, number of PCs, array of {PC, func string ID, file string ID, line}]
export const EvGomaxprocs = 4 // current value of GOMAXPROCS [timestamp, GOMAXPROCS, stack id]
export const EvProcStart = 5 // start of P [timestamp, thread id]
export const EvProcStop = 6 // stop of P [timestamp]
export const EvGCStart = 7 // GC start [timestamp, seq, stack id]
export const EvGCDone = 8 // GC done [timestamp]
export const EvSTWStart = 9 // GC mark termination start [timestamp, kind]
export const EvSTWDone = 10 // GC mark termination done [timestamp]
export const EvGCSweepStart = 11 // GC sweep start [timestamp, stack id]
export const EvGCSweepDone = 12 // GC sweep done [timestamp, swept, reclaimed]
export const EvGoCreate = 13 // goroutine creation [timestamp, new goroutine id, new stack id, stack id]
export const EvGoStart = 14 // goroutine starts running [timestamp, goroutine id, seq]
export const EvGoEnd = 15 // goroutine ends [timestamp]
export const EvGoStop = 16 // goroutine stops (like in select{}) [timestamp, stack]
export const EvGoSched = 17 // goroutine calls Gosched [timestamp, stack]
export const EvGoPreempt = 18 // goroutine is preempted [timestamp, stack]
export const EvGoSleep = 19 // goroutine calls Sleep [timestamp, stack]
export const EvGoBlock = 20 // goroutine blocks [timestamp, stack]
export const EvGoUnblock = 21 // goroutine is unblocked [timestamp, goroutine id, seq, stack]
export const EvGoBlockSend = 22 // goroutine blocks on chan send [timestamp, stack]
export const EvGoBlockRecv = 23 // goroutine blocks on chan recv [timestamp, stack]
export const EvGoBlockSelect = 24 // goroutine blocks on select [timestamp, stack]
export const EvGoBlockSync = 25 // goroutine blocks on Mutex/RWMutex [timestamp, stack]
export const EvGoBlockCond = 26 // goroutine blocks on Cond [timestamp, stack]
export const EvGoBlockNet = 27 // goroutine blocks on network [timestamp, stack]
export const EvGoSysCall = 28 // syscall enter [timestamp, stack]
export const EvGoSysExit = 29 // syscall exit [timestamp, goroutine id, seq, real timestamp]
export const EvGoSysBlock = 30 // syscall blocks [timestamp]
export const EvGoWaiting = 31 // goroutine is blocked when tracing starts [timestamp, goroutine id]
export const EvGoInSyscall = 32 // goroutine is in syscall when tracing starts [timestamp, goroutine id]
export const EvHeapAlloc = 33 // gcController.heapLive change [timestamp, heap live bytes]
export const EvHeapGoal = 34 // gcController.heapGoal change [timestamp, heap goal bytes]
export const EvTimerGoroutine = 35 // denotes timer goroutine [timer goroutine id]
export const EvFutileWakeup = 36 // previous wakeup of this goroutine was futile [timestamp]
export const EvString = 37 // string dictionary entry [ID, length, string]
export const EvGoStartLocal = 38 // goroutine starts running on the same P as the last event [timestamp, goroutine id]
export const EvGoUnblockLocal = 39 // goroutine is unblocked on the same P as the last event [timestamp, goroutine id, stack]
export const EvGoSysExitLocal = 40 // syscall exit on the same P as the last event [timestamp, goroutine id, real timestamp]
export const EvGoStartLabel = 41 // goroutine starts running with label [timestamp, goroutine id, seq, label string id]
export const EvGoBlockGC = 42 // goroutine blocks on GC assist [timestamp, stack]
export const EvGCMarkAssistStart = 43 // GC mark assist start [timestamp, stack]
export const EvGCMarkAssistDone = 44 // GC mark assist done [timestamp]
export const EvUserTaskCreate = 45 // trace.NewTask [timestamp, internal task id, internal parent id, stack, name string]
export const EvUserTaskEnd = 46 // end of task [timestamp, internal task id, stack]
export const EvUserRegion = 47 // trace.WithRegion [timestamp, internal task id, mode(0:start, 1:end), name string]
export const EvUserLog = 48 // trace.Log [timestamp, internal id, key string id, stack, value string]
export const EvCPUSample = 49 // CPU profiling sample [timestamp, stack, real timestamp, real P id (-1 when absent), goroutine id]
export const EvCount = 50

export interface EventDescription {
  readonly name: string
  readonly minVersion: number
  /** Whether the last argument on the wire is a stack ID. */
  readonly stack: boolean
  readonly args: readonly string[]
}

function d(name: string, minVersion: number, stack: boolean, args: string[]): EventDescription {
  return { name, minVersion, stack, args }
}

/** Indexed by event type; slots past EvCPUSample are Go's zero value (empty name). */
export const eventDescriptions: readonly EventDescription[] = (() => {
  const t: EventDescription[] = new Array<EventDescription>(256).fill(d('', 0, false, []))
  t[EvNone] = d('None', 5, false, [])
  t[EvBatch] = d('Batch', 5, false, ['p', 'ticks'])
  t[EvFrequency] = d('Frequency', 5, false, ['freq'])
  t[EvStack] = d('Stack', 5, false, ['id', 'siz'])
  t[EvGomaxprocs] = d('Gomaxprocs', 5, true, ['procs'])
  t[EvProcStart] = d('ProcStart', 5, false, ['thread'])
  t[EvProcStop] = d('ProcStop', 5, false, [])
  t[EvGCStart] = d('GCStart', 5, true, ['seq'])
  t[EvGCDone] = d('GCDone', 5, false, [])
  t[EvSTWStart] = d('GCSTWStart', 5, false, ['kindid'])
  t[EvSTWDone] = d('GCSTWDone', 5, false, [])
  t[EvGCSweepStart] = d('GCSweepStart', 5, true, [])
  t[EvGCSweepDone] = d('GCSweepDone', 5, false, ['swept', 'reclaimed'])
  t[EvGoCreate] = d('GoCreate', 5, true, ['g', 'stack'])
  t[EvGoStart] = d('GoStart', 5, false, ['g', 'seq'])
  t[EvGoEnd] = d('GoEnd', 5, false, [])
  t[EvGoStop] = d('GoStop', 5, true, [])
  t[EvGoSched] = d('GoSched', 5, true, [])
  t[EvGoPreempt] = d('GoPreempt', 5, true, [])
  t[EvGoSleep] = d('GoSleep', 5, true, [])
  t[EvGoBlock] = d('GoBlock', 5, true, [])
  t[EvGoUnblock] = d('GoUnblock', 5, true, ['g', 'seq'])
  t[EvGoBlockSend] = d('GoBlockSend', 5, true, [])
  t[EvGoBlockRecv] = d('GoBlockRecv', 5, true, [])
  t[EvGoBlockSelect] = d('GoBlockSelect', 5, true, [])
  t[EvGoBlockSync] = d('GoBlockSync', 5, true, [])
  t[EvGoBlockCond] = d('GoBlockCond', 5, true, [])
  t[EvGoBlockNet] = d('GoBlockNet', 5, true, [])
  t[EvGoSysCall] = d('GoSysCall', 5, true, [])
  t[EvGoSysExit] = d('GoSysExit', 5, false, ['g', 'seq', 'ts'])
  t[EvGoSysBlock] = d('GoSysBlock', 5, false, [])
  t[EvGoWaiting] = d('GoWaiting', 5, false, ['g'])
  t[EvGoInSyscall] = d('GoInSyscall', 5, false, ['g'])
  t[EvHeapAlloc] = d('HeapAlloc', 5, false, ['mem'])
  t[EvHeapGoal] = d('HeapGoal', 5, false, ['mem'])
  t[EvTimerGoroutine] = d('TimerGoroutine', 5, false, ['g'])
  t[EvFutileWakeup] = d('FutileWakeup', 5, false, [])
  t[EvString] = d('String', 7, false, [])
  t[EvGoStartLocal] = d('GoStartLocal', 7, false, ['g'])
  t[EvGoUnblockLocal] = d('GoUnblockLocal', 7, true, ['g'])
  t[EvGoSysExitLocal] = d('GoSysExitLocal', 7, false, ['g', 'ts'])
  t[EvGoStartLabel] = d('GoStartLabel', 8, false, ['g', 'seq', 'labelid'])
  t[EvGoBlockGC] = d('GoBlockGC', 8, true, [])
  t[EvGCMarkAssistStart] = d('GCMarkAssistStart', 9, true, [])
  t[EvGCMarkAssistDone] = d('GCMarkAssistDone', 9, false, [])
  t[EvUserTaskCreate] = d('UserTaskCreate', 11, true, ['taskid', 'pid', 'typeid'])
  t[EvUserTaskEnd] = d('UserTaskEnd', 11, true, ['taskid'])
  t[EvUserRegion] = d('UserRegion', 11, true, ['taskid', 'mode', 'typeid'])
  t[EvUserLog] = d('UserLog', 11, true, ['id', 'keyid'])
  t[EvCPUSample] = d('CPUSample', 19, true, ['ts', 'p', 'g'])
  return t
})()

/** Special P identifiers. */
export const FakeP = 1000000
export const TimerP = 1000001 // contains timer unblocks
export const NetpollP = 1000002 // contains network unblocks
export const SyscallP = 1000003 // contains returns from syscalls
export const GCP = 1000004 // contains GC state
export const ProfileP = 1000005 // contains recording of CPU profile samples

export const NumSTWReasons = 17

/** Trace.STWReason: the runtime's STW reason (0 = unknown) for a v1 STWStart kind argument. */
export function stwReason(version: number, kindID: bigint): number {
  if (version < 21) {
    return kindID === 0n || kindID === 1n ? Number(kindID) + 1 : 0
  }
  if (version === 21) return kindID < BigInt(NumSTWReasons) ? Number(kindID) : 0
  return 0
}
