// The scales of `atradiff diffuser train`: quick (the default) is the quickScaleSchema's documented
// settings under whatever --settings gives; paper is the generator schema's own defaults.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { quickScaleSchema, scaledSettings } from "../../src/atradiff/commands/diffuserTrainScale.js";
import {
  generatorSettingsSchema,
  parseGeneratorSettings,
} from "../../src/atradiff/generator/generatorSettings.js";

describe("diffuser train scales", () => {
  it("paper is exactly the generator schema's defaults: five diffusers k = 5..25 of 100,000 steps", () => {
    const paper = parseGeneratorSettings(scaledSettings("paper", {}));
    assert.deepEqual(paper, generatorSettingsSchema.parse({}));
    assert.deepEqual(paper.windowLengths, [5, 10, 15, 20, 25]);
    assert.equal(paper.diffusion.training.totalSteps, 100_000);
  });

  it("quick takes every number from the quick scale's schema", () => {
    const q = quickScaleSchema.parse({});
    const s = parseGeneratorSettings(scaledSettings("quick", {}));
    assert.deepEqual(s.windowLengths, q.windowLengths);
    assert.equal(s.diffusion.training.totalSteps, q.diffuserSteps);
    assert.equal(s.diffusion.denoiser.architecture, "temporal");
    assert.equal(s.diffusion.denoiser.temporal.width, q.denoiserWidth);
    assert.equal(s.diffusion.denoiser.temporal.depth, q.denoiserDepth);
    assert.equal(s.estimator.steps, q.estimatorSteps);
    assert.equal(s.plausibilityGate.steps, q.gateSteps);
    assert.equal(s.pruner.calibrationWindows, q.calibrationWindows);
  });

  it("settings given win over the quick scale, nested ones key by key", () => {
    const s = parseGeneratorSettings(
      scaledSettings("quick", { windowLengths: [5], diffusion: { training: { totalSteps: 7 } } }),
    );
    assert.deepEqual(s.windowLengths, [5]);
    assert.equal(s.diffusion.training.totalSteps, 7);
    assert.equal(s.diffusion.denoiser.temporal.width, quickScaleSchema.parse({}).denoiserWidth);
  });

  it("an unknown scale is refused in one sentence naming the valid ones", () => {
    assert.throws(() => scaledSettings("huge", {}), /^Error: --scale must be quick or paper, got "huge"\.$/);
  });
});
