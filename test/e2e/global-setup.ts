import { ensureWebBuild } from '../../main/serve/web-build.ts'

/** Builds out/web once before the browser tests, so no test's timeout includes a Vite build. */
export default async function setup(): Promise<void> {
  await ensureWebBuild({ log: (m) => console.log(m) })
}
