-- gotrace event store: the schema of the SQLite file gotrace builds from one Go execution trace.
--
-- schema-version: 11
--
-- This file is the single source of truth for the store's layout; code reads it, never repeats it.
-- Bump schema-version whenever a table or column changes: cached stores of an older version are
-- rebuilt from their trace.
--
-- Conventions
--   * Times (*_ns) are INTEGER nanoseconds since the start of the trace: the first Sync event of
--     Go's parser (meta 'epoch_ns' holds that instant on the trace clock, as decimal text).
--   * Goroutine (gid), proc (p) and thread (m) IDs are Go's; -1 means none.
--   * Stacks are deduplicated across the whole trace: stack 0 is the empty stack, and a NULL stack
--     column means the event had none. Frames of a stack are in stack_frames, leaf first.
--   * Text (function and file names, reasons, region and task types, labels, log text) is
--     interned in `strings`; *_id columns refer to it (0 is the empty string).
--   * An interval still open when the trace ends has end_ns NULL.
--   * Indexes are created after the bulk load (the INDEXES section).
--   * The *_chunks tables are rowid tables: chunks arrive in time order, interleaved across
--     goroutines, procs and series, and appending them is cheap where inserting each into its
--     place in a WITHOUT ROWID table is not (on a 1 GB store, pages were evicted and read back
--     about once per chunk). Their (key, seq) primary key is a small index of its own.

-- Facts about the trace and the store: schema_version, gotrace_version, trace_path, trace_bytes,
-- trace_sha256, format ("go 1.26 trace"), epoch_ns, start_ns (time of the first Sync: 0, or -1
-- for Go 1.21 and older, whose first Sync Go puts 1 ns before the first event), duration_ns
-- (time of the last event), generations, events, complete
-- (1, or 0 for a trace that broke off), warning (why it is incomplete), ingest_seconds,
-- ingest_threads (2 when a worker thread wrote the chunk tables, 1 otherwise).
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value
) WITHOUT ROWID;

CREATE TABLE strings (
  id INTEGER PRIMARY KEY,
  value TEXT NOT NULL
);

-- One row per distinct program counter.
CREATE TABLE frames (
  id INTEGER PRIMARY KEY,
  pc INTEGER NOT NULL,
  func_id INTEGER NOT NULL,  -- function name (strings)
  file_id INTEGER NOT NULL,  -- source file (strings)
  line INTEGER NOT NULL
);

-- One row per distinct stack; its frames are in stack_frames.
CREATE TABLE stacks (
  id INTEGER PRIMARY KEY,
  depth INTEGER NOT NULL      -- number of frames
);

CREATE TABLE stack_frames (
  stack_id INTEGER NOT NULL,
  pos INTEGER NOT NULL,       -- 0 is the leaf (innermost call)
  frame_id INTEGER NOT NULL,
  PRIMARY KEY (stack_id, pos)
) WITHOUT ROWID;

