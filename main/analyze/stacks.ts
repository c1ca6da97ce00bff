import type Database from 'better-sqlite3'
import type { ProfileFrame } from '../../common/analysis-api.ts'

/** The frames of stacks (leaf first), by store stack id. Stack 0 (and any unknown id) is empty. */
export function readStacks(
  db: Database.Database,
  ids: Iterable<number>,
): Map<number, ProfileFrame[]> {
  const select = db.prepare(
    `SELECT f.pc, fn.value AS func, fl.value AS file, f.line
     FROM stack_frames sf
     JOIN frames f ON f.id = sf.frame_id
     JOIN strings fn ON fn.id = f.func_id
     JOIN strings fl ON fl.id = f.file_id
     WHERE sf.stack_id = ? ORDER BY sf.pos`,
  )
  const out = new Map<number, ProfileFrame[]>()
  for (const id of ids) {
    if (!out.has(id)) out.set(id, id <= 0 ? [] : (select.all(id) as ProfileFrame[]))
  }
  return out
}
