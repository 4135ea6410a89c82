// Generated actions are clipped to the action space before they are stored (DESIGN.md's Generator):
// the ATraDiff generator clips to its actionBound and counts the steps it clipped; the augmented
// buffer holds D_s to the agents' [-1, 1] for any source, counts the steps generated, kept and
// clipped, and a worker thread passes a source's counts on unchanged.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { InThreadGeneration, WorkerGeneration } from "../../src/atradiff/augmented/index.js";
import { TrajectoryGenerator } from "../../src/atradiff/generator/trajectoryGenerator.js";
import { trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { toyData, toyStarts } from "../atradiff/toySystem.js";
import { runAugmented } from "./augmentedRun.js";
import { type FakeGeneratorOptions, makeFakeGenerator } from "./fakeGenerator.js";

const OBS = 3;
const ACT = 2;
const SEED = 4;

describe("generated actions are clipped before they are stored", () => {
  // Actions uniform in [-2, 2]^2: a step has a component outside [-1, 1] with probability 3/4.
  const wide: FakeGeneratorOptions = { obsDim: OBS, actDim: ACT, meanLength: 4, actionScale: 2 };

  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(async () => {
    await closeEngine();
  });

  it("D_s holds no action outside [-1, 1] from any source, and the share clipped is counted", () => {
    const { action: actions, generation } = runAugmented(
      new InThreadGeneration(makeFakeGenerator(wide), SEED),
      SEED,
    );
    assert.ok(actions.length > 1000 * ACT);
    assert.ok(actions.every((a) => a >= -1 && a <= 1));
    assert.ok(actions.some((a) => a === 1) && actions.some((a) => a === -1));
    assert.equal(generation.insertedRows, actions.length / ACT);
    assert.equal(generation.generatedSteps, generation.insertedRows); // no gate: every step kept
    assert.equal(generation.keptShare, 1);
    assert.ok(
      Math.abs(generation.clippedActionShare - 0.75) < 0.04,
      `clipped share ${generation.clippedActionShare}`,
    );
    const inRange = runAugmented(
      new InThreadGeneration(makeFakeGenerator({ ...wide, actionScale: 1 }), SEED),
      SEED,
    );
    assert.equal(inRange.generation.clippedActionShare, 0);
  });

  it("a worker thread gives the same D_s and passes on the counts its source reports", () => {
    const reporting = { ...wide, actionScale: 1, reportCounts: true };
    const inThread = runAugmented(new InThreadGeneration(makeFakeGenerator(reporting), SEED), SEED);
    const inWorker = runAugmented(
      new WorkerGeneration({
        spec: {
          kind: "module",
          moduleUrl: new URL("./fakeGenerator.js", import.meta.url).href,
          exportName: "makeFakeGenerator",
          options: reporting,
        },
        seed: SEED,
        obsDim: OBS,
        actDim: ACT,
      }),
      SEED,
    );
    assert.deepEqual(inWorker, inThread);
    // Each trajectory says: one step more generated (cut by a gate), one action clipped.
    const g = inThread.generation;
    const trajectories = g.generatedSteps - g.insertedRows;
    assert.ok(trajectories > 100);
    assert.equal(g.keptShare, g.insertedRows / g.generatedSteps);
    assert.equal(g.clippedActionShare, trajectories / g.generatedSteps);
  });

  it("the ATraDiff generator clips to its actionBound and counts the steps it clipped", () => {
    // The toy's actions are 0.05 to 0.07: a bound of 0.06 clips about half of them.
    const { generator } = trainGenerator(toyData(30, new Rng(1)), {
      windowLengths: [4, 8],
      diffusion: {
        denoiser: { dimT: 32, width: 64, depth: 2 },
        training: { totalSteps: 200, batchSize: 64, lr: 3e-3 },
        edm: { sampleSteps: 6 },
      },
      estimator: { hiddenSizes: [16], steps: 50 },
      plausibilityGate: { enabled: false },
      pruner: { calibrationWindows: 8 },
      actionBound: 0.06,
    });
    const unclipped = new TrajectoryGenerator({
      ...generator,
      diffusers: [...generator.diffusers],
      settings: { ...generator.settings, actionBound: null },
    });
    try {
      const starts = toyStarts(40, new Rng(2)).states;
      const clipped = generator.generate(starts, { rng: new Rng(3) });
      const raw = unclipped.generate(starts, { rng: new Rng(3) });
      let outside = 0;
      let steps = 0;
      raw.forEach((r, i) => {
        const t = clipped[i];
        assert.equal(t.size, r.size);
        let count = 0;
        for (let j = 0; j < r.size; j++) {
          const a = r.action[j];
          assert.equal(t.action[j], Math.fround(Math.min(Math.max(a, -0.06), 0.06)));
          if (Math.abs(a) > Math.fround(0.06)) count++;
        }
        assert.equal(t.clippedActionSteps, count);
        assert.equal(r.clippedActionSteps, 0);
        outside += count;
        steps += r.size;
      });
      assert.ok(outside > 0.1 * steps && outside < steps, `${outside} of ${steps} clipped`);
    } finally {
      generator.dispose();
    }
  });
});
