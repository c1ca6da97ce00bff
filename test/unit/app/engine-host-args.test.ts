import { describe, expect, it } from 'vitest'
import { traceArgFromArgv } from '../../../main/app/argv.ts'
import { engineHostArgs, parseEngineHostArgs } from '../../../main/app/engine-host-args.ts'

describe('engine host arguments', () => {
  it('round-trip, including paths with spaces and "="', () => {
    const options = { tracePath: '/tmp/my trace=1.out', nativeBinding: '/x/better_sqlite3.node' }
    expect(parseEngineHostArgs(engineHostArgs(options))).toEqual(options)
  })

  it('are found among whatever else Electron puts in argv', () => {
    const argv = ['/opt/electron', '--type=utility', '--trace=/t.out', 'stray', '--lang=en']
    expect(parseEngineHostArgs(argv)).toEqual({ tracePath: '/t.out', nativeBinding: undefined })
  })

  it('may be empty', () => {
    expect(engineHostArgs({})).toEqual([])
    expect(parseEngineHostArgs([])).toEqual({ tracePath: undefined, nativeBinding: undefined })
  })
})

describe('traceArgFromArgv', () => {
  it('skips the app path in development and Chromium switches anywhere', () => {
    expect(traceArgFromArgv(['electron', '.', '--no-sandbox', 'a.out'], false, '/w')).toBe(
      '/w/a.out',
    )
    expect(traceArgFromArgv(['electron', '.'], false, '/w')).toBeUndefined()
  })

  it('takes the first argument of a packaged app', () => {
    expect(traceArgFromArgv(['/opt/gotrace/gotrace', '/abs/t.out'], true, '/w')).toBe('/abs/t.out')
  })
})
