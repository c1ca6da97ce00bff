import type { Command } from '../command.ts'
import { dump } from './dump.ts'
import { goroutines } from './goroutines.ts'
import { mmu } from './mmu.ts'
import { open } from './open.ts'
import { profile } from './profile.ts'
import { regions } from './regions.ts'
import { sql } from './sql.ts'
import { stats } from './stats.ts'
import { tasks } from './tasks.ts'
import { web } from './web.ts'

/**
 * Every `gotrace` subcommand. To add one: create main/cli/commands/<name>.ts exporting a
 * Command, import it here and add it to the list (alphabetical; `gotrace --help` prints them in
 * this order).
 */
export const commands: readonly Command[] = [
  dump,
  goroutines,
  mmu,
  open,
  profile,
  regions,
  sql,
  stats,
  tasks,
  web,
]
