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
  /** The ids in the heap, oldest first (at most the heap's size). */
  arrival: number[];
}

export class TdErrorIndicator {
  readonly heap = new IndexedMaxHeap();
  /**
   * The arrival queue, oldest first from `head`: the oldest live id leaves when the heap is full.
   * An entry is live while its id is in the heap and this is the id's latest arrival; entries of
   * ids that left otherwise (forget, gone in drawTop) go stale and are dropped once they outnumber
   * the live ones, so the queue holds at most 2 x heap size + 1 entries.
   */
  private queueIds: number[] = [];
  private queueSerials: number[] = [];
  private head = 0;
  /** id -> serial of its latest arrival. */
  private arrivedAt = new Map<number, number>();
  private serial = 0;

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

  /** Entries in the arrival queue, stale ones included (at most 2 x size + 1). */
  get queuedIds(): number {
    return this.queueIds.length - this.head;
  }

  /** Adds new samples with their current TD error (the oldest samples leave a full heap). */
  add(ids: readonly number[], scorer: TdErrorScorer): void {
    if (ids.length === 0) return;
    const td = scorer.score(ids);
    ids.forEach((id, i) => {
      if (!this.heap.has(id)) this.arrive(id);
      this.heap.set(id, td[i]);
    });
    while (this.heap.size > this.capacity) {
      const i = this.head++;
      if (this.isLive(i)) this.heap.remove(this.queueIds[i]);
    }
    this.compactIfStale();
  }

  /** Everything needed to continue identically (checkpoints). */
  get state(): TdErrorIndicatorState {
    return { heap: this.heap.state, arrival: this.liveIds() };
  }

  restore(s: TdErrorIndicatorState): void {
    this.heap.restore(s.heap);
    this.queueIds = [];
    this.queueSerials = [];
    this.head = 0;
    this.arrivedAt.clear();
    for (const id of s.arrival) this.arrive(id);
    this.compactIfStale();
  }

  /** Forgets a sample (e.g. overwritten in D_o). */
  forget(id: number): void {
    this.heap.remove(id);
    this.compactIfStale();
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
    this.compactIfStale();
    const ids = chosen.map((e) => e.id);
    if (ids.length > 0) {
      const fresh = scorer.score(ids);
      ids.forEach((id, i) => this.heap.set(id, fresh[i]));
    }
    return ids;
  }

  private arrive(id: number): void {
    const serial = this.serial++;
    this.queueIds.push(id);
    this.queueSerials.push(serial);
    this.arrivedAt.set(id, serial);
  }

  private isLive(i: number): boolean {
    const id = this.queueIds[i];
    return this.heap.has(id) && this.arrivedAt.get(id) === this.queueSerials[i];
  }

  /** The ids in the heap, oldest arrival first. */
  private liveIds(): number[] {
    const out: number[] = [];
    for (let i = this.head; i < this.queueIds.length; i++) if (this.isLive(i)) out.push(this.queueIds[i]);
    return out;
  }

  /** Drops the stale entries once they outnumber the live ones (amortized O(1) per entry). */
  private compactIfStale(): void {
    if (this.queuedIds <= 2 * this.heap.size + 1) return;
    const live = this.liveIds();
    this.queueIds = [];
    this.queueSerials = [];
    this.head = 0;
    this.arrivedAt.clear();
    for (const id of live) this.arrive(id);
  }
}
