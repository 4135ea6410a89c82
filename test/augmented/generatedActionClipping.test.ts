// Generated actions are clipped to the action space before they are stored (DESIGN.md's Generator):
// the ATraDiff generator clips to its actionBound and counts the steps it clipped; the augmented
// buffer holds D_s to the agents' [-1, 1] for any source, counts the steps generated, kept and
// clipped, and a worker thread passes a source's counts on unchanged.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AugmentedReplayBuffer,
  type GenerationBackend,
  InThreadGeneration,
  parseAugmentedBufferSettings,
  WorkerGeneration,
} from "../../src/atradiff/augmented/index.js";
import { trainGenerator } from "../../src/atradiff/trainGenerator.js";
import { TrajectoryGenerator } from "../../src/atradiff/trajectoryGenerator.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { toyData, toyStarts } from "../atradiff/toySystem.js";
import { type FakeGeneratorOptions, makeFakeGenerator } from "./fakeGenerator.js";

const OBS = 3;
const ACT = 2;
const SEED = 4;

/** 2000 real stores, then a flush; returns D_s's actions and the buffer's generation counts. */
function fill(backend: GenerationBackend) {
  const settings = parseAugmentedBufferSettings({ rho: 0.5, generationBatchSize: 8, queueLength: 2 });
  const buffer = new AugmentedReplayBuffer({
    real: new ReplayBuffer(10_000, OBS, ACT),
    synthetic: new ReplayBuffer(settings.syntheticCapacity, OBS, ACT),
    settings,
    expectedLength: 4,
    backend,
    seed: SEED,
  });
  const rng = new Rng(5);
  const obs = new Float32Array(OBS);
  try {
    for (let i = 0; i < 2000; i++) {
      const action = Float32Array.from({ length: ACT }, () => rng.uniformIn(-1, 1));
      const nextObs = obs.map((v, d) => v + (d < ACT ? action[d] : 0.01));
      buffer.store({ obs, action, reward: 1, nextObs, terminal: false });
      obs.set(nextObs);
    }
    buffer.flush();
    const n = buffer.synthetic.size;
    return { actions: buffer.synthetic.action.slice(0, n * ACT), generation: buffer.generation };
  } finally {
    buffer.close();
  }
}

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
    const { actions, generation } = fill(new InThreadGeneration(makeFakeGenerator(wide), SEED));
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
    const inRange = fill(new InThreadGeneration(makeFakeGenerator({ ...wide, actionScale: 1 }), SEED));
    assert.equal(inRange.generation.clippedActionShare, 0);
  });

  it("a worker thread gives the same D_s and passes on the counts its source reports", () => {
    const reporting = { ...wide, actionScale: 1, reportCounts: true };
    const inThread = fill(new InThreadGeneration(makeFakeGenerator(reporting), SEED));
    const inWorker = fill(
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
