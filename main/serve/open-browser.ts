import { spawn } from 'node:child_process'

/** Opens url in the user's default browser; reports failure instead of throwing. */
export function openInBrowser(url: string, onError: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  const child = spawn(command, args, { stdio: 'ignore', detached: true })
  child.on('error', (err) =>
    onError(`could not open a browser (${err.message}); open the URL yourself`),
  )
  child.unref()
}
