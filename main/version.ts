import pkg from '../package.json' with { type: 'json' }

/** gotrace's version, from package.json (bundled into the Electron build, read by tsx in the CLI). */
export const VERSION: string = pkg.version
