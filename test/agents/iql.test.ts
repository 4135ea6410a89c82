// IQL: the expectile loss and its gradient by hand; the Gaussian policy's log-likelihood by hand;
// the advantage weights exp(beta A) clipped at 100 with known critics and value.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expectileLoss } from "../../src/agents/expectileLoss.js";
import { GaussianActor } from "../../src/agents/gaussianActor.js";
import { Iql } from "../../src/agents/iql.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";
import { randomBatch, setConstantOutput } from "./agentTestKit.js";

describe("IQL", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("expectile loss: mean |tau - 1(u < 0)| u^2 and its gradient", () => {
    tidy(() => {
      const u = Tensor.fromArray([1, -2, 0.5], [3, 1], { requiresGrad: true });
      const loss = expectileLoss(u, 0.7);
      assert.ok(Math.abs(loss.item() - (0.7 * 1 + 0.3 * 4 + 0.7 * 0.25) / 3) < 1e-6);
      loss.backward();
      const g = u.grad!.toArray();
      const expected = [(2 * 0.7 * 1) / 3, (2 * 0.3 * -2) / 3, (2 * 0.7 * 0.5) / 3];
      expected.forEach((e, i) => assert.ok(Math.abs(g[i] - e) < 1e-6, `grad ${i}: ${g[i]} vs ${e}`));
    });
  });

  it("the Gaussian policy's log-likelihood matches the formula", () => {
    const actor = new GaussianActor(
      { obsDim: 2, actDim: 2, hiddenSizes: [4], logStdMin: -20, logStdMax: 2 },
      new Rng(1),
    );
    setConstantOutput(actor.net, [[0.5, -1]]);
    actor.logStd.data.set([Math.log(0.3), 0.2]);
    const mean = [Math.tanh(0.5), Math.tanh(-1)];
    const std = [0.3, Math.exp(0.2)];
    tidy(() => {
      const obs = Tensor.randn([2, 2], new Rng(2));
      const act = Tensor.fromArray([0.1, -0.9, 0.7, 0.0], [2, 2]);
      const lp = actor.logProb(obs, act).toArray();
      const a = act.toArray();
      for (let i = 0; i < 2; i++) {
        let expected = 0;
        for (let j = 0; j < 2; j++) {
          const z = (a[2 * i + j] - mean[j]) / std[j];
          expected += -0.5 * z * z - Math.log(std[j]) - 0.5 * Math.log(2 * Math.PI);
        }
        assert.ok(Math.abs(lp[i] - expected) < 1e-5, `log-likelihood ${lp[i]} vs ${expected}`);
      }
      const mode = actor.mean(obs).toArray();
      assert.ok(Math.abs(mode[0] - mean[0]) < 1e-6 && Math.abs(mode[3] - mean[1]) < 1e-6);
    });
    actor.dispose();
  });

  it("weights the actor by min(exp(beta (min_i Q'_i - V)), 100)", () => {
    const make = () =>
      new Iql({
        obsDim: 3,
        actDim: 2,
        seed: 1,
        settings: { actorHiddenSizes: [8], criticHiddenSizes: [8], valueHiddenSizes: [8] },
      });
    const batch = randomBatch(new Rng(3), 16, 3, 2);
    const near = make();
    setConstantOutput(near.targetCritic.net, [[5], [6]]);
    setConstantOutput(near.value, [[4.9]]);
    const a = near.update(batch);
    assert.ok(Math.abs(a.advantageWeight - Math.exp(3 * 0.1)) < 1e-4, `weight ${a.advantageWeight}`);
    // The value loss at the start: every u = 0.1 > 0, weight tau = 0.7.
    assert.ok(Math.abs(a.valueLoss - 0.7 * 0.01) < 1e-5, `value loss ${a.valueLoss}`);
    const far = make();
    setConstantOutput(far.targetCritic.net, [[5], [6]]);
    setConstantOutput(far.value, [[1]]);
    assert.equal(far.update(batch).advantageWeight, 100);
    near.dispose();
    far.dispose();
  });

  it("tdError is the mean over both critics of |Q_i - (r + gamma (1 - d) V(s'))|", () => {
    const agent = new Iql({
      obsDim: 3,
      actDim: 2,
      seed: 1,
      settings: { actorHiddenSizes: [8], criticHiddenSizes: [8], valueHiddenSizes: [8] },
    });
    setConstantOutput(agent.critic.net, [[2], [-1]]);
    setConstantOutput(agent.value, [[3]]);
    const batch = randomBatch(new Rng(5), 8, 3, 2);
    const td = agent.tdError(batch);
    for (let i = 0; i < 8; i++) {
      const y = batch.reward[i] + 0.99 * (1 - batch.terminal[i]) * 3;
      assert.ok(Math.abs(td[i] - (Math.abs(2 - y) + Math.abs(-1 - y)) / 2) < 1e-5);
    }
    agent.dispose();
  });
});
