// The progress display's plain-line mode (not a terminal) and the worker plan for seeds.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planWorkers } from "../../src/experiments/seeds/seedPool.js";
import { formatDuration, ProgressBoard } from "../../src/util/progress.js";

/** Collects what the board writes. */
function fakeStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(...s.trimEnd().split("\n")) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, lines };
}

describe("ProgressBoard without a terminal", () => {
  it("prints a line per task at most every interval, with rate, time left and custom fields", () => {
    let now = 0;
    const { stream, lines } = fakeStream();
    const board = new ProgressBoard({ stream, now: () => now, plainIntervalMs: 10_000, labelWidth: 6 });
    const task = board.add("seed 0", 10_000, 1000);
    task.update(1000);
    assert.deepEqual(lines, ["seed 0 1000/10000 steps (10%)  - steps/s  ? left"]);
    now = 5000;
    task.update(3000, { return: -812.34 });
    assert.equal(lines.length, 1, "no line before the interval has passed");
    now = 10_000;
    task.update(5000, { return: -700.5, eval: undefined });
    // 4000 steps in 10 s: 400 steps/s, 5000 left -> 12.5 s.
    assert.equal(lines[1], "seed 0 5000/10000 steps (50%)  400 steps/s  13s left  return -700.5");
    task.finish();
    assert.equal(lines[2], "seed 0 5000/10000 steps (50%)  return -700.5  done");
    board.stop();
  });

  it("formats durations", () => {
    assert.equal(formatDuration(42.4), "42s");
    assert.equal(formatDuration(125), "2m05s");
    assert.equal(formatDuration(3 * 3600 + 7 * 60), "3h07m");
    assert.equal(formatDuration(Number.POSITIVE_INFINITY), "?");
  });
});

describe("planWorkers", () => {
  it("keeps seeds x threads within the cores, unless more seeds were asked to run at once", () => {
    assert.deepEqual(planWorkers(5, { cores: 2 }), { parallel: 2, threads: 1 });
    assert.deepEqual(planWorkers(1, { cores: 2 }), { parallel: 1, threads: 2 });
    assert.deepEqual(planWorkers(3, { cores: 2, parallel: 1 }), { parallel: 1, threads: 2 });
    assert.deepEqual(planWorkers(3, { cores: 8 }), { parallel: 3, threads: 2 });
    assert.deepEqual(planWorkers(4, { cores: 2, parallel: 4 }), { parallel: 4, threads: 1 });
    assert.deepEqual(planWorkers(2, { cores: 2, parallel: 4 }), { parallel: 2, threads: 1 });
  });

  it("takes ATRADIFF_THREADS as its budget of cores: a job sharing the machine stays in its share", () => {
    const saved = process.env.ATRADIFF_THREADS;
    try {
      process.env.ATRADIFF_THREADS = "1";
      assert.deepEqual(planWorkers(3, { parallel: 1 }), { parallel: 1, threads: 1 });
      assert.deepEqual(planWorkers(3), { parallel: 1, threads: 1 });
      assert.deepEqual(planWorkers(3, { parallel: 2 }), { parallel: 2, threads: 1 });
      process.env.ATRADIFF_THREADS = "4";
      assert.deepEqual(planWorkers(3, { parallel: 2 }), { parallel: 2, threads: 2 });
      assert.deepEqual(planWorkers(8), { parallel: 4, threads: 1 });
    } finally {
      if (saved === undefined) delete process.env.ATRADIFF_THREADS;
      else process.env.ATRADIFF_THREADS = saved;
    }
  });
});
