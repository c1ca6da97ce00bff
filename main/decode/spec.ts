// Generated from Go 1.26 src/internal/trace/tracev2/events.go; the numbers are wire bytes.

export enum Ev {
  None = 0,
  EventBatch = 1,
  Stacks = 2,
  Stack = 3,
  Strings = 4,
  String = 5,
  CPUSamples = 6,
  CPUSample = 7,
  Frequency = 8,
  ProcsChange = 9,
  ProcStart = 10,
  ProcStop = 11,
  ProcSteal = 12,
  ProcStatus = 13,
  GoCreate = 14,
  GoCreateSyscall = 15,
  GoStart = 16,
  GoDestroy = 17,
  GoDestroySyscall = 18,
  GoStop = 19,
  GoBlock = 20,
  GoUnblock = 21,
  GoSyscallBegin = 22,
  GoSyscallEnd = 23,
  GoSyscallEndBlocked = 24,
  GoStatus = 25,
  STWBegin = 26,
  STWEnd = 27,
  GCActive = 28,
  GCBegin = 29,
  GCEnd = 30,
  GCSweepActive = 31,
  GCSweepBegin = 32,
  GCSweepEnd = 33,
  GCMarkAssistActive = 34,
  GCMarkAssistBegin = 35,
  GCMarkAssistEnd = 36,
  HeapAlloc = 37,
  HeapGoal = 38,
  GoLabel = 39,
  UserTaskBegin = 40,
  UserTaskEnd = 41,
  UserRegionBegin = 42,
  UserRegionEnd = 43,
  UserLog = 44,
  GoSwitch = 45,
  GoSwitchDestroy = 46,
  GoCreateBlocked = 47,
  GoStatusStack = 48,
  ExperimentalBatch = 49,
  Sync = 50,
  ClockSnapshot = 51,
  EndOfGeneration = 52,
  Span = 128,
  SpanAlloc = 129,
  SpanFree = 130,
  HeapObject = 131,
  HeapObjectAlloc = 132,
  HeapObjectFree = 133,
  GoroutineStack = 134,
  GoroutineStackAlloc = 135,
  GoroutineStackFree = 136,
}

export interface EventSpec {
  readonly name: string
  /** Argument names; for timed events the first is "dt". */
  readonly args: readonly string[]
  /** Indexes into args of string IDs. */
  readonly stringIDs: readonly number[]
  /** Indexes into args of stack IDs; the first is the event's main stack. */
  readonly stackIDs: readonly number[]
  readonly startEv: number
  readonly isTimedEvent: boolean
  readonly hasData: boolean
  readonly isStack: boolean
  readonly experiment: number
}

function spec(s: Partial<EventSpec> & { name: string }): EventSpec {
  return {
    args: [],
    stringIDs: [],
    stackIDs: [],
    startEv: 0,
    isTimedEvent: false,
    hasData: false,
    isStack: false,
    experiment: 0,
    ...s,
  }
}

