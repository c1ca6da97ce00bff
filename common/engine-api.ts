/**
 * The one interface between the engine (Node: decoder, store, analyses) and everything that
 * shows its results: the renderer in Electron (over a MessagePort), the renderer in a browser
 * (over a WebSocket) and the CLI (in-process). Every method is async because two of those three
 * are remote; values must survive the wire codec (common/wire.ts) and structured clone, so use
 * plain objects, arrays, strings, numbers, bigint and typed arrays — no classes or functions.
 *
 * Later issues add viewport queries here; keep each addition small and documented.
 */
export interface EngineApi {
  /** gotrace's version (package.json). */
  version(): Promise<string>
  /** The trace this engine was opened on, or undefined when it was started without one. */
  traceInfo(): Promise<TraceInfo | undefined>
}

export interface TraceInfo {
  /** Absolute path of the trace file, as the engine opened it. */
  path: string
  sizeBytes: number
  /** The trace header without its NUL padding, e.g. "go 1.26 trace"; "unknown" otherwise. */
  header: string
}
