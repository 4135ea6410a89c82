// The bench's training speed: steps/s are timed inside one run of the training loop, so what a
// run does once before its first step (a window diffuser shuffling all its windows) is not timed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseGeneratorSettings } from "../../../src/atradiff/generator/generatorSettings.js";
import { loopStepRate, windowTrainingSpeed } from "../../../src/bench/diffusion/benchSpeed.js";
import { Rng } from "../../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../../src/engine/runtime.js";
import { toyData } from "../../atradiff/toySystem.js";

describe("bench training speed", () => {
  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(() => closeEngine());

  it("times the steps of one loop run, not the run's setup", () => {
    let now = 0;
    const stepsRun: number[] = [];
    const loop = (steps: number, afterStep: (done: number) => void) => {
      stepsRun.push(steps);
      now += 1000; // setup before the first step
      for (let i = 1; i <= steps; i++) {
        now += 10;
        afterStep(i);
      }
    };
    assert.equal(
      loopStepRate(loop, 5, () => now),
      100,
    );
    assert.deepEqual(stepsRun, [7], "one run: 2 warm-up steps and 5 timed ones");
  });

  it("fails with one sentence when the loop stops early or the step count is bad", () => {
    assert.throws(() => loopStepRate((_steps, afterStep) => afterStep(1), 3), /did not report its step 2/);
    assert.throws(() => loopStepRate(() => {}, 0), /positive integer, got 0/);
  });

  it("measures every window diffuser on real batches", () => {
    const settings = parseGeneratorSettings({
      windowLengths: [2, 4],
      diffusion: { denoiser: { temporal: { width: 8, depth: 1 } }, training: { batchSize: 8 } },
    });
    const rates = windowTrainingSpeed(toyData(20, new Rng(1)), settings, 2);
    assert.deepEqual(Object.keys(rates), ["2", "4"]);
    for (const r of Object.values(rates)) assert.ok(Number.isFinite(r) && r > 0, `rate ${r}`);
  });
});
