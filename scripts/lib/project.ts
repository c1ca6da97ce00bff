import { fileURLToPath } from 'node:url'

/** The repository root (this file is scripts/lib/project.ts). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
