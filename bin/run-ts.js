#!/usr/bin/env node
// Runs a TypeScript file through tsx: `node bin/run-ts.js path/to/file.ts [args...]`.
// Used by npm scripts (start, dist, benchmarks) so none of them needs a build step. The script
// sees process.argv as if it had been started directly: [node, file, ...args].
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

const [file, ...args] = process.argv.slice(2)
if (file === undefined) {
  console.error('usage: node bin/run-ts.js FILE.ts [ARGS...]')
  process.exit(2)
}
register()
const path = resolve(file)
process.argv = [process.argv[0], path, ...args]
await import(pathToFileURL(path).href)
