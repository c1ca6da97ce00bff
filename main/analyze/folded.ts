import type { Profile } from '../../common/analysis-api.ts'

/**
 * A profile as folded stacks (Brendan Gregg's flame graph input): one line per distinct list of
 * function names, root first and separated by ';', then the value (delay ns, or the count).
 * Samples with no stack are shown as "(no stack)"; stacks that differ only in PCs are merged.
 */
export function formatFolded(profile: Profile, value: 'delay' | 'count' = 'delay'): string {
  const lines = new Map<string, number>()
  for (const s of profile.samples) {
    const names: string[] = []
    for (let i = s.stack.length - 1; i >= 0; i--) names.push(profile.frames[s.stack[i]!]!.func)
    const stack = names.length === 0 ? '(no stack)' : names.join(';')
    lines.set(stack, (lines.get(stack) ?? 0) + (value === 'delay' ? s.delayNs : s.count))
  }
  let out = ''
  for (const [stack, v] of lines) out += `${stack} ${v}\n`
  return out
}
