// The defect behind the 70x fidelity gap between ATraDiff windows and SynthER transitions: a window
// diffuser built with SynthER's denoiser sizes squeezes its whole noisy window (and condition)
// through a dim_t-wide input projection, narrower than the window, and cannot denoise it. A window
// diffuser's denoiser must be at least as wide as its input (windowDenoiser.ts).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import { fitDenoiserToInput } from "../../src/atradiff/generator/windowDenoiser.js";
import { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import { trainWindowDiffuser } from "../../src/atradiff/training/trainWindowDiffuser.js";
import { fitStepNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { actionOffset, stateOffset, windowWidth } from "../../src/atradiff/windows/windowLayout.js";
import { DenoiserNetwork } from "../../src/diffusion/denoiserNetwork.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { toyData, toyStarts } from "./toySystem.js";

describe("window denoiser width", () => {
  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    await closeEngine();
  });

  it("a hopper window of 25 steps gets a denoiser at least as wide as its row and condition", () => {
    const layout = { obsDim: 11, actDim: 3, modelTerminals: true };
    const rows = Float32Array.from({ length: 40 * 15 }, (_, i) => Math.sin(i));
    const step = fitStepNormalizer({
      obsDim: 11,
      actDim: 3,
      episodes: [
        {
          length: 40,
          observations: rows.subarray(0, 440),
          actions: rows.subarray(0, 120),
          rewards: rows.subarray(0, 40),
          finalObservation: rows.subarray(0, 11),
          terminal: false,
          task: 0,
        },
      ],
    });
    const shape = { layout, windowLength: 25, promptDim: 0, lengthConditioned: false };
    const synther = { denoiser: { architecture: "residualMlp" as const, dimT: 128, width: 256, depth: 1 } };
    const input = windowWidth(layout, 25) + 11;
    assert.equal(input, 422);
    const fitted = WindowDiffuser.create(shape, step, synther, 1);
    assert.equal(fitted.diffusion.settings.denoiser.dimT, 448); // 422 rounded up to 32
    assert.equal(fitted.diffusion.settings.denoiser.width, 448);
    const model = fitted.diffusion.model;
    assert.ok(model instanceof DenoiserNetwork);
    assert.equal(model.inputProjection.outFeatures, 448);
    fitted.dispose();
    const asGiven = WindowDiffuser.create(shape, step, synther, 1, { fitDenoiserToWindow: false });
    assert.equal(asGiven.diffusion.settings.denoiser.dimT, 128);
    asGiven.dispose();
    // Wider settings stay as they are.
    assert.equal(
      fitDenoiserToInput({ denoiser: { architecture: "residualMlp", dimT: 512, width: 2048 } }, 422).denoiser
        .width,
      2048,
    );
    assert.equal(
      fitDenoiserToInput({ denoiser: { architecture: "residualMlp", dimT: 512, width: 2048 } }, 422).denoiser
        .dimT,
      512,
    );
    assert.equal(parseGeneratorSettings({}).fitDenoiserToWindow, true);
    assert.throws(() => fitDenoiserToInput({}, 0), /input width must be a positive integer, got 0/);
  });

  it("windows wider than dim_t follow the dynamics only with the fitted denoiser", () => {
    // Toy windows of 8 steps: rows of 42 values + a 2-value condition, against dim_t 16.
    const data = toyData(200, new Rng(1));
    const step = fitStepNormalizer(data);
    const layout = { obsDim: 2, actDim: 1, modelTerminals: true };
    const k = 8;
    const settings = {
      denoiser: { architecture: "residualMlp" as const, dimT: 16, width: 128, depth: 2 },
      training: { totalSteps: 1500, batchSize: 128, lr: 3e-3, emaStartStep: 50, emaEvery: 1, emaDecay: 0.99 },
      edm: { sampleSteps: 16 },
    };
    const { states } = toyStarts(100, new Rng(3));
    /** Mean |p_2 - (p_1 + a_1)| of the first generated step (always a real transition here). */
    const dynamicsError = (fitDenoiserToWindow: boolean): number => {
      const d = WindowDiffuser.create(
        { layout, windowLength: k, promptDim: 0, lengthConditioned: false },
        step,
        settings,
        3,
        { fitDenoiserToWindow },
      );
      try {
        trainWindowDiffuser(d, new TrainingWindows(data, k, true), new TaskPrompt({ kind: "none" }), {
          rng: new Rng(2),
        });
        const rows = d.sample(states, [], null, 100, { rng: new Rng(4), inpaintMode: "noised" });
        const w = windowWidth(layout, k);
        let error = 0;
        for (let i = 0; i < 100; i++) {
          const p = rows[i * w + stateOffset(layout, 0)];
          const a = rows[i * w + actionOffset(layout, 0)];
          error += Math.abs(rows[i * w + stateOffset(layout, 1)] - (p + a));
        }
        return error / 100;
      } finally {
        d.dispose();
      }
    };
    const fitted = dynamicsError(true);
    const squeezed = dynamicsError(false);
    console.log(
      `|p' - (p + a)|: fitted denoiser ${fitted.toFixed(4)}, dim_t 16 ${squeezed.toFixed(4)} (a ~ 0.06)`,
    );
    assert.ok(fitted < 0.03, `fitted denoiser: dynamics error ${fitted}`);
    assert.ok(
      squeezed > 3 * fitted,
      `the squeezed denoiser should be clearly worse: ${squeezed} vs ${fitted}`,
    );
  });
});
