// ATraDiff §4.3 importance indicators: the TD-error max-heap gives the top k under changing
// priorities (and refreshes the drawn ones); the reward buffer keeps the most important samples and
// its rotation bounds how often a sample is used.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IndexedMaxHeap, RewardIndicator, TdErrorIndicator } from "../../src/atradiff/adaptation/index.js";
import { Rng } from "../../src/engine/rng.js";

describe("TD-error heap", () => {
  it("pops in priority order after random inserts, updates and removals", () => {
    const heap = new IndexedMaxHeap();
    const truth = new Map<number, number>();
    const rng = new Rng(1);
    for (let op = 0; op < 5000; op++) {
      const id = rng.int(500);
      const r = rng.uniform();
      if (r < 0.15) {
        heap.remove(id);
        truth.delete(id);
      } else {
        const p = rng.gaussian();
        heap.set(id, p);
        truth.set(id, p);
      }
    }
    const expected = [...truth.values()].sort((a, b) => b - a);
    const popped: number[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) {
      assert.equal(truth.get(e.id), e.priority);
      popped.push(e.priority);
    }
    assert.deepEqual(popped, expected);
  });

  it("draws the top k by current priority, refreshes them, and keeps only the newest capacity samples", () => {
    const td = new TdErrorIndicator(100, 10);
    let current = new Map<number, number>();
    const rng = new Rng(2);
    const scorer = { score: (ids: readonly number[]) => Float32Array.from(ids, (id) => current.get(id)!) };
    for (let round = 0; round < 5; round++) {
      const ids = Array.from({ length: 40 }, (_, i) => round * 40 + i);
      for (const id of ids) current.set(id, rng.uniform());
      td.add(ids, scorer);
    }
    assert.equal(td.size, 100);
    const kept = Array.from({ length: 100 }, (_, i) => 100 + i); // the oldest 100 left
    const expectedTop = [...kept].sort((a, b) => current.get(b)! - current.get(a)!).slice(0, 10);
    // Priorities change as Q learns: the drawn samples get their new TD error.
    const next = new Map(current);
    for (const id of kept) next.set(id, rng.uniform() * 0.01);
    current = next;
    const drawn = td.drawTop(scorer);
    assert.deepEqual(drawn, expectedTop);
    for (const id of drawn) assert.equal(td.heap.priorityOf(id), Math.fround(current.get(id)!));
    // Unusable samples stay in the heap; gone ones leave it.
    const second = td.drawTop(
      scorer,
      (id) => id % 2 === 0,
      (id) => id === 101,
    );
    assert.ok(second.every((id) => id % 2 === 0));
    assert.equal(td.heap.has(101), false);
    assert.equal(td.size, 99);
  });
});

/** The TD indicator's behaviour written naively: live ids oldest first, top k by a full sort. */
class NaiveTdHeap {
  order: number[] = [];
  priority = new Map<number, number>();
  constructor(
    readonly capacity: number,
    readonly topK: number,
  ) {}
  add(ids: number[], score: (id: number) => number): void {
    for (const id of ids) {
      if (!this.priority.has(id)) this.order.push(id);
      this.priority.set(id, score(id));
    }
    while (this.order.length > this.capacity) this.priority.delete(this.order.shift()!);
  }
  forget(id: number): void {
    if (this.priority.delete(id)) this.order.splice(this.order.indexOf(id), 1);
  }
  drawTop(score: (id: number) => number, usable: (id: number) => boolean, gone: (id: number) => boolean) {
    const byPriority = [...this.priority.entries()].sort((a, b) => b[1] - a[1]);
    const chosen: number[] = [];
    for (const [id] of byPriority) {
      if (chosen.length === this.topK) break;
      if (gone(id)) this.forget(id);
      else if (usable(id)) chosen.push(id);
    }
    for (const id of chosen) this.priority.set(id, score(id));
    return chosen;
  }
}

