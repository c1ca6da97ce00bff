import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { EngineApi, TraceInfo } from '../../common/engine-api.ts'
import { VERSION } from '../version.ts'
import { readTraceHeader } from './trace-header.ts'

export interface EngineOptions {
  /** The trace to open; relative paths are resolved against the current directory. */
  tracePath?: string | undefined
  /**
   * Path of an Electron-ABI better_sqlite3.node (see main/store/native-binding.ts); undefined
   * means the Node build in node_modules. Unused until the store lands; carried from here so the
   * wiring is tested now.
   */
  nativeBinding?: string | undefined
}

/**
 * The Node implementation of EngineApi. It runs in the CLI process, in the web server process
 * and in Electron's engine utility process alike. The trace file is only ever read.
 */
export function createEngine(options: EngineOptions = {}): EngineApi {
  const tracePath = options.tracePath === undefined ? undefined : resolve(options.tracePath)
  return {
    version() {
      return Promise.resolve(VERSION)
    },
    async traceInfo(): Promise<TraceInfo | undefined> {
      if (tracePath === undefined) return undefined
      // Read afresh on each call: cheap, and never stale if the file is re-recorded.
      const [info, header] = await Promise.all([stat(tracePath), readTraceHeader(tracePath)])
      return { path: tracePath, sizeBytes: info.size, header }
    },
  }
}
