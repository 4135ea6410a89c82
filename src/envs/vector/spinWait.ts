// Waiting for the other side of a lock-step exchange. A thread asleep in Atomics.wait needs tens of
// microseconds to run again once notified (much more on a busy machine), a large share of a
// 100-microsecond env step; so a waiter first spins for a while, and sleeps only if that did not
// suffice. The spin time adapts: doubled after a wait the spin covered, halved after one it did
// not, so a side that keeps waiting long (a slow caller, a descheduled worker) wastes little CPU.

export class SpinWaiter {
  private spinMs: number;

  constructor(
    private readonly minSpinMs: number,
    private readonly maxSpinMs: number,
  ) {
    this.spinMs = maxSpinMs;
  }

  /**
   * Waits while Atomics.load(cells, index) === value: spins, then sleeps in Atomics.wait until
   * `deadline` (a performance.now() time). Returns the last value seen (still `value` on timeout).
   */
  waitWhileEqual(cells: Int32Array, index: number, value: number, deadline: number): number {
    const spinEnd = performance.now() + this.spinMs;
    do {
      const seen = Atomics.load(cells, index);
      if (seen !== value) {
        this.spinMs = Math.min(this.maxSpinMs, this.spinMs * 2);
        return seen;
      }
    } while (performance.now() < spinEnd);
    this.spinMs = Math.max(this.minSpinMs, this.spinMs / 2);
    for (;;) {
      const seen = Atomics.load(cells, index);
      if (seen !== value) return seen;
      const left = deadline - performance.now();
      if (left <= 0) return seen;
      Atomics.wait(cells, index, value, left);
    }
  }
}
