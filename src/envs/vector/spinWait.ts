// Waiting for the other side of a lock-step exchange. A thread asleep in Atomics.wait needs tens of
// microseconds to run again once notified (more in a VM, whose idle vCPUs halt), a large share of
// a 100-microsecond env step; so a waiter spins first and sleeps only if the spin did not suffice.
// Spinning pays only when the other side runs on a core of its own; on a machine busy with other
// work it is often descheduled, and a caller that computes for milliseconds between steps (an
// agent's update) keeps a worker waiting long: there the spin would only burn CPU. So a waiter
// keeps a moving share of its recent spins that caught the other side, and stops spinning while
// fewer than half did, trying a spin again every PROBE_EVERY waits to notice when that changes.
// (Half, not a stricter 3/4: with 3/4 the threads stopped spinning too often and the 2-thread
// vector env fell behind always spinning; results/envs.md.)

/** Weight of the newest spin in the moving share (1/16: about the last 16 spins). */
const SHARE_STEP = 1 / 16;
/** While not spinning, every this many waits spin anyway, to measure again. */
const PROBE_EVERY = 32;

export class SpinWaiter {
  /** Moving share of recent spins that saw the change before spinMs ran out. */
  private caughtShare = 1;
  private waitsSinceSpin = 0;

  constructor(
    /** How long to spin before sleeping, in ms. */
    private readonly spinMs: number,
    /** Spin only while at least this share of recent spins caught the change. */
    private readonly minCaughtShare = 0.5,
  ) {}

  /** Whether the next wait will spin first. */
  get spinning(): boolean {
    return this.caughtShare >= this.minCaughtShare || this.waitsSinceSpin >= PROBE_EVERY;
  }

  /**
   * Waits while Atomics.load(cells, index) === value: spins (see above), then sleeps in Atomics.wait
   * until `deadline` (a performance.now() time). Returns the last value seen (`value` on timeout).
   */
  waitWhileEqual(cells: Int32Array, index: number, value: number, deadline: number): number {
    if (this.spinning) {
      this.waitsSinceSpin = 0;
      const spinEnd = performance.now() + this.spinMs;
      let seen = Atomics.load(cells, index);
      while (seen === value && performance.now() < spinEnd) seen = Atomics.load(cells, index);
      this.caughtShare += ((seen !== value ? 1 : 0) - this.caughtShare) * SHARE_STEP;
      if (seen !== value) return seen;
    } else this.waitsSinceSpin++;
    for (;;) {
      const seen = Atomics.load(cells, index);
      const left = deadline - performance.now();
      if (seen !== value || left <= 0) return seen;
      Atomics.wait(cells, index, value, left);
    }
  }
}