-- Every goroutine the trace mentions.
CREATE TABLE goroutines (
  gid INTEGER PRIMARY KEY,
  -- Go's name for the goroutine: the outermost frame of its first transition stack (the
  -- function it was started with, for goroutines created in the trace); 0 if never seen.
  name_id INTEGER NOT NULL,
  name_pc INTEGER,
  created_ns INTEGER,         -- creation (GoCreate); NULL if it existed when tracing began
  parent_gid INTEGER,         -- the creating goroutine, -1 for none or unknown
  create_stack INTEGER,       -- where the parent was when it executed the go statement
  start_stack INTEGER,        -- the new goroutine's stack at creation (its start function)
  first_run_ns INTEGER,       -- first time it was running (Go's StartTime); NULL if never ran
  end_ns INTEGER,             -- exit, or a block "forever" (Go's EndTime); NULL if alive at the end
  is_system INTEGER NOT NULL, -- runtime goroutine (name "" or runtime.* other than runtime.main)
  label_id INTEGER NOT NULL   -- last label (GC workers: "GC (dedicated)" ...), 0 for none
);

-- What each goroutine was doing, as consecutive intervals: Go's goroutine state transitions.
-- NotExist and Undetermined are not stored; a status event that repeats the current state (at a
-- generation boundary) extends the interval rather than starting a new one.
--
-- Traces hold tens of millions of these, so they are stored in chunks: each row holds up to
-- 1024 consecutive intervals of one goroutine, encoded in `data` as below. `gotrace sql` shows
-- them decoded as the virtual table goroutine_states. A chunk's row also summarises it (count,
-- busy_ns), which is all a zoomed-out timeline needs where the chunk is narrower than a pixel:
-- chunks double as the level of detail.
--
-- data: for each interval, in order (uvarint = unsigned LEB128; svarint = zigzag, then uvarint).
-- Most fields repeat the previous interval's (a goroutine's next state starts where and with the
-- stack the last one ended, on the same P and M), so a head byte says which ones follow; at the
-- start of a row, "previous" means end = the row's start_ns, end stack none, P and M -1.
--   byte     head: bits 0-2 state: 2 runnable, 3 running, 4 waiting, 5 syscall (Go's GoState)
--                  bit 3 the interval began before the trace did (Undetermined)
--                  bit 4 GAP: it does not start where the previous interval ended
--                  bit 5 START_STACK: its start stack is not the previous interval's end stack
--                  bit 6 PM: its P and M are not the previous interval's
--                  bit 7 REASON: it has a reason
--   svarint  if GAP: start_ns - previous interval's end
--   uvarint  end_ns - start_ns + 1, or 0 if still open when the trace ended
--   uvarint  if REASON: reason_id, why it stopped or blocked ("chan receive", "preempted", ...);
--            else 0
--   uvarint  if START_STACK: start_stack + 1, or 0 for none: Go's Event.Stack() of the event
--            that entered the state: the goroutine's own stack for a block, stop or syscall, the
--            waker's stack for an unblock, the creator's for a creation (the stacks Go's
--            profiles use)
--   uvarint  end_stack + 1, or 0: Event.Stack() of the event that ended the state
--   svarint  if PM: p, the P of the event that entered the state (running: the P it ran on),
--            -1 none; then svarint m, the thread of that event, -1 none
--   svarint  runnable only: cause_gid, the goroutine that made it runnable (unblock, creation),
--            -1 if none; -1 for the other states
--   uvarint  syscalls only: blocked_ns - start_ns + 1, when the P was taken away because the
--            syscall blocked; 0 if it was not
CREATE TABLE goroutine_state_chunks (
  gid INTEGER NOT NULL,
  seq INTEGER NOT NULL,       -- 0, 1, 2 ... in time order
  start_ns INTEGER NOT NULL,  -- start of the first interval
  end_ns INTEGER NOT NULL,    -- latest end (or start, for an open interval) in the chunk
  count INTEGER NOT NULL,     -- number of intervals
  busy_ns INTEGER NOT NULL,   -- time spent running in the chunk's intervals
  data BLOB NOT NULL,
  PRIMARY KEY (gid, seq)
);

-- Sums for the whole-trace blocking and scheduling profiles, kept at ingest: per state (2
-- runnable, 4 waiting, 5 syscall), reason and stack (stack_id 0 also for no stack), the closed
-- intervals counted from each goroutine's first run (or from the trace start for a goroutine
-- that never ran), as `go tool trace -pprof` counts them: how many, their total duration, and
-- the latest end (which stack a merged profile record shows).
CREATE TABLE state_totals (
  state INTEGER NOT NULL,
  reason_id INTEGER NOT NULL,
  stack_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  delay_ns INTEGER NOT NULL,
  last_end_ns INTEGER NOT NULL,
  PRIMARY KEY (state, reason_id, stack_id)
) WITHOUT ROWID;

-- The time Go's goroutine analysis charges each goroutine with, kept at ingest
-- (store/build/goroutine-totals.ts): kind 1 execution, 2 scheduler wait, 3 syscall, 4 blocked in
-- a syscall, 5 blocked (reason_id: why; 0 for the other kinds); ns the total.
CREATE TABLE goroutine_totals (
  gid INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  reason_id INTEGER NOT NULL,
  ns INTEGER NOT NULL,
  PRIMARY KEY (gid, kind, reason_id)
) WITHOUT ROWID;

