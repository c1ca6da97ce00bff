#!/usr/bin/env node
// The `gotrace` command: `npx gotrace` works right after `npm install`, with no build step. It
// runs a bundle of the CLI, (re)built on first use (cli-bundle.js), or else the TypeScript
// sources through tsx. All logic is in main/cli/main.ts.
import { cliBundle } from './cli-bundle.js'

const { runCli } = await loadCli()

async function loadCli() {
  const bundle = await cliBundle()
  if (bundle !== undefined) return import(bundle)
  const { register } = await import('tsx/esm/api')
  register()
  return import('../main/cli/main.ts')
}

// Ctrl+C / SIGTERM ask long-running commands to stop cleanly through io.signal; a command that
// ignores it is stopped anyway after a grace period, and a second signal kills at once.
const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    controller.abort()
    setTimeout(() => process.exit(130), 3000).unref()
  })
}
// `gotrace dump trace.out | head` closes our stdout early: that is success, not a crash.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
})
