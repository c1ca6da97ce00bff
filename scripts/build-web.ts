// `npm run build:web`: builds the renderer for web mode into out/web (what `gotrace web` serves;
// it also builds on demand when out/web is missing or stale).
import { ensureWebBuild } from '../main/serve/web-build.ts'

const dir = await ensureWebBuild({ force: true, log: (m) => console.error(m) })
console.error(`gotrace: web UI built in ${dir}`)