-- Which goroutine occupied each P (running, or in a syscall while still holding the P), and
-- each thread (running or in a syscall), in chunks like goroutine_state_chunks (busy_ns: the
-- time covered by the chunk's runs). data, for each run: svarint start_ns - previous end;
-- uvarint end_ns - start_ns + 1 (0: open); svarint gid; byte state (3 running, 5 syscall).
CREATE TABLE proc_run_chunks (
  p INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,
  busy_ns INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (p, seq)
);

CREATE TABLE thread_run_chunks (
  m INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,
  busy_ns INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (m, seq)
);

-- Level of detail for the busiest tracks, procs and threads (millions of runs each in big
-- traces): their runs merged at coarse resolutions as a zoomed-out view merges them, in chunks
-- like the above, so a view of the whole trace reads thousands of merged spans, not millions.
-- level: log2 of the resolution in ns (13, 16, 19, 22, 25: 8 µs to 34 ms per pixel). Spans at
-- least that wide are kept whole; runs of narrower ones become one summary span. data, per span:
-- svarint start_ns - previous end_ns; uvarint end_ns - start_ns; byte code (3 running, 5 syscall,
-- 0 summary); svarint id (goroutine; for a summary that of its longest run); uvarint number of
-- runs it stands for; byte busy fraction * 255.
CREATE TABLE lod_chunks (
  kind INTEGER NOT NULL,      -- 2 proc, 3 thread
  level INTEGER NOT NULL,
  key INTEGER NOT NULL,       -- p or m
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,     -- merged spans in the row
  busy_ns INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (kind, level, key, seq)
);

-- When each P was running (held by a thread).
CREATE TABLE proc_states (
  p INTEGER NOT NULL,
  m INTEGER NOT NULL,         -- the thread holding the P (-1 if unknown)
  start_ns INTEGER NOT NULL,
  end_ns INTEGER,
  flags INTEGER NOT NULL      -- bit 0: began before the trace did
);

-- GC mark phases and stop-the-world pauses (a few per GC cycle). Sweeps and mark assists, the
-- other GC ranges, are in gc_work_chunks.
CREATE TABLE ranges (
  id INTEGER PRIMARY KEY,
  kind INTEGER NOT NULL,      -- 1 GC mark phase, 4 stop-the-world (2 and 3: gc_work_chunks)
  name_id INTEGER NOT NULL,   -- Go's range name, e.g. "stop-the-world (GC mark termination)"
  gid INTEGER NOT NULL,       -- goroutine scope (STW), else -1
  p INTEGER NOT NULL,         -- the P of the begin event
  start_ns INTEGER,           -- NULL: already active when tracing began
  end_ns INTEGER,
  start_stack INTEGER,
  end_stack INTEGER,
  swept_bytes INTEGER,        -- NULL (sweeps only)
  reclaimed_bytes INTEGER
);

-- Sweeps (kind 2, "GC incremental sweep": key is the P) and mark assists (kind 3, "GC mark
-- assist": key is the goroutine), about one per microsecond of a busy program: in chunks like
-- proc_run_chunks (busy_ns: the time the chunk's ranges cover). data, for each range, in time
-- order:
--   svarint  start_ns - previous end_ns (the row's start_ns for the first)
--   uvarint  end_ns - start_ns + 1, or 0 if still going when the trace ended
--   byte     flags: bit 0, began before the trace did (start_ns is then when the trace first
--            saw it, its RangeActive event)
--   svarint  the P of the begin event for an assist; -1 for a sweep
--   uvarint  start_stack + 1, or 0 for none; then uvarint end_stack + 1, or 0
--   uvarint  swept_bytes + 1, then uvarint reclaimed_bytes + 1: 0 if unknown (always, for assists)
CREATE TABLE gc_work_chunks (
  kind INTEGER NOT NULL,
  key INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,
  busy_ns INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (kind, key, seq)
);

-- User tasks (runtime/trace.NewTask).
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,     -- Go's task ID
  parent_id INTEGER,          -- NULL for none
  type_id INTEGER NOT NULL,
  start_ns INTEGER,           -- NULL: began before the trace
  end_ns INTEGER,
  start_gid INTEGER,
  end_gid INTEGER,
  start_stack INTEGER,
  end_stack INTEGER
);

-- User regions (runtime/trace.StartRegion, WithRegion), one row per instance.
CREATE TABLE regions (
  id INTEGER PRIMARY KEY,
  gid INTEGER NOT NULL,
  task_id INTEGER NOT NULL,   -- 0: the background task
  type_id INTEGER NOT NULL,
  depth INTEGER NOT NULL,     -- nesting depth within the goroutine, 0 outermost
  start_ns INTEGER,           -- NULL: began before the trace
  end_ns INTEGER,
  start_stack INTEGER,
  end_stack INTEGER
);

-- User logs (runtime/trace.Log).
CREATE TABLE logs (
  id INTEGER PRIMARY KEY,
  time_ns INTEGER NOT NULL,
  gid INTEGER NOT NULL,
  task_id INTEGER NOT NULL,
  category_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL,
  stack INTEGER
);

-- Counter series, as chunks of up to 4096 changes of value (goroutine counts change with almost
-- every event). Each row also holds the minimum and maximum of its values, so a zoomed-out view
-- can draw a chunk narrower than a pixel without decoding it. data, for each change:
-- svarint time_ns - previous time (the row's start_ns for the first); svarint value - previous
-- value (0 before the first).
--   series: 1 heap live bytes, 2 heap goal bytes, 3 GOMAXPROCS, 4 goroutines running,
--   5 runnable, 6 waiting, 7 in syscall, 8 threads running (Ps held)
-- The counts (4-8) change with almost every event; they keep the last value of each microsecond
-- that had changes, timed at that microsecond's first change.
CREATE TABLE counter_chunks (
  series INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,  -- time of the first change
  end_ns INTEGER NOT NULL,    -- time of the last change
  count INTEGER NOT NULL,
  min_value INTEGER NOT NULL,
  max_value INTEGER NOT NULL,
  last_value INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (series, seq)
);

-- Counter series at coarse levels of detail: per bucket of 2^level ns that had changes, the
-- minimum, maximum and last value (levels 16, 20, 24: 65 µs, 1 ms, 16.8 ms). data, per bucket:
-- svarint time of its first change - previous bucket's; svarint min - previous bucket's last;
-- uvarint max - min; uvarint last - min.
CREATE TABLE counter_lod_chunks (
  series INTEGER NOT NULL,
  level INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  count INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (series, level, seq)
);

CREATE TABLE counter_series (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  unit TEXT NOT NULL
);

-- CPU profile samples taken while tracing.
CREATE TABLE cpu_samples (
  time_ns INTEGER NOT NULL,
  gid INTEGER NOT NULL,
  p INTEGER NOT NULL,
  m INTEGER NOT NULL,
  stack INTEGER
);

-- Inputs of the mutator utilization, for the MMU analysis: the events Go's MutatorUtilizationV2
-- (internal/trace/gc.go) depends on, in trace order, replayed on query for the flags asked for
-- (main/store/build/mmu.ts): GOMAXPROCS metrics; stop-the-world (with "GC" in the name), sweep
-- and mark assist ranges (RangeActive only before the second Sync); labels starting with "GC ";
-- starts and stops of executing of goroutines that had such a label or are in a mark assist; the
-- first event after an input that is at another time (a tick: it takes a point Go's same-time
-- rule left pending); the last event. Nothing before the first GOMAXPROCS metric but the metric.
-- Rows hold up to 16384 inputs.
-- data, for each input: a byte, kind in bits 0-2 and an argument in bits 3-5; svarint time_ns -
-- the previous input's (the first: - start_ns, so 0); then by kind:
--   0 tick, 7 last event: nothing more
--   1 GOMAXPROCS: uvarint the value (argument 0)
--   2 RangeActive, 3 RangeBegin, 4 RangeEnd: uvarint p + 1, uvarint g + 1 (the range's goroutine,
--     or 0 if not goroutine-scoped); argument: bits 0-1 the range, 1 stop-the-world, 2 sweep, 3
--     mark assist; bit 2 (RangeActive) whether the event's goroutine was executing
--   5 goroutine transition: uvarint p + 1, uvarint g + 1; argument 1 starts executing, 0 stops
--   6 label: uvarint p + 1, uvarint g + 1; argument 1 "GC (idle)", 2 "GC (dedicated)", 3 other
CREATE TABLE mmu_inputs (
  seq INTEGER PRIMARY KEY,    -- 0, 1, 2 ... in trace order
  start_ns INTEGER NOT NULL,  -- time of the first input
  end_ns INTEGER NOT NULL,    -- time of the last input
  count INTEGER NOT NULL,     -- number of inputs
  data BLOB NOT NULL
);

-- Indexes kept up while the tables load. They are small (a row per chunk of a thousand spans),
-- while building them afterwards would read every page of their big tables again (a second or
-- more at the end of a 200 MB trace's ingest).
-- Chunk summaries by time, covering what a zoomed-out query reads without touching the blobs.
CREATE INDEX goroutine_state_chunks_by_time ON goroutine_state_chunks (gid, start_ns, end_ns, count, busy_ns);
CREATE INDEX proc_run_chunks_by_time ON proc_run_chunks (p, start_ns, end_ns, count, busy_ns);
CREATE INDEX thread_run_chunks_by_time ON thread_run_chunks (m, start_ns, end_ns, count, busy_ns);
CREATE INDEX lod_chunks_by_time ON lod_chunks (kind, level, key, start_ns, end_ns, count, busy_ns);
CREATE INDEX counter_lod_chunks_by_time ON counter_lod_chunks (series, level, start_ns, end_ns);
CREATE INDEX counter_chunks_by_time ON counter_chunks (series, start_ns, end_ns, min_value, max_value, last_value);

-- INDEXES (created after the bulk load)
CREATE INDEX proc_states_by_p ON proc_states (p, start_ns);
CREATE INDEX proc_states_by_m ON proc_states (m, start_ns);
CREATE INDEX regions_by_gid ON regions (gid, start_ns);
CREATE INDEX regions_by_task ON regions (task_id);
CREATE INDEX regions_by_type ON regions (type_id);
CREATE INDEX logs_by_task ON logs (task_id);
CREATE INDEX cpu_samples_by_time ON cpu_samples (time_ns);
