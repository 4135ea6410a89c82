// The S4RL baseline (src/baselines/s4rl/): sampled states carry Gaussian noise of the set scale on
// s and s', everything else is as sampled, and the wrapped buffer D_o is left untouched.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseS4rlSettings, StateNoiseSampler } from "../../src/baselines/s4rl/index.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";

describe("S4RL state noise", () => {
  const OBS = 5;
  const ACT = 2;
  const real = new ReplayBuffer(100, OBS, ACT);
  const rng = new Rng(1);
  for (let i = 0; i < 100; i++)
    real.store({
      obs: Array.from({ length: OBS }, () => rng.uniformIn(-3, 3)),
      action: Array.from({ length: ACT }, () => rng.uniformIn(-1, 1)),
      reward: rng.uniform(),
      nextObs: Array.from({ length: OBS }, () => rng.uniformIn(-3, 3)),
      terminal: i % 7 === 0,
    });

  for (const scale of [0.01, 0.3])
    it(`adds noise of standard deviation ${scale} to s and s' only, leaving D_o unchanged`, () => {
      const before = { obs: real.obs.slice(), nextObs: real.nextObs.slice(), reward: real.reward.slice() };
      const sampler = new StateNoiseSampler(real, parseS4rlSettings({ noiseScale: scale }));
      const sampleRng = new Rng(2);
      const plainRng = new Rng(2);
      const noiseS: number[] = [];
      const noiseNext: number[] = [];
      for (let b = 0; b < 200; b++) {
        const noisy = sampler.sample(64, sampleRng);
        // The same rows, drawn by the same stream before the noise.
        const plain = real.sample(64, plainRng);
        for (let i = 0; i < plain.obs.length; i++) {
          noiseS.push(noisy.obs[i] - plain.obs[i]);
          noiseNext.push(noisy.nextObs[i] - plain.nextObs[i]);
        }
        assert.deepEqual(noisy.action, plain.action);
        assert.deepEqual(noisy.reward, plain.reward);
        assert.deepEqual(noisy.terminal, plain.terminal);
        for (let i = 0; i < 2 * 64 * OBS; i++) plainRng.gaussian(); // keep the streams aligned
      }
      for (const noise of [noiseS, noiseNext]) {
        const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
        const sd = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
        assert.ok(Math.abs(sd / scale - 1) < 0.03, `noise sd ${sd}, set ${scale}`);
        assert.ok(Math.abs(mean) < 0.03 * scale, `noise mean ${mean}`);
      }
      assert.deepEqual(real.obs, before.obs);
      assert.deepEqual(real.nextObs, before.nextObs);
      assert.deepEqual(real.reward, before.reward);
    });

  it("rejects a negative noise scale with one sentence", () => {
    assert.throws(
      () => parseS4rlSettings({ noiseScale: -1 }),
      /S4RL: setting "noiseScale" must be at least 0, got -1\./,
    );
  });
});
