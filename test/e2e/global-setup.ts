import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ensureWebBuild } from '../../main/serve/web-build.ts'

/**
 * Builds out/web and the CLI's bundle (out/cli, on the first `gotrace` run) once before the
 * browser tests, so no test's timeout includes a build.
 */
export default async function setup(): Promise<void> {
  await ensureWebBuild({ log: (m) => console.log(m) })
  execFileSync(process.execPath, [
    fileURLToPath(new URL('../../bin/gotrace.js', import.meta.url)),
    '--version',
  ])
}
