/**
 * A map from integer IDs to values that is an array for the small, dense IDs real traces use
 * (goroutines, procs, stacks and strings count up from 1) and a Map for anything else, so a
 * corrupt trace with huge IDs costs no memory.
 */
const DENSE_LIMIT = 1 << 22

export class IntMap<T> {
  private dense: (T | undefined)[] = []
  private sparse: Map<number, T> | undefined
  private count = 0

  get(id: number): T | undefined {
    if (id >= 0 && id < DENSE_LIMIT && (id | 0) === id) return this.dense[id]
    return this.sparse?.get(id)
  }

  has(id: number): boolean {
    return this.get(id) !== undefined
  }

  set(id: number, value: T): void {
    if (id >= 0 && id < DENSE_LIMIT && (id | 0) === id) {
      // Grow with holes filled, so the array stays packed (fast) rather than dictionary-mode.
      while (this.dense.length <= id) this.dense.push(undefined)
      if (this.dense[id] === undefined) this.count++
      this.dense[id] = value
      return
    }
    this.sparse ??= new Map()
    if (!this.sparse.has(id)) this.count++
    this.sparse.set(id, value)
  }

  delete(id: number): void {
    if (id >= 0 && id < DENSE_LIMIT && (id | 0) === id) {
      if (this.dense[id] !== undefined) this.count--
      this.dense[id] = undefined
      return
    }
    if (this.sparse?.delete(id) === true) this.count--
  }

  get size(): number {
    return this.count
  }

  *entries(): IterableIterator<[number, T]> {
    for (let i = 0; i < this.dense.length; i++) {
      const v = this.dense[i]
      if (v !== undefined) yield [i, v]
    }
    if (this.sparse !== undefined) yield* this.sparse.entries()
  }
}
