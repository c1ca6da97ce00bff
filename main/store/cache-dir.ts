import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where stores are kept: GOTRACE_CACHE_DIR if set, else the platform's per-user cache folder.
 */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.GOTRACE_CACHE_DIR) return env.GOTRACE_CACHE_DIR
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'gotrace')
  if (platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'gotrace', 'Cache')
  }
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'gotrace')
}
