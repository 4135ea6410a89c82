// TD3+BC: lambda = alpha / mean |Q| by hand and inside the agent; the delayed actor; the TD error
// against a hand-computed target with known critics.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Td3bc, td3bcLambda } from "../../src/agents/td3bc.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { randomBatch, setConstantOutput } from "./agentTestKit.js";

function smallAgent(): Td3bc {
  return new Td3bc({
    obsDim: 3,
    actDim: 2,
    seed: 4,
    settings: { actorHiddenSizes: [8, 8], criticHiddenSizes: [8, 8] },
  });
}

describe("TD3+BC", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("lambda = alpha / mean |Q|", () => {
    assert.equal(td3bcLambda([2, -4, 6], 2.5), 2.5 / 4);
    assert.throws(() => td3bcLambda([0, 0], 2.5), /lambda is undefined when every Q value is 0/);
  });

  it("uses Q_1's mean magnitude for lambda and updates the actor every second step", () => {
    const agent = smallAgent();
    // Critic 1 outputs -4 everywhere, critic 2 outputs 7: lambda must be 2.5 / 4.
    setConstantOutput(agent.critic.net, [[-4], [7]]);
    const batch = randomBatch(new Rng(1), 32, 3, 2);
    const first = agent.update(batch);
    assert.equal(first.lambda, undefined, "no actor update on the first step (policy delay 2)");
    const second = agent.update(batch);
    assert.ok(second.lambda !== undefined, "actor update on the second step");
    // The critics moved a little during two critic steps; Q_1 stays near -4.
    assert.ok(Math.abs(second.lambda - 2.5 / 4) < 0.01, `lambda ${second.lambda}`);
    assert.equal(agent.update(batch).lambda, undefined);
    assert.equal(agent.update(batch, { updateActor: false }).lambda, undefined);
    agent.dispose();
  });

  it("tdError is the mean over both critics of |Q_i - (r + gamma (1 - d) min_i Q'_i)|", () => {
    const agent = smallAgent();
    setConstantOutput(agent.critic.net, [[-4], [7]]);
    setConstantOutput(agent.targetCritic.net, [[1], [3]]);
    const batch = randomBatch(new Rng(2), 16, 3, 2);
    const td = agent.tdError(batch);
    for (let i = 0; i < batch.size; i++) {
      const y = batch.reward[i] + 0.99 * (1 - batch.terminal[i]) * 1;
      const expected = (Math.abs(-4 - y) + Math.abs(7 - y)) / 2;
      assert.ok(Math.abs(td[i] - expected) < 1e-5, `td[${i}] ${td[i]} vs ${expected}`);
    }
    agent.dispose();
  });
});
