// ATraDiff §4.3: adapting a window diffuser on real samples of a shifted system lowers its loss on
// that system's windows, while the frozen copy of the original stays bit-identical; a stronger
// pull toward the frozen copy keeps the weights closer to it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AdaptationSettingsInput,
  OnlineAdaptation,
  parseAdaptationSettings,
} from "../../src/atradiff/adaptation/index.js";
import { TaskPrompt } from "../../src/atradiff/generator/taskPrompt.js";
import { WindowDiffuser } from "../../src/atradiff/generator/windowDiffuser.js";
import { trainWindowDiffuser } from "../../src/atradiff/training/trainWindowDiffuser.js";
import { fitStepNormalizer } from "../../src/atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../src/atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../src/atradiff/windows/trainingWindows.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { drawTrainingNoise, edmLoss } from "../../src/diffusion/edmLoss.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { tidy } from "../../src/engine/tensor.js";
import { toyData } from "../atradiff/toySystem.js";

const K = 4;
const tiny = {
  denoiser: { temporal: { width: 16, depth: 1 } },
  training: { totalSteps: 200, batchSize: 64, lr: 1e-3 },
  edm: { sampleSteps: 8 },
};

/** The toy system moving twice as fast with negated rewards: the online distribution shift. */
function shifted(data: TrainingData): TrainingData {
  return {
    ...data,
    episodes: data.episodes.map((e) => {
      const actions = e.actions.map((a) => 2 * a);
      const observations = e.observations.slice();
      for (let t = 1; t < e.length; t++) observations[2 * t] = observations[2 * t - 2] + actions[t - 1];
      return {
        ...e,
        actions,
        rewards: e.rewards.map((r) => -r),
        observations,
        finalObservation: Float32Array.from([
          observations[2 * (e.length - 1)] + actions[e.length - 1],
          e.finalObservation[1],
        ]),
      };
    }),
  };
}

function storeEpisodes(buffer: ReplayBuffer, data: TrainingData): void {
  for (const e of data.episodes)
    for (let t = 0; t < e.length; t++)
      buffer.store({
        obs: e.observations.subarray(2 * t, 2 * t + 2),
        action: e.actions.subarray(t, t + 1),
        reward: e.rewards[t],
        nextObs: t + 1 < e.length ? e.observations.subarray(2 * t + 2, 2 * t + 4) : e.finalObservation,
        terminal: t === e.length - 1,
      });
}

/** The diffuser's EDM loss on all windows of `data`, with fixed noise draws. */
function lossOn(diffuser: WindowDiffuser, data: TrainingData, prompt: TaskPrompt): number {
  const windows = new TrainingWindows(data, K, true);
  const n = windows.count;
  const rows = windows.materialize();
  const first = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) windows.writeFirstState(i, first, 2 * i);
  const trainer = diffuser.diffusion;
  const cond = trainer.conditionNormalizer!.normalize(
    diffuser.conditions(first, prompt.repeat(prompt.vector(0), n), null, n),
  );
  const draws = drawTrainingNoise(n, trainer.dataDim, trainer.settings.edm, new Rng(99));
  return tidy(() => edmLoss(trainer.model, trainer.normalizer!.normalize(rows), cond, draws, 1).item());
}

function weights(diffuser: { parameters(): { toArray(): Float32Array }[] }): Float32Array[] {
  return diffuser.parameters().map((p) => p.toArray());
}

function distance(a: Float32Array[], b: Float32Array[]): number {
  let s = 0;
  a.forEach((x, i) => {
    for (let j = 0; j < x.length; j++) s += (x[j] - b[i][j]) ** 2;
  });
  return Math.sqrt(s);
}

describe("online adaptation", () => {
  const offline = toyData(60, new Rng(1));
  const online = shifted(toyData(60, new Rng(2)));
  const layout = { obsDim: 2, actDim: 1, modelTerminals: true };
  const prompt = new TaskPrompt({ kind: "none" });
  let original: Float32Array[] = [];

  function pretrained(): WindowDiffuser {
    // Statistics from both systems, so that the normalizers cover the shifted data too.
    const step = fitStepNormalizer({ ...offline, episodes: [...offline.episodes, ...online.episodes] });
    const d = WindowDiffuser.create(
      { layout, windowLength: K, promptDim: 0, lengthConditioned: false },
      step,
      tiny,
      3,
    );
    trainWindowDiffuser(d, new TrainingWindows(offline, K, true), prompt, { rng: new Rng(4) });
    return d;
  }

  /** Adaptation of `diffuser` with the online (shifted) episodes in its real buffer. */
  function adaptationOf(diffuser: WindowDiffuser, settings: AdaptationSettingsInput): OnlineAdaptation {
    const real = new ReplayBuffer(5000, 2, 1);
    storeEpisodes(real, online);
    return new OnlineAdaptation({
      diffusers: [diffuser],
      prompt,
      real,
      settings: parseAdaptationSettings(settings),
      seed: 5,
    });
  }

  before(async () => {
    await initEngine({ threads: 1 });
  });
  after(() => closeEngine());

  for (const indicator of ["reward", "td"] as const)
    it(`fine-tunes toward new data with the ${indicator} indicator; the frozen copy stays bit-identical`, () => {
      const diffuser = pretrained();
      original = weights(diffuser.diffusion.model);
      const adaptation = adaptationOf(diffuser, {
        indicator,
        fineTuneSteps: 150,
        lr: 1e-3,
        batchSize: 64,
        heapCapacity: 2000,
        topK: 400,
        rewardBufferCapacity: 400,
        anchorPull: 1e-3,
      });
      const frozenBefore = weights(adaptation.frozen[0].network);
      assert.deepEqual(frozenBefore, original);
      const lossBefore = lossOn(diffuser, online, prompt);
      // A stand-in critic: |TD error| grows with the state's p.
      const agent = {
        tdError: (b: { obs: Float32Array; size: number }) =>
          Float32Array.from({ length: b.size }, (_, i) => b.obs[2 * i]),
      };
      const report = adaptation.adapt(indicator === "td" ? agent : null);
      assert.ok(report.samples > 100, `${report.samples} samples used`);
      const lossAfter = lossOn(diffuser, online, prompt);
      assert.ok(
        lossAfter < 0.8 * lossBefore,
        `loss on new data ${lossBefore.toFixed(4)} -> ${lossAfter.toFixed(4)}`,
      );
      assert.deepEqual(weights(adaptation.frozen[0].network), frozenBefore);
      assert.ok(distance(weights(diffuser.diffusion.model), original) > 0);
      adaptation.dispose();
      diffuser.dispose();
    });

  it("a stronger pull toward the frozen copy keeps the adapted weights closer to the original", () => {
    const distances = [0, 0.05].map((anchorPull) => {
      const diffuser = pretrained();
      const start = weights(diffuser.diffusion.model);
      const adaptation = adaptationOf(diffuser, {
        indicator: "reward",
        fineTuneSteps: 100,
        lr: 1e-3,
        batchSize: 64,
        rewardBufferCapacity: 400,
        anchorPull,
      });
      adaptation.adapt();
      const d = distance(weights(diffuser.diffusion.model), start);
      adaptation.dispose();
      diffuser.dispose();
      return d;
    });
    assert.ok(
      distances[1] < 0.5 * distances[0],
      `distance to the original: no pull ${distances[0]}, pull 0.05 ${distances[1]}`,
    );
  });
});
