// The reward importance indicator (ATraDiff §4.3): importance = the total reward of the whole
// trajectory a sample came from (static). A buffer of `capacity` samples keeps the most important:
// a new sample enters a full buffer only by replacing the least important one, if it beats it.
// Every adaptation uses all samples in the buffer, then the pick-up strategy drops
// - the oldest ceil(oldDropFraction x capacity) samples (rotation), and
// - a randomDropFraction of the rest at random, regardless of importance ("random dropping"),
// so no sample is used too many times: a sample is used at most ceil(capacity / ceil(oldDropFraction
// x capacity)) times, since every newer sample arrives after it and each adaptation removes that
// many samples older than any newer one.
import type { Rng } from "../../engine/rng.js";
import { IndexedMaxHeap } from "./indexedMaxHeap.js";

export interface RewardIndicatorState {
  heap: { ids: number[]; priorities: number[] };
  /** [id, arrival number] in insertion order. */
  arrivalOf: [number, number][];
  arrivals: number;
}

export class RewardIndicator {
  /** Keyed by -importance: its top is the least important sample. */
  private readonly leastImportant = new IndexedMaxHeap();
  /** id -> arrival number (older = smaller). */
  private readonly arrivalOf = new Map<number, number>();
  private arrivals = 0;

  constructor(
    readonly capacity: number,
    readonly oldDropFraction: number,
    readonly randomDropFraction: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`The reward indicator's capacity must be a positive integer, got ${capacity}.`);
    if (
      !(oldDropFraction > 0 && oldDropFraction <= 1) ||
      !(randomDropFraction >= 0 && randomDropFraction <= 1)
    )
      throw new Error(
        `The reward indicator's drop fractions must be in (0, 1] (oldest) and [0, 1] (random), got ${oldDropFraction} and ${randomDropFraction}.`,
      );
  }

  get size(): number {
    return this.arrivalOf.size;
  }

  /** The most times one sample can be used before rotation drops it. */
  get maxUses(): number {
    return Math.ceil(this.capacity / Math.ceil(this.oldDropFraction * this.capacity));
  }

  /** Offers the samples of one finished trajectory with its return; true for each sample kept. */
  offer(ids: readonly number[], trajectoryReturn: number): void {
    if (!Number.isFinite(trajectoryReturn))
      throw new Error(`A trajectory's return must be finite, got ${trajectoryReturn}.`);
    for (const id of ids) {
      if (this.arrivalOf.has(id)) continue;
      if (this.size >= this.capacity) {
        const least = this.leastImportant.pop()!;
        if (-least.priority >= trajectoryReturn) {
          this.leastImportant.set(least.id, least.priority);
          continue;
        }
        this.arrivalOf.delete(least.id);
      }
      this.leastImportant.set(id, -trajectoryReturn);
      this.arrivalOf.set(id, this.arrivals++);
    }
  }

  /** Every sample in the buffer, oldest first (what one adaptation uses). */
  samples(): number[] {
    return [...this.arrivalOf.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  }

  /** Everything needed to continue identically (checkpoints). */
  get state(): RewardIndicatorState {
    return {
      heap: this.leastImportant.state,
      arrivalOf: [...this.arrivalOf.entries()],
      arrivals: this.arrivals,
    };
  }

  restore(s: RewardIndicatorState): void {
    this.leastImportant.restore(s.heap);
    this.arrivalOf.clear();
    for (const [id, n] of s.arrivalOf) this.arrivalOf.set(id, n);
    this.arrivals = s.arrivals;
  }

  /** Forgets a sample (e.g. overwritten in D_o). */
  forget(id: number): void {
    if (this.arrivalOf.delete(id)) this.leastImportant.remove(id);
  }

  /** The pick-up strategy after an adaptation: rotation of the oldest, then random dropping. */
  afterAdaptation(rng: Rng): void {
    const byAge = this.samples();
    const oldest = Math.min(byAge.length, Math.ceil(this.oldDropFraction * this.capacity));
    for (let i = 0; i < oldest; i++) this.forget(byAge[i]);
    const rest = byAge.slice(oldest);
    const random = Math.floor(this.randomDropFraction * rest.length);
    rng.shuffle(rest);
    for (let i = 0; i < random; i++) this.forget(rest[i]);
  }
}
