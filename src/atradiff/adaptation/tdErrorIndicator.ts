// The TD-error importance indicator (ATraDiff §4.3): importance = |r + gamma Q'(s', a') - Q(s, a)|
// from the agent's own critic (agent.tdError). The newest heapCapacity real samples (ids = D_o
// store serials) are kept in a max-heap keyed by their last computed TD error; samples enter with
// the agent's current TD error; each adaptation draws the topK most important ones and refreshes
// their priorities with the agent's current TD error before putting them back (the indicator is
// dynamic: it changes as Q learns).
import { IndexedMaxHeap } from "./indexedMaxHeap.js";

export interface TdErrorScorer {
  /** Current |TD error| of each sample id, in order. */
  score(ids: readonly number[]): Float32Array;
}

export interface TdErrorIndicatorState {
  heap: { ids: number[]; priorities: number[] };
  /** Ids still waiting to leave by age, oldest first (may name ids already gone). */
  arrival: number[];
}

export class TdErrorIndicator {
  readonly heap = new IndexedMaxHeap();
  /** Ids in the heap, oldest first: the oldest leaves when the heap is full. */
  private readonly arrival: number[] = [];
  private arrivalHead = 0;

  constructor(
    readonly capacity: number,
    readonly topK: number,
  ) {
    if (!Number.isInteger(topK) || topK < 1 || topK > capacity)
      throw new Error(`The TD heap needs 1 <= topK <= capacity (${capacity}), got ${topK}.`);
  }

  get size(): number {
    return this.heap.size;
  }

  /** Adds new samples with their current TD error (the oldest samples leave a full heap). */
  add(ids: readonly number[], scorer: TdErrorScorer): void {
    if (ids.length === 0) return;
    const td = scorer.score(ids);
    ids.forEach((id, i) => {
      if (!this.heap.has(id)) this.arrival.push(id);
      this.heap.set(id, td[i]);
    });
    while (this.heap.size > this.capacity) this.heap.remove(this.arrival[this.arrivalHead++]);
    if (this.arrivalHead > 4096 && this.arrivalHead * 2 > this.arrival.length) {
      this.arrival.splice(0, this.arrivalHead);
      this.arrivalHead = 0;
    }
  }

  /** Everything needed to continue identically (checkpoints). */
  get state(): TdErrorIndicatorState {
    return { heap: this.heap.state, arrival: this.arrival.slice(this.arrivalHead) };
  }

  restore(s: TdErrorIndicatorState): void {
    this.heap.restore(s.heap);
    this.arrival.length = 0;
    for (const id of s.arrival) this.arrival.push(id);
    this.arrivalHead = 0;
  }

  /** Forgets a sample (e.g. overwritten in D_o). */
  forget(id: number): void {
    this.heap.remove(id);
  }

  /**
   * The topK samples of highest priority that `usable` accepts (others stay in the heap with their
   * priority, except those `gone` names, which leave it), then their priorities refreshed with the
   * scorer.
   */
  drawTop(
    scorer: TdErrorScorer,
    usable: (id: number) => boolean = () => true,
    gone: (id: number) => boolean = () => false,
  ): number[] {
    const chosen: { id: number; priority: number }[] = [];
    const setAside: { id: number; priority: number }[] = [];
    while (chosen.length < this.topK) {
      const top = this.heap.pop();
      if (!top) break;
      if (gone(top.id)) continue;
      (usable(top.id) ? chosen : setAside).push(top);
    }
    for (const e of [...chosen, ...setAside]) this.heap.set(e.id, e.priority);
    const ids = chosen.map((e) => e.id);
    if (ids.length > 0) {
      const fresh = scorer.score(ids);
      ids.forEach((id, i) => this.heap.set(id, fresh[i]));
    }
    return ids;
  }
}
