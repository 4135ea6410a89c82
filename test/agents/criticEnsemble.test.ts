// The critic ensemble: a subset of members (REDQ's target critics) gives exactly the rows of the
// full ensemble's output, with and without LayerNorm; bad member indices are refused.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CriticEnsemble } from "../../src/agents/criticEnsemble.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";

describe("CriticEnsemble", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  for (const layerNorm of [false, true]) {
    it(`forwardMembers equals the chosen rows of forward (layerNorm ${layerNorm})`, () => {
      const rng = new Rng(5);
      const critic = new CriticEnsemble(
        { obsDim: 4, actDim: 2, hiddenSizes: [16, 16], members: 6, layerNorm },
        rng,
      );
      // Non-trivial LayerNorm gains and biases, so that gathering them matters.
      for (const norm of critic.net.norms) {
        rng.fillUniform(norm.weight!.data, 0.5, 1.5);
        rng.fillUniform(norm.bias!.data, -0.5, 0.5);
      }
      tidy(() => {
        const obs = Tensor.randn([7, 4], rng);
        const act = Tensor.uniform([7, 2], rng, -1, 1);
        const all = critic.forward(obs, act);
        assert.deepEqual(all.shape, [6, 7, 1]);
        const full = all.toArray();
        const members = [4, 1, 5];
        const part = critic.forwardMembers(obs, act, members);
        assert.deepEqual(part.shape, [3, 7, 1]);
        const p = part.toArray();
        members.forEach((m, k) => {
          for (let i = 0; i < 7; i++) assert.ok(Math.abs(p[k * 7 + i] - full[m * 7 + i]) < 1e-5);
        });
        const one = critic.forwardMembers(obs, act, [2]).toArray();
        for (let i = 0; i < 7; i++) assert.ok(Math.abs(one[i] - full[2 * 7 + i]) < 1e-5);
      });
      critic.dispose();
    });
  }

  it("refuses members outside the ensemble", () => {
    const critic = new CriticEnsemble({ obsDim: 2, actDim: 1, hiddenSizes: [4], members: 2 }, new Rng(0));
    tidy(() => {
      const obs = Tensor.zeros([1, 2]);
      const act = Tensor.zeros([1, 1]);
      assert.throws(
        () => critic.forwardMembers(obs, act, [2]),
        /Critic member 2 does not exist in an ensemble of 2\./,
      );
    });
    critic.dispose();
  });
});