/** Indexed by wire type; undefined slots are undefined event types. */
export const specs: readonly (EventSpec | undefined)[] = (() => {
  const t: (EventSpec | undefined)[] = []
  t[Ev.EventBatch] = spec({ name: 'EventBatch', args: ['gen', 'm', 'time', 'size'] })
  t[Ev.Stacks] = spec({ name: 'Stacks' })
  t[Ev.Stack] = spec({ name: 'Stack', args: ['id', 'nframes'], isStack: true })
  t[Ev.Strings] = spec({ name: 'Strings' })
  t[Ev.String] = spec({ name: 'String', args: ['id'], hasData: true })
  t[Ev.CPUSamples] = spec({ name: 'CPUSamples' })
  t[Ev.CPUSample] = spec({
    name: 'CPUSample',
    args: ['time', 'm', 'p', 'g', 'stack'],
    stackIDs: [4],
  })
  t[Ev.Frequency] = spec({ name: 'Frequency', args: ['freq'] })
  t[Ev.ExperimentalBatch] = spec({
    name: 'ExperimentalBatch',
    args: ['exp', 'gen', 'm', 'time'],
    hasData: true,
  })
  t[Ev.Sync] = spec({ name: 'Sync' })
  t[Ev.EndOfGeneration] = spec({ name: 'EndOfGeneration' })
  t[Ev.ProcsChange] = spec({
    name: 'ProcsChange',
    args: ['dt', 'procs_value', 'stack'],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.ProcStart] = spec({ name: 'ProcStart', args: ['dt', 'p', 'p_seq'], isTimedEvent: true })
  t[Ev.ProcStop] = spec({ name: 'ProcStop', args: ['dt'], isTimedEvent: true })
  t[Ev.ProcSteal] = spec({ name: 'ProcSteal', args: ['dt', 'p', 'p_seq', 'm'], isTimedEvent: true })
  t[Ev.ProcStatus] = spec({ name: 'ProcStatus', args: ['dt', 'p', 'pstatus'], isTimedEvent: true })
  t[Ev.GoCreate] = spec({
    name: 'GoCreate',
    args: ['dt', 'new_g', 'new_stack', 'stack'],
    stackIDs: [3, 2],
    isTimedEvent: true,
  })
  t[Ev.GoCreateSyscall] = spec({
    name: 'GoCreateSyscall',
    args: ['dt', 'new_g'],
    isTimedEvent: true,
  })
  t[Ev.GoStart] = spec({ name: 'GoStart', args: ['dt', 'g', 'g_seq'], isTimedEvent: true })
  t[Ev.GoDestroy] = spec({ name: 'GoDestroy', args: ['dt'], isTimedEvent: true })
  t[Ev.GoDestroySyscall] = spec({ name: 'GoDestroySyscall', args: ['dt'], isTimedEvent: true })
  t[Ev.GoStop] = spec({
    name: 'GoStop',
    args: ['dt', 'reason_string', 'stack'],
    stringIDs: [1],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.GoBlock] = spec({
    name: 'GoBlock',
    args: ['dt', 'reason_string', 'stack'],
    stringIDs: [1],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.GoUnblock] = spec({
    name: 'GoUnblock',
    args: ['dt', 'g', 'g_seq', 'stack'],
    stackIDs: [3],
    isTimedEvent: true,
  })
  t[Ev.GoSyscallBegin] = spec({
    name: 'GoSyscallBegin',
    args: ['dt', 'p_seq', 'stack'],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.GoSyscallEnd] = spec({
    name: 'GoSyscallEnd',
    args: ['dt'],
    startEv: Ev.GoSyscallBegin,
    isTimedEvent: true,
  })
  t[Ev.GoSyscallEndBlocked] = spec({
    name: 'GoSyscallEndBlocked',
    args: ['dt'],
    startEv: Ev.GoSyscallBegin,
    isTimedEvent: true,
  })
  t[Ev.GoStatus] = spec({ name: 'GoStatus', args: ['dt', 'g', 'm', 'gstatus'], isTimedEvent: true })
  t[Ev.STWBegin] = spec({
    name: 'STWBegin',
    args: ['dt', 'kind_string', 'stack'],
    stringIDs: [1],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.STWEnd] = spec({ name: 'STWEnd', args: ['dt'], startEv: Ev.STWBegin, isTimedEvent: true })
  t[Ev.GCActive] = spec({
    name: 'GCActive',
    args: ['dt', 'gc_seq'],
    startEv: Ev.GCBegin,
    isTimedEvent: true,
  })
  t[Ev.GCBegin] = spec({
    name: 'GCBegin',
    args: ['dt', 'gc_seq', 'stack'],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.GCEnd] = spec({
    name: 'GCEnd',
    args: ['dt', 'gc_seq'],
    startEv: Ev.GCBegin,
    isTimedEvent: true,
  })
  t[Ev.GCSweepActive] = spec({
    name: 'GCSweepActive',
    args: ['dt', 'p'],
    startEv: Ev.GCSweepBegin,
    isTimedEvent: true,
  })
  t[Ev.GCSweepBegin] = spec({
    name: 'GCSweepBegin',
    args: ['dt', 'stack'],
    stackIDs: [1],
    isTimedEvent: true,
  })
  t[Ev.GCSweepEnd] = spec({
    name: 'GCSweepEnd',
    args: ['dt', 'swept_value', 'reclaimed_value'],
    startEv: Ev.GCSweepBegin,
    isTimedEvent: true,
  })
  t[Ev.GCMarkAssistActive] = spec({
    name: 'GCMarkAssistActive',
    args: ['dt', 'g'],
    startEv: Ev.GCMarkAssistBegin,
    isTimedEvent: true,
  })
  t[Ev.GCMarkAssistBegin] = spec({
    name: 'GCMarkAssistBegin',
    args: ['dt', 'stack'],
    stackIDs: [1],
    isTimedEvent: true,
  })
  t[Ev.GCMarkAssistEnd] = spec({
    name: 'GCMarkAssistEnd',
    args: ['dt'],
    startEv: Ev.GCMarkAssistBegin,
    isTimedEvent: true,
  })
  t[Ev.HeapAlloc] = spec({ name: 'HeapAlloc', args: ['dt', 'heapalloc_value'], isTimedEvent: true })
  t[Ev.HeapGoal] = spec({ name: 'HeapGoal', args: ['dt', 'heapgoal_value'], isTimedEvent: true })
  t[Ev.GoLabel] = spec({
    name: 'GoLabel',
    args: ['dt', 'label_string'],
    stringIDs: [1],
    isTimedEvent: true,
  })
  t[Ev.UserTaskBegin] = spec({
    name: 'UserTaskBegin',
    args: ['dt', 'task', 'parent_task', 'name_string', 'stack'],
    stringIDs: [3],
    stackIDs: [4],
    isTimedEvent: true,
  })
  t[Ev.UserTaskEnd] = spec({
    name: 'UserTaskEnd',
    args: ['dt', 'task', 'stack'],
    stackIDs: [2],
    isTimedEvent: true,
  })
  t[Ev.UserRegionBegin] = spec({
    name: 'UserRegionBegin',
    args: ['dt', 'task', 'name_string', 'stack'],
    stringIDs: [2],
    stackIDs: [3],
    isTimedEvent: true,
  })
  t[Ev.UserRegionEnd] = spec({
    name: 'UserRegionEnd',
    args: ['dt', 'task', 'name_string', 'stack'],
    stringIDs: [2],
    stackIDs: [3],
    startEv: Ev.UserRegionBegin,
    isTimedEvent: true,
  })
  t[Ev.UserLog] = spec({
    name: 'UserLog',
    args: ['dt', 'task', 'key_string', 'value_string', 'stack'],
    stringIDs: [2, 3],
    stackIDs: [4],
    isTimedEvent: true,
  })
  t[Ev.GoSwitch] = spec({ name: 'GoSwitch', args: ['dt', 'g', 'g_seq'], isTimedEvent: true })
  t[Ev.GoSwitchDestroy] = spec({
    name: 'GoSwitchDestroy',
    args: ['dt', 'g', 'g_seq'],
    isTimedEvent: true,
  })
  t[Ev.GoCreateBlocked] = spec({
    name: 'GoCreateBlocked',
    args: ['dt', 'new_g', 'new_stack', 'stack'],
    stackIDs: [3, 2],
    isTimedEvent: true,
  })
  t[Ev.GoStatusStack] = spec({
    name: 'GoStatusStack',
    args: ['dt', 'g', 'm', 'gstatus', 'stack'],
    stackIDs: [4],
    isTimedEvent: true,
  })
  t[Ev.ClockSnapshot] = spec({
    name: 'ClockSnapshot',
    args: ['dt', 'mono', 'sec', 'nsec'],
    isTimedEvent: true,
  })
  t[Ev.Span] = spec({
    name: 'Span',
    args: ['dt', 'id', 'npages_value', 'kindclass'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.SpanAlloc] = spec({
    name: 'SpanAlloc',
    args: ['dt', 'id', 'npages_value', 'kindclass'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.SpanFree] = spec({ name: 'SpanFree', args: ['dt', 'id'], isTimedEvent: true, experiment: 1 })
  t[Ev.HeapObject] = spec({
    name: 'HeapObject',
    args: ['dt', 'id', 'type'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.HeapObjectAlloc] = spec({
    name: 'HeapObjectAlloc',
    args: ['dt', 'id', 'type'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.HeapObjectFree] = spec({
    name: 'HeapObjectFree',
    args: ['dt', 'id'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.GoroutineStack] = spec({
    name: 'GoroutineStack',
    args: ['dt', 'id', 'order'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.GoroutineStackAlloc] = spec({
    name: 'GoroutineStackAlloc',
    args: ['dt', 'id', 'order'],
    isTimedEvent: true,
    experiment: 1,
  })
  t[Ev.GoroutineStackFree] = spec({
    name: 'GoroutineStackFree',
    args: ['dt', 'id'],
    isTimedEvent: true,
    experiment: 1,
  })
  return t
})()
