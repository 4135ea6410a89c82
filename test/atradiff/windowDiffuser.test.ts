// One window diffuser (ATraDiff §4.1): generated windows start exactly at the given state (condition
// + inpainting), with a task prompt and with the remaining-length input of single-diffuser mode.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import { trainWindowDiffuser } from "../../src/atradiff/training/trainWindowDiffuser.js";
import { fitStepNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { toyData, toyStarts } from "./toySystem.js";

const tiny = {
  denoiser: { temporal: { width: 16, depth: 1 } },
  training: { totalSteps: 30, batchSize: 64, lr: 1e-3 },
  edm: { sampleSteps: 8 },
};

describe("window diffuser", () => {
  const data = toyData(40, new Rng(1));
  data.episodes.forEach((e, i) => {
    e.task = i % 3;
  });
  const layout = { obsDim: 2, actDim: 1, modelTerminals: true };
  const step = fitStepNormalizer(data);

  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    await closeEngine();
  });

  for (const lengthConditioned of [false, true])
    for (const mode of ["noised", "end"] as const)
      it(`a generated window starts exactly at its condition state (${lengthConditioned ? "length-conditioned, " : ""}${mode} inpainting)`, () => {
        const prompt = new TaskPrompt({ kind: "oneHot", taskCount: 3 });
        const d = WindowDiffuser.create(
          { layout, windowLength: 5, promptDim: 3, lengthConditioned },
          step,
          tiny,
          7,
        );
        const windows = new TrainingWindows(data, 5, true);
        const stats = trainWindowDiffuser(d, windows, prompt, { rng: new Rng(2) });
        assert.ok(stats && Number.isFinite(stats.loss));
        const { states } = toyStarts(20, new Rng(3));
        const lengths = lengthConditioned ? Float64Array.from({ length: 20 }, (_, i) => 1 + (i % 5)) : null;
        const rows = d.sample(states, prompt.repeat(prompt.vector(1), 20), lengths, 20, {
          rng: new Rng(4),
          inpaintMode: mode,
        });
        assert.equal(rows.length, 20 * windows.width);
        for (let i = 0; i < 20; i++) {
          for (let d = 0; d < 2; d++) assert.equal(rows[i * windows.width + d], states[2 * i + d]);
        }
        for (const v of rows) assert.ok(Number.isFinite(v));
        d.dispose();
      });

  it("wrong conditions fail with one sentence", () => {
    const d = WindowDiffuser.create(
      { layout, windowLength: 3, promptDim: 0, lengthConditioned: true },
      step,
      tiny,
      1,
    );
    assert.throws(
      () => d.conditions([0, 0], [], null, 1),
      /conditioned on the remaining length: 1 windows need 1 lengths, got none/,
    );
    assert.throws(() => d.conditions([0, 0, 0], [], [1], 1), /1 windows need 2 first-state values, got 3/);
    assert.throws(
      () => d.sample([0, Number.NaN], [], [1], 1, { rng: new Rng(0), inpaintMode: "noised" }),
      /Start state 0 holds NaN/,
    );
    assert.throws(
      () =>
        trainWindowDiffuser(d, new TrainingWindows(data, 4, true), new TaskPrompt({ kind: "none" }), {
          rng: new Rng(0),
        }),
      /windows of 3 steps cannot train on windows of 4 steps/,
    );
    d.dispose();
  });
});
