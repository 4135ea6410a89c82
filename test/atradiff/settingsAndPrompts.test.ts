// Generator settings (documented defaults, one-sentence errors), task prompts (none, one-hot,
// language embedding) and the step statistics shared by every window position.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import { conditionNormalizer, windowNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";

describe("generator settings", () => {
  it("defaults follow the paper and SynthER", () => {
    const s = parseGeneratorSettings({});
    assert.deepEqual(s.windowLengths, [5, 10, 15, 20, 25]);
    assert.equal(s.mode, "multiple");
    assert.equal(s.modelTerminals, true);
    assert.equal(s.terminalThreshold, 0.5);
    assert.deepEqual(s.prompt, { kind: "none" });
    assert.deepEqual(s.pruner, {
      threshold: "calibrate",
      calibrateOn: "generated",
      maxGeneratedError: 0.25,
      gapWeighting: "changePoint",
      calibrationWindows: 256,
    });
    assert.equal(s.diffusion.denoiser.width, 2048);
    assert.equal(s.diffusion.edm.sampleSteps, 128);
    // Ours, on by default: actions clipped to the agents' [-1, 1], the plausibility gate, and next
    // states stepped from the start state by the gate's one-step models.
    assert.equal(s.actionBound, 1);
    assert.equal(s.nextStates, "modelRollout");
    assert.deepEqual(s.plausibilityGate, {
      enabled: true,
      members: 5,
      hiddenSizes: [200, 200, 200, 200],
      activation: "silu",
      lr: 1e-3,
      batchSize: 256,
      steps: 20000,
      heldOutShare: 0.1,
      thresholdQuantile: 0.99,
      thresholdScale: 2,
    });
  });

  it("bad settings fail with one sentence naming them", () => {
    assert.throws(
      () => parseGeneratorSettings({ windowLengths: [5, 5] }),
      /ATraDiff generator: setting "windowLengths" must be strictly increasing/,
    );
    assert.throws(
      () => parseGeneratorSettings({ mode: "several" }),
      /"mode" must be one of multiple, single/,
    );
    assert.throws(() => parseGeneratorSettings({ pruner: { threshold: -1 } }), /setting "pruner.threshold"/);
    assert.throws(
      () => parseGeneratorSettings({ pruner: { maxGeneratedError: 2 } }),
      /setting "pruner.maxGeneratedError"/,
    );
    assert.throws(
      () => parseGeneratorSettings({ prompt: { kind: "embedding", embeddings: [[1, 2], [3]] } }),
      /embedding vectors of one length/,
    );
    assert.throws(() => parseGeneratorSettings({ windowLength: [5] }), /unknown setting "windowLength"/);
    assert.throws(
      () => parseGeneratorSettings({ plausibilityGate: { heldOutShare: 1 } }),
      /setting "plausibilityGate.heldOutShare" must be in \(0, 1\)/,
    );
    assert.throws(() => parseGeneratorSettings({ actionBound: 0 }), /setting "actionBound"/);
  });
});

describe("task prompts", () => {
  it("one-hot prompts take task ids", () => {
    const p = new TaskPrompt({ kind: "oneHot", taskCount: 3 });
    assert.equal(p.dim, 3);
    assert.deepEqual([...p.vector(2)], [0, 0, 1]);
    assert.deepEqual([...p.vector(undefined)], [1, 0, 0]);
    assert.deepEqual([...p.rows([1, 0])], [0, 1, 0, 1, 0, 0]);
    assert.throws(() => p.vector(3), /task id must be an integer in \[0, 2\], got 3/);
    assert.throws(() => p.vector([0, 1, 0]), /one-hot task prompts: give the task as an id/);
  });

  it("embedding prompts take an id into the table or a new embedding vector", () => {
    const p = new TaskPrompt({
      kind: "embedding",
      embeddings: [
        [0.5, -0.5],
        [0.1, 0.2],
      ],
    });
    assert.equal(p.dim, 2);
    assert.deepEqual([...p.vector(1)], [...Float32Array.from([0.1, 0.2])]);
    assert.deepEqual([...p.vector([0.25, 0.75])], [0.25, 0.75]);
    assert.throws(() => p.vector([1, 2, 3]), /task embedding must hold 2 values, got 3/);
    assert.throws(() => p.vector([1, Number.NaN]), /task embedding holds NaN/);
  });

  it("without prompts every task gives the empty vector", () => {
    const p = new TaskPrompt({ kind: "none" });
    assert.equal(p.dim, 0);
    assert.equal(p.vector(4).length, 0);
    assert.equal(p.rows([0, 3]).length, 0);
  });
});

describe("step statistics", () => {
  // Steps [s (2), a (1), r]: means 1..4, stds 10..40.
  const step = new Normalizer([1, 2, 3, 4], [10, 20, 30, 40]);

  it("every window position is normalized like a step; terminal channels are left as they are", () => {
    const layout = { obsDim: 2, actDim: 1, modelTerminals: true };
    const n = windowNormalizer(step, layout, 2);
    // [s, a, r, d] x 2, then s.
    assert.deepEqual([...n.mean], [1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2]);
    assert.deepEqual([...n.std], [10, 20, 30, 40, 1, 10, 20, 30, 40, 1, 10, 20]);
    assert.deepEqual(n.skipColumns, [4, 9]);
  });

  it("conditions: s_1 like a state, the prompt as given, the length divided by the largest k", () => {
    const n = conditionNormalizer(step, 2, 3, 25);
    assert.deepEqual([...n.mean], [1, 2, 0, 0, 0, 0]);
    assert.deepEqual([...n.std], [10, 20, 1, 1, 1, 25]);
    assert.deepEqual(n.skipColumns, [2, 3, 4]);
  });
});
