// A max-heap of sample ids keyed by a priority, with a position index so that an id's priority can
// be updated or the id removed in O(log n). The TD-error indicator (ATraDiff §4.3) keeps samples in
// one of these.
export class IndexedMaxHeap {
  private ids: number[] = [];
  private priorities: number[] = [];
  private readonly position = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: number): boolean {
    return this.position.has(id);
  }

  priorityOf(id: number): number | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.priorities[i];
  }

  /** Inserts id, or updates its priority when it is already in the heap. */
  set(id: number, priority: number): void {
    if (Number.isNaN(priority)) throw new Error(`Sample ${id} was given a priority of NaN.`);
    const at = this.position.get(id);
    if (at !== undefined) {
      const old = this.priorities[at];
      this.priorities[at] = priority;
      if (priority > old) this.up(at);
      else this.down(at);
      return;
    }
    this.ids.push(id);
    this.priorities.push(priority);
    this.position.set(id, this.ids.length - 1);
    this.up(this.ids.length - 1);
  }

  /** The heap's array layout (ties pop in layout order), for checkpoints. */
  get state(): { ids: number[]; priorities: number[] } {
    return { ids: [...this.ids], priorities: [...this.priorities] };
  }

  /** Restores a layout saved from `state` exactly. */
  restore(s: { ids: number[]; priorities: number[] }): void {
    if (s.ids.length !== s.priorities.length || new Set(s.ids).size !== s.ids.length)
      throw new Error("A saved heap needs one priority per id and distinct ids.");
    this.ids = [...s.ids];
    this.priorities = [...s.priorities];
    this.position.clear();
    this.ids.forEach((id, i) => this.position.set(id, i));
  }

  /** The id of highest priority, removed; undefined when empty. */
  pop(): { id: number; priority: number } | undefined {
    if (this.ids.length === 0) return undefined;
    const top = { id: this.ids[0], priority: this.priorities[0] };
    this.removeAt(0);
    return top;
  }

  remove(id: number): boolean {
    const at = this.position.get(id);
    if (at === undefined) return false;
    this.removeAt(at);
    return true;
  }

  private removeAt(i: number): void {
    const last = this.ids.length - 1;
    this.position.delete(this.ids[i]);
    if (i !== last) {
      this.ids[i] = this.ids[last];
      this.priorities[i] = this.priorities[last];
      this.position.set(this.ids[i], i);
    }
    this.ids.pop();
    this.priorities.pop();
    if (i < this.ids.length) {
      this.up(i);
      this.down(i);
    }
  }

  private swap(a: number, b: number): void {
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
    [this.priorities[a], this.priorities[b]] = [this.priorities[b], this.priorities[a]];
    this.position.set(this.ids[a], a);
    this.position.set(this.ids[b], b);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorities[parent] >= this.priorities[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < n && this.priorities[l] > this.priorities[best]) best = l;
      if (r < n && this.priorities[r] > this.priorities[best]) best = r;
      if (best === i) return;
      this.swap(i, best);
      i = best;
    }
  }
}
