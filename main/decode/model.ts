/**
 * The parsed event model, shared by the decoder, the store and the analyses. It mirrors Go's
 * internal/trace (golang.org/x/exp/trace) public API: numeric values and names are Go's.
 */

export enum EventKind {
  Bad = 0,
  Sync,
  Metric,
  Label,
  StackSample,
  RangeBegin,
  RangeActive,
  RangeEnd,
  TaskBegin,
  TaskEnd,
  RegionBegin,
  RegionEnd,
  Log,
  StateTransition,
  Experimental,
}

export const eventKindNames: readonly string[] = [
  'Bad',
  'Sync',
  'Metric',
  'Label',
  'StackSample',
  'RangeBegin',
  'RangeActive',
  'RangeEnd',
  'TaskBegin',
  'TaskEnd',
  'RegionBegin',
  'RegionEnd',
  'Log',
  'StateTransition',
  'Experimental',
]

export enum GoState {
  Undetermined = 0,
  NotExist,
  Runnable,
  Running,
  Waiting,
  Syscall,
}

export const goStateNames: readonly string[] = [
  'Undetermined',
  'NotExist',
  'Runnable',
  'Running',
  'Waiting',
  'Syscall',
]

/** Running and Syscall: the goroutine holds a thread. */
export function goStateExecuting(s: GoState): boolean {
  return s === GoState.Running || s === GoState.Syscall
}

export enum ProcState {
  Undetermined = 0,
  NotExist,
  Running,
  Idle,
}

export const procStateNames: readonly string[] = ['Undetermined', 'NotExist', 'Running', 'Idle']

export enum ResourceKind {
  None = 0,
  Goroutine,
  Proc,
  Thread,
}

export const resourceKindNames: readonly string[] = ['None', 'Goroutine', 'Proc', 'Thread']

/** Sentinels, as int64 values (see varint.ts): 2^64-1 on the wire reads as -1. */
export const NoGoroutine = -1
export const NoProc = -1
export const NoThread = -1
export const NoTask = -1
export const BackgroundTask = 0

/** Go trace statuses as they appear on the wire (tracev2.GoStatus / ProcStatus). */
export enum WireGoStatus {
  Bad = 0,
  Runnable,
  Running,
  Syscall,
  Waiting,
}

export enum WireProcStatus {
  Bad = 0,
  Running,
  Idle,
  Syscall,
  SyscallAbandoned,
}

export const wireGoStatusToState: readonly GoState[] = [
  GoState.Undetermined,
  GoState.Runnable,
  GoState.Running,
  GoState.Syscall,
  GoState.Waiting,
]

export const wireProcStatusToState: readonly ProcState[] = [
  ProcState.Undetermined,
  ProcState.Running,
  ProcState.Idle,
  ProcState.Running,
  ProcState.Idle,
]

export const wireGoStatusNames: readonly string[] = [
  'Bad',
  'Runnable',
  'Running',
  'Syscall',
  'Waiting',
]
export const wireProcStatusNames: readonly string[] = [
  'Bad',
  'Running',
  'Idle',
  'Syscall',
  'SyscallAbandoned',
]
