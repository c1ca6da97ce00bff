import type { Event } from '../../decode/event.ts'
import { NoTask } from '../../decode/model.ts'
import type { Sink } from './sink.ts'

interface OpenRegion {
  taskId: number
  typeId: number
  startNs: number
  startStack: number | null
}

interface TaskRec {
  parentId: number | null
  typeId: number
  startNs: number | null
  endNs: number | null
  startGid: number | null
  endGid: number | null
  startStack: number | null
  endStack: number | null
}

/** User regions, per goroutine, with their nesting depth. */
export class RegionTracker {
  private readonly open = new Map<number, OpenRegion[]>()

  constructor(private readonly sink: Sink) {}

  begin(ev: Event): void {
    let stack = this.open.get(ev.g)
    if (stack === undefined) this.open.set(ev.g, (stack = []))
    stack.push({
      taskId: ev.regionTask(),
      typeId: this.sink.intern.string(ev.regionType()),
      startNs: ev.time,
      startStack: this.stack(ev),
    })
  }

  end(ev: Event): void {
    const stack = this.open.get(ev.g)
    const r = stack?.pop()
    const typeId = this.sink.intern.string(ev.regionType())
    if (r === undefined) {
      // Began before the trace did (Go's ordering accepts an end with no begin).
      this.write(ev.g, ev.regionTask(), typeId, 0, null, ev.time, null, this.stack(ev))
      return
    }
    this.write(
      ev.g,
      r.taskId,
      r.typeId,
      stack!.length,
      r.startNs,
      ev.time,
      r.startStack,
      this.stack(ev),
    )
  }

  /** A goroutine's regions end with it. */
  goroutineEnded(gid: number, timeNs: number): void {
    this.closeAll(gid, timeNs)
  }

  finish(): void {
    for (const gid of [...this.open.keys()]) this.closeAll(gid, null)
  }

  private closeAll(gid: number, endNs: number | null): void {
    const stack = this.open.get(gid)
    if (stack === undefined) return
    while (stack.length > 0) {
      const r = stack.pop()!
      this.write(gid, r.taskId, r.typeId, stack.length, r.startNs, endNs, r.startStack, null)
    }
    this.open.delete(gid)
  }

  private write(
    gid: number,
    taskId: number,
    typeId: number,
    depth: number,
    startNs: number | null,
    endNs: number | null,
    startStack: number | null,
    endStack: number | null,
  ): void {
    this.sink.regions.add(gid, taskId, typeId, depth, startNs, endNs, startStack, endStack)
  }

  private stack(ev: Event): number | null {
    return this.sink.intern.eventStack(ev)
  }
}

/** User tasks and logs. */
export class TaskTracker {
  private readonly tasks = new Map<number, TaskRec>()

  constructor(private readonly sink: Sink) {}

  private task(id: number): TaskRec {
    let t = this.tasks.get(id)
    if (t === undefined) {
      t = {
        parentId: null,
        typeId: 0,
        startNs: null,
        endNs: null,
        startGid: null,
        endGid: null,
        startStack: null,
        endStack: null,
      }
      this.tasks.set(id, t)
    }
    return t
  }

  begin(ev: Event): void {
    const info = ev.task()
    const t = this.task(info.id)
    t.parentId = info.parent === NoTask ? null : info.parent
    t.typeId = this.sink.intern.string(info.type)
    t.startNs = ev.time
    t.startGid = ev.g
    t.startStack = this.stack(ev)
  }

  end(ev: Event): void {
    const info = ev.task()
    const t = this.task(info.id)
    if (t.typeId === 0 && info.type !== '') t.typeId = this.sink.intern.string(info.type)
    if (t.parentId === null && info.parent !== NoTask && info.parent !== 0) t.parentId = info.parent
    t.endNs = ev.time
    t.endGid = ev.g
    t.endStack = this.stack(ev)
  }

  log(ev: Event): void {
    const intern = this.sink.intern
    this.sink.logs.add(
      ev.time,
      ev.g,
      ev.logTask(),
      intern.string(ev.logCategory()),
      intern.string(ev.logMessage()),
      this.stack(ev),
    )
  }

  finish(): void {
    for (const [id, t] of this.tasks) {
      this.sink.tasks.add(
        id,
        t.parentId,
        t.typeId,
        t.startNs,
        t.endNs,
        t.startGid,
        t.endGid,
        t.startStack,
        t.endStack,
      )
    }
  }

  private stack(ev: Event): number | null {
    return this.sink.intern.eventStack(ev)
  }
}
