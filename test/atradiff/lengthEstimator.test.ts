// The length estimator (ATraDiff §4.1) learns the remaining length of toy episodes and rounds it up
// to the preset window lengths; save/load keeps its predictions.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { LengthEstimator } from "../../src/atradiff/generator/lengthEstimator.js";
import { roundUpToPresetLength } from "../../src/atradiff/generator/presetLength.js";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import {
  evaluateLengthEstimator,
  trainLengthEstimator,
} from "../../src/atradiff/training/trainLengthEstimator.js";
import { fitStepNormalizer, stateNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../src/atradiff/windows/trainingEpisodes.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/nn/checkpoint.js";

const PRESETS = [5, 10, 15, 20, 25];

/**
 * Episodes on a line: x starts in [0, 30) and grows by 1 per step; the episode ends (terminal) when
 * x reaches 30, so ceil(30 - x) steps remain at x. A second state dimension is noise.
 */
function lineEpisodes(count: number, rng: Rng): TrainingData {
  const episodes = Array.from({ length: count }, () => {
    const x0 = rng.uniformIn(0, 30);
    const T = Math.ceil(30 - x0);
    const observations = new Float32Array(T * 2);
    for (let t = 0; t < T; t++) observations.set([x0 + t, rng.gaussian()], 2 * t);
    return {
      length: T,
      observations,
      actions: new Float32Array(T).fill(1),
      rewards: new Float32Array(T),
      finalObservation: Float32Array.from([x0 + T, 0]),
      terminal: true,
      task: 0,
    };
  });
  return { obsDim: 2, actDim: 1, episodes };
}

describe("rounding up to a preset length", () => {
  it("picks the smallest preset length at or above the estimate, the largest beyond them", () => {
    assert.deepEqual(
      [0.5, 3.2, 5, 5.01, 14.9, 20, 24.5, 26, 900].map((e) => roundUpToPresetLength(e, PRESETS)),
      [5, 5, 5, 10, 15, 20, 25, 25, 25],
    );
    assert.throws(() => roundUpToPresetLength(Number.NaN, PRESETS), /NaN/);
    assert.throws(() => roundUpToPresetLength(3, []), /at least one preset length/);
  });
});

describe("length estimator", () => {
  let estimator: LengthEstimator;
  const prompt = new TaskPrompt({ kind: "none" });
  const dir = mkdtempSync(join(tmpdir(), "atradiff-estimator-"));

  before(async () => {
    await initEngine({ threads: 1 });
    const data = lineEpisodes(200, new Rng(1));
    const settings = parseGeneratorSettings({
      estimator: { hiddenSizes: [32, 32], lr: 3e-3, batchSize: 128, steps: 1500 },
    }).estimator;
    estimator = new LengthEstimator(
      { obsDim: 2, promptDim: 0, lengthCap: 25 },
      settings,
      stateNormalizer(fitStepNormalizer(data), 2),
      new Rng(2),
    );
    const loss = trainLengthEstimator(estimator, data, prompt, { rng: new Rng(3) });
    assert.ok(loss < 0.05, `final loss ${loss}`);
  });
  after(async () => {
    estimator.dispose();
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("learns the remaining length of held-out episodes", () => {
    const e = evaluateLengthEstimator(estimator, lineEpisodes(50, new Rng(9)), prompt, PRESETS);
    console.log(
      `held-out: mean |error| ${e.meanAbsoluteError.toFixed(2)} steps, preset accuracy ${e.presetAccuracy.toFixed(3)}, too short ${e.presetTooShort.toFixed(3)}`,
    );
    assert.ok(e.meanAbsoluteError < 1, `mean absolute error ${e.meanAbsoluteError}`);
    assert.ok(e.presetAccuracy > 0.85, `preset accuracy ${e.presetAccuracy}`);
  });

  it("rounds estimates up to the right preset length away from the boundaries", () => {
    // x -> remaining ceil(30 - x): 27.5 -> 3, 22.5 -> 8, 17.5 -> 13, 12.5 -> 18, 2 -> 28 (capped 25).
    const xs = [27.5, 22.5, 17.5, 12.5, 2];
    const states = Float32Array.from(xs.flatMap((x) => [x, 0]));
    assert.deepEqual(estimator.presetLengths(states, [], xs.length, PRESETS), [5, 10, 15, 20, 25]);
    const est = estimator.estimateRemainingLength(states, [], xs.length);
    for (const v of est) assert.ok(v >= 1 && v <= 25);
  });

  it("save and load keep the predictions exactly", () => {
    const path = join(dir, "estimator.safetensors");
    saveCheckpoint(path, estimator.toCheckpoint());
    const loaded = loadCheckpoint(path, LengthEstimator.fromCheckpoint);
    const states = Float32Array.from([1, 0, 15.3, 1, 29, -1]);
    assert.deepEqual(
      Array.from(loaded.estimateRemainingLength(states, [], 3)),
      Array.from(estimator.estimateRemainingLength(states, [], 3)),
    );
    loaded.dispose();
    assert.throws(
      () => estimator.estimateRemainingLength([1, 2, 3], [], 2),
      /needs 2 states of 2 values, got 3/,
    );
  });
});