describe("TD-error indicator under a long stream", () => {
  it("keeps its arrival queue and checkpoint within the heap's size while ids leave, with unchanged top k", () => {
    const capacity = 200;
    const td = new TdErrorIndicator(capacity, 20);
    const naive = new NaiveTdHeap(capacity, 20);
    const rng = new Rng(4);
    const current = new Map<number, number>();
    const scorer = { score: (ids: readonly number[]) => Float32Array.from(ids, (id) => current.get(id)!) };
    const score = (id: number) => Math.fround(current.get(id)!);
    let newest = 0;
    for (let round = 0; round < 400; round++) {
      const ids = Array.from({ length: 50 }, () => newest++);
      for (const id of ids) current.set(id, rng.uniform());
      td.add(ids, scorer);
      naive.add(ids, score);
      // D_o keeps only the newest 120 samples (less than the heap): older ids are gone.
      const gone = (id: number) => id < newest - 120;
      const usable = (id: number) => id % 3 !== 0;
      if (round % 3 === 0) {
        const id = newest - 1 - rng.int(100);
        td.forget(id);
        naive.forget(id);
      }
      // Priorities change as Q learns.
      for (const id of naive.priority.keys()) if (rng.uniform() < 0.3) current.set(id, rng.uniform());
      assert.deepEqual(
        td.drawTop(scorer, usable, gone),
        naive.drawTop(score, usable, gone),
        `round ${round}`,
      );
      assert.equal(td.size, naive.priority.size);
      assert.ok(td.queuedIds <= 2 * td.size + 1, `arrival queue ${td.queuedIds}, heap ${td.size}`);
      const saved = td.state;
      assert.deepEqual(saved.arrival, naive.order);
      assert.ok(saved.arrival.length <= capacity);
    }
    // A restored indicator continues identically.
    const restored = new TdErrorIndicator(capacity, 20);
    restored.restore(JSON.parse(JSON.stringify(td.state)));
    const ids = Array.from({ length: 150 }, () => newest++);
    for (const id of ids) current.set(id, rng.uniform());
    td.add(ids, scorer);
    restored.add(ids, scorer);
    assert.deepEqual(restored.state, td.state);
    assert.deepEqual(restored.drawTop(scorer), td.drawTop(scorer));
  });
});

describe("reward indicator buffer", () => {
  it("keeps the most important samples when full", () => {
    const r = new RewardIndicator(5, 0.2, 0);
    r.offer([1, 2, 3], 10);
    r.offer([4, 5], 1);
    r.offer([6, 7], 5); // replaces 4 and 5
    r.offer([8], 0); // less important than all: not kept
    assert.deepEqual(r.samples().sort(), [1, 2, 3, 6, 7]);
  });

  for (const [oldDrop, randomDrop] of [
    [0.2, 0],
    [0.3, 0.1],
  ])
    it(`rotation (oldest ${oldDrop}, random ${randomDrop}) bounds how often a sample is used`, () => {
      const capacity = 200;
      const r = new RewardIndicator(capacity, oldDrop, randomDrop);
      const rng = new Rng(3);
      const uses = new Map<number, number>();
      let next = 0;
      for (let adaptation = 0; adaptation < 60; adaptation++) {
        // Every few adaptations a run of very high returns arrives, tempting the buffer to keep it.
        for (let e = 0; e < 10; e++) {
          const ids = Array.from({ length: 8 }, () => next++);
          r.offer(ids, adaptation % 7 === 0 ? 1000 : rng.uniform() * 100);
        }
        for (const id of r.samples()) uses.set(id, (uses.get(id) ?? 0) + 1);
        r.afterAdaptation(rng);
      }
      const most = Math.max(...uses.values());
      assert.ok(most <= r.maxUses, `a sample was used ${most} times; the bound is ${r.maxUses}`);
      assert.ok(most >= 2, "samples are reused across adaptations");
      assert.equal(r.maxUses, Math.ceil(capacity / Math.ceil(oldDrop * capacity)));
    });
});
