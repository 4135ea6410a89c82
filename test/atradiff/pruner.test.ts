// The pruner (ATraDiff §4.1): the similarity, the cut with the largest signed prefix/suffix gap, the
// threshold that keeps clean windows whole, its calibration on real windows, and the fallback to it
// when generated windows do not separate.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { bestCut, prunedLength } from "../../src/atradiff/generator/pruner.js";
import {
  balancedError,
  calibrateOnRealWindows,
  calibratePruner,
  drawCalibrationWindows,
  separatingThreshold,
  usagePopulation,
} from "../../src/atradiff/generator/prunerCalibration.js";
import { adjacentSimilarities } from "../../src/atradiff/generator/stateSimilarity.js";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import type { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import { fitStepNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../src/atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { windowStates } from "../../src/atradiff/windows/windowLayout.js";
import { Rng } from "../../src/engine/rng.js";

/**
 * k + 1 states of a 3-d walk at a steady pace (unit steps in random directions, lengths 0.8 to 1.2)
 * whose states stay at state `moving` from there on (plus tailNoise, as generated tails have).
 */
function walk(k: number, moving: number, rng: Rng, tailNoise = 0): Float32Array {
  const o = 3;
  const s = new Float32Array((k + 1) * o);
  const dir = new Float64Array(o);
  for (let j = 1; j <= k; j++) {
    rng.fillGaussian(dir);
    const scale = rng.uniformIn(0.8, 1.2) / Math.hypot(...dir);
    for (let d = 0; d < o; d++)
      s[j * o + d] =
        j <= moving ? s[(j - 1) * o + d] + scale * dir[d] : s[moving * o + d] + tailNoise * rng.gaussian();
  }
  return s;
}

const unitStd = [1, 1, 1];

/** Episodes of 3-d random walks, 5 to 34 steps long, and their state std. */
function walkData(count: number): { data: TrainingData; std: Float32Array } {
  const rng = new Rng(3);
  const episodes = Array.from({ length: count }, () => {
    const T = 5 + rng.int(30);
    const states = walk(T, T, rng);
    return {
      length: T,
      observations: states.slice(0, T * 3),
      actions: new Float32Array(T),
      rewards: new Float32Array(T),
      finalObservation: states.slice(T * 3),
      terminal: false,
      task: 0,
    };
  });
  const data: TrainingData = { obsDim: 3, actDim: 1, episodes };
  return { data, std: fitStepNormalizer(data).std.subarray(0, 3) };
}

/**
 * A stand-in diffuser that answers each start state with a real window: its own ("faithful", so
 * generated windows separate as real ones do) or a random clean one ("tailless": it never makes a
 * repeated tail, so padded and clean windows cannot be told apart).
 */
function standInDiffuser(windows: TrainingWindows, kind: "faithful" | "tailless", rng: Rng): WindowDiffuser {
  const o = windows.layout.obsDim;
  const first = new Float32Array(o);
  const byFirstState = new Map<string, number>();
  const clean: number[] = [];
  for (let i = 0; i < windows.count; i++) {
    windows.writeFirstState(i, first);
    byFirstState.set(first.join(","), i);
    if (windows.remainingLength(i) >= windows.k) clean.push(i);
  }
  const sample = (states: Float32Array, _p: unknown, _l: unknown, n: number): Float32Array => {
    const rows = new Float32Array(n * windows.width);
    for (let r = 0; r < n; r++) {
      const own = byFirstState.get(states.subarray(r * o, (r + 1) * o).join(","));
      assert.ok(own !== undefined, "start states come from the training windows");
      windows.writeRow(kind === "faithful" ? own : clean[rng.int(clean.length)], rows, r * windows.width);
    }
    return rows;
  };
  return {
    windowLength: windows.k,
    shape: { lengthConditioned: false },
    sample,
  } as unknown as WindowDiffuser;
}

describe("state similarity", () => {
  it("is 0 for identical states and -1 for a one-std step in every dimension", () => {
    const sims = adjacentSimilarities([1, 2, 1, 2, 3, 6], [1, 2]);
    assert.deepEqual(Array.from(sims), [0, -Math.sqrt((4 + 4) / 2)]);
    assert.deepEqual(Array.from(adjacentSimilarities([0, 0, 2, 4], [2, 4])), [-1]);
  });
});

describe("pruning", () => {
  it("cuts where the repeated tail starts", () => {
    assert.deepEqual(bestCut([-1, -1, -1, 0, 0, 0], "none"), { cut: 3, gap: 1 });
    assert.deepEqual(bestCut([-1, -1, -1, 0, 0, 0], "changePoint"), { cut: 3, gap: Math.sqrt(1.5) });
    const rng = new Rng(1);
    for (const k of [5, 10, 25])
      for (let moving = 1; moving < k; moving++) {
        const sims = adjacentSimilarities(walk(k, moving, rng), unitStd);
        assert.equal(prunedLength(sims, 0.3, "changePoint"), moving, `k ${k}, ${moving} moving steps`);
        // Generated tails are only nearly identical.
        const noisy = adjacentSimilarities(walk(k, moving, rng, 0.05), unitStd);
        assert.equal(
          prunedLength(noisy, 0.3, "changePoint"),
          moving,
          `k ${k}, ${moving} moving steps, noisy tail`,
        );
      }
  });

  it("keeps windows without a repeated tail whole", () => {
    const rng = new Rng(2);
    for (const k of [5, 10, 25])
      for (let trial = 0; trial < 50; trial++) {
        const sims = adjacentSimilarities(walk(k, k, rng), unitStd);
        assert.equal(prunedLength(sims, 0.3, "changePoint"), k);
        // The paper's rule without a threshold always cuts somewhere.
        assert.ok(bestCut(sims, "none")!.cut < k);
      }
  });

  it("does not cut a window that speeds up (the gap is signed)", () => {
    assert.equal(prunedLength([0, 0, 0, -1, -1], 0, "changePoint"), 5);
    assert.equal(prunedLength([-0.5], 0, "changePoint"), 1);
    assert.throws(() => prunedLength([0, -1], -1, "none"), /threshold must be a number >= 0/);
  });

  it("the change-point weighting finds a short moving part that the plain gap misses", () => {
    // A fast step, a slow step, then the repeated tail: the plain gap prefers to keep the fast step alone.
    const sims = [-0.69, -0.46, 0, 0, 0, 0, 0, 0, 0, 0];
    assert.equal(bestCut(sims, "none")!.cut, 1);
    assert.equal(bestCut(sims, "changePoint")!.cut, 2);
  });
});

describe("threshold calibration", () => {
  it("sits in the widest gap between the two kinds", () => {
    assert.equal(separatingThreshold([1.0, 1.2], [0.1, 0.3]), 0.65);
    // One clean window above the padded ones cannot be separated; the rest still are.
    const t = separatingThreshold([1.0, 1.2, 1.4], [0.1, 0.3, 0.2, 2]);
    assert.equal(t, 0.65);
    assert.equal(separatingThreshold([], [0.1]), 0.2);
    assert.equal(separatingThreshold([1], []), 0.5);
    // Overlapping kinds: the shares decide which errors are cheaper.
    const cut = [0.5, 0.7, 0.9];
    const keep = [0.1, 0.3, 0.6, 0.8];
    assert.equal(separatingThreshold(cut, keep, 0.9), 0.4); // mostly padded: cut readily
    assert.ok(Math.abs(separatingThreshold(cut, keep, 0.1) - 0.85) < 1e-12); // mostly clean: keep them whole
  });

  it("gives each diffuser the starts the generator hands it", () => {
    const ks = [5, 10, 15, 20, 25];
    assert.deepEqual(usagePopulation(ks, "multiple", 5), { minRemaining: 1, maxRemaining: 5 });
    assert.deepEqual(usagePopulation(ks, "multiple", 15), { minRemaining: 11, maxRemaining: 15 });
    assert.deepEqual(usagePopulation(ks, "multiple", 25), { minRemaining: 21, maxRemaining: Infinity });
    assert.deepEqual(usagePopulation([25], "single", 25), { minRemaining: 1, maxRemaining: Infinity });
    assert.throws(
      () => usagePopulation(ks, "multiple", 7),
      /7 is not one of the window lengths 5,10,15,20,25\./,
    );
    const { data } = walkData(30);
    const windows = new TrainingWindows(data, 10, false);
    const d = drawCalibrationWindows(windows, 10_000, new Rng(2), usagePopulation(ks, "multiple", 10));
    const remaining = (i: number) => windows.remainingLength(i);
    assert.ok([...d.padded, ...d.clean].every((i) => remaining(i) >= 6 && remaining(i) <= 10));
    assert.ok(d.clean.every((i) => remaining(i) === 10));
    assert.equal(d.paddedShare, d.padded.length / (d.padded.length + d.clean.length));
    assert.ok(d.paddedShare > 0.7, `${d.paddedShare}`);
  });

  it("on real windows of random walks, cuts every padded window at its true end and keeps the others", () => {
    const { data, std } = walkData(30);
    for (const k of [5, 15, 25]) {
      const windows = new TrainingWindows(data, k, false);
      const c = calibrateOnRealWindows(windows, std, "changePoint", 400, new Rng(4));
      assert.ok(c.threshold > 0, `k ${k}: threshold ${c.threshold}`);
      assert.equal(c.paddedMissed, 0);
      assert.ok(c.cleanCut < 0.01, `k ${k}: ${c.cleanCut} of clean windows cut`);
      const row = new Float32Array(windows.width);
      let wrong = 0;
      for (let i = 0; i < windows.count; i++) {
        windows.writeRow(i, row);
        const kept = prunedLength(
          adjacentSimilarities(windowStates(windows.layout, k, row), std),
          c.threshold,
          "changePoint",
        );
        if (kept !== Math.min(windows.remainingLength(i), k)) wrong++;
      }
      assert.ok(wrong / windows.count < 0.01, `k ${k}: ${wrong} of ${windows.count} windows cut wrongly`);
    }
  });

  it("falls back to the real windows' threshold when generated windows do not separate, and says so", () => {
    const { data, std } = walkData(40);
    const prompt = new TaskPrompt({ kind: "none" });
    const pruner = parseGeneratorSettings({}).pruner;
    const sample = (seed: number) => ({ rng: new Rng(seed), inpaintMode: "noised" as const });
    for (const k of [5, 15]) {
      const windows = new TrainingWindows(data, k, false);
      const faithful = calibratePruner(
        standInDiffuser(windows, "faithful", new Rng(5)),
        windows,
        prompt,
        std,
        pruner,
        sample(6),
      );
      assert.equal(faithful.source, "generated");
      assert.equal(faithful.rejected, undefined);
      assert.ok(balancedError(faithful) < 0.1, `k ${k}: balanced error ${balancedError(faithful)}`);

      const tailless = standInDiffuser(windows, "tailless", new Rng(5));
      const c = calibratePruner(tailless, windows, prompt, std, pruner, sample(6));
      assert.equal(c.source, "real");
      assert.ok(c.rejected !== undefined && c.rejected.source === "generated");
      assert.ok(balancedError(c.rejected) > pruner.maxGeneratedError, `k ${k}: ${balancedError(c.rejected)}`);
      // The real threshold separates real windows, and keeps the generated clean windows whole.
      assert.ok(balancedError(c) < 0.1, `k ${k}: balanced error ${balancedError(c)} on real windows`);
      assert.ok(c.rejected.atThisThreshold.cleanCut < 0.01, `k ${k}: generated clean windows cut`);
      assert.ok(c.threshold > c.rejected.threshold, `k ${k}: ${c.threshold} vs ${c.rejected.threshold}`);

      // A looser limit keeps the generated calibration; calibrateOn "real" never samples.
      const loose = calibratePruner(
        tailless,
        windows,
        prompt,
        std,
        { ...pruner, maxGeneratedError: 1 },
        sample(6),
      );
      assert.equal(loose.source, "generated");
      const real = calibratePruner(
        tailless,
        windows,
        prompt,
        std,
        { ...pruner, calibrateOn: "real" },
        sample(6),
      );
      assert.deepEqual(
        real,
        calibrateOnRealWindows(windows, std, pruner.gapWeighting, pruner.calibrationWindows, new Rng(6)),
      );
    }
  });

  it("with terminal channels, leaves out windows that hold a terminal step (the terminal flag cuts those)", () => {
    const { data } = walkData(20);
    const terminalData = {
      ...data,
      episodes: data.episodes.map((e, i) => ({ ...e, terminal: i % 2 === 0 })),
    };
    const k = 10;
    const all = drawCalibrationWindows(new TrainingWindows(terminalData, k, false), 10_000, new Rng(1));
    const windows = new TrainingWindows(terminalData, k, true);
    const drawn = drawCalibrationWindows(windows, 10_000, new Rng(1));
    const terminalCount = Array.from({ length: windows.count }, (_, i) => windows.containsTerminal(i)).filter(
      Boolean,
    ).length;
    assert.ok(terminalCount > 0);
    assert.ok([...drawn.padded, ...drawn.clean].every((i) => !windows.containsTerminal(i)));
    assert.equal(
      drawn.padded.length + drawn.clean.length,
      all.padded.length + all.clean.length - terminalCount,
    );
    assert.ok(drawn.padded.length > 0, "the time-limited episodes still give padded windows");
  });
});
