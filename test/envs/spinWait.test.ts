// SpinWaiter: returns the new value at once, sleeps until a change from another thread, times out,
// and stops spinning when its spins keep missing (then probes now and then).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { SpinWaiter } from "../../src/envs/vector/spinWait.js";

describe("SpinWaiter", () => {
  it("returns a value that already changed, and the unchanged value at the deadline", () => {
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const waiter = new SpinWaiter(0.05);
    cells[1] = 7;
    assert.equal(waiter.waitWhileEqual(cells, 1, 3, performance.now() + 1000), 7);
    const start = performance.now();
    assert.equal(waiter.waitWhileEqual(cells, 0, 0, start + 30), 0);
    assert.ok(performance.now() - start >= 29, "waited until the deadline");
  });

  it("wakes on a change made by another thread", async () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { workerData } = require("node:worker_threads");
       setTimeout(() => { Atomics.store(workerData, 0, 5); Atomics.notify(workerData, 0); }, 20);`,
      { eval: true, workerData: cells },
    );
    try {
      assert.equal(new SpinWaiter(0.05).waitWhileEqual(cells, 0, 0, performance.now() + 10_000), 5);
    } finally {
      await worker.terminate();
    }
  });

  it("stops spinning after spins that miss, and probes again every 32 waits", () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    const waiter = new SpinWaiter(0.01);
    assert.equal(waiter.spinning, true);
    let waits = 0;
    while (waiter.spinning && waits < 100) {
      waiter.waitWhileEqual(cells, 0, 0, performance.now() + 0.2);
      waits++;
    }
    assert.ok(waits > 1 && waits < 100, `stopped spinning after ${waits} missed spins`);
    for (let i = 0; i < 32; i++) {
      assert.equal(waiter.spinning, false, `wait ${i} after stopping`);
      waiter.waitWhileEqual(cells, 0, 0, performance.now() + 0.05);
    }
    assert.equal(waiter.spinning, true, "the 33rd wait probes");
  });
});
