// SAC's update against an independent PyTorch implementation of standard SAC
// (scripts/fixtures/make_sac_fixture.py): a tiny agent with atradiff's default settings, the same
// initial weights, batches and Gaussian draws, two full updates; losses, statistics, gradients, new
// weights, target weights and alpha must agree to RTOL (1e-5) relative.
//
// Order of one update (src/agents/softActorCritic.ts), the order of the SAC PyTorch code
// (SpinningUp's sac.py; pranz24/pytorch-soft-actor-critic and REDQ's code for the temperature), which
// the reference follows too:
//   1. critic target with the actor and alpha from before the update (draw "nextAction");
//   2. critic step; Polyak update of the targets right after it (the reference does it last: the
//      targets are read only in step 1, so both give the same numbers);
//   3. actor step through the critics just updated in step 2, alpha still the old one (draw "action");
//   4. temperature step on the log pi of step 3's sample, taken before the actor step.
// Any other order (actor on the old critics, temperature on a fresh sample, new alpha in the actor
// loss) changes the gradients below and fails the test.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SoftActorCritic } from "../../src/agents/softActorCritic.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import {
  assertMatches,
  assertModuleMatches,
  type FixtureBatch,
  fixtureBatch,
  loadNamed,
  type NamedValues,
  readAgentFixture,
  replayedNoise,
} from "./referenceFixture.js";

interface SacWeights {
  actor: NamedValues;
  critic: NamedValues;
  logAlpha: number;
}

interface SacFixture {
  sizes: { obsDim: number; actDim: number; hidden: number[]; batch: number };
  settings: {
    gamma: number;
    tau: number;
    lr: number;
    initialTemperature: number;
    targetEntropy: number;
    logStdMin: number;
    logStdMax: number;
  };
  initial: SacWeights;
  updates: {
    batch: FixtureBatch;
    nextActionNoise: number[];
    actionNoise: number[];
    stats: Record<string, number>;
    gradients: SacWeights;
    after: SacWeights & { targetCritic: NamedValues };
  }[];
}

const fixture = readAgentFixture<SacFixture>("sac-reference.json");

describe("SAC update against PyTorch", () => {
  before(() => initEngine());
  after(() => closeEngine());

  it("runs with atradiff's default SAC settings", () => {
    const { noise } = replayedNoise({ nextAction: [], action: [] });
    const agent = referenceAgent(noise);
    const s = agent.settings;
    const f = fixture.settings;
    assert.deepEqual(
      [
        s.gamma,
        s.tau,
        s.actorLr,
        s.criticLr,
        s.temperatureLr,
        s.initialTemperature,
        s.logStdMin,
        s.logStdMax,
      ],
      [f.gamma, f.tau, f.lr, f.lr, f.lr, f.initialTemperature, f.logStdMin, f.logStdMax],
    );
    assert.equal(agent.temperature.targetEntropy, f.targetEntropy);
    assert.equal(s.numCritics, 2);
    assert.equal(s.actorCriticReduction, "min");
    agent.dispose();
  });

  it("two updates give PyTorch's losses, gradients, weights, targets and alpha", () => {
    const { noise, asked } = replayedNoise({
      nextAction: fixture.updates.map((u) => u.nextActionNoise),
      action: fixture.updates.map((u) => u.actionNoise),
    });
    const agent = referenceAgent(noise);
    loadNamed(agent.actor, fixture.initial.actor, "actor");
    loadNamed(agent.critic, fixture.initial.critic, "critic");
    loadNamed(agent.targetCritic, fixture.initial.critic, "targetCritic");
    assert.equal(agent.temperature.logAlpha.data[0], fixture.initial.logAlpha);
    const { obsDim, actDim } = fixture.sizes;
    fixture.updates.forEach((ref, k) => {
      const u = `update ${k + 1}`;
      const stats = agent.update(fixtureBatch(ref.batch, obsDim, actDim));
      assert.deepEqual(Object.keys(stats).sort(), Object.keys(ref.stats).sort(), `${u}: statistics`);
      for (const [name, want] of Object.entries(ref.stats))
        assertMatches([stats[name]], [want], `${u}: ${name}`);
      assertModuleMatches(agent.critic, ref.gradients.critic, "gradient", `${u}: critic`);
      assertModuleMatches(agent.actor, ref.gradients.actor, "gradient", `${u}: actor`);
      assertMatches(agent.temperature.logAlpha.grad!.data, [ref.gradients.logAlpha], `${u}: logAlpha.grad`);
      assertModuleMatches(agent.critic, ref.after.critic, "value", `${u}: critic`);
      assertModuleMatches(agent.targetCritic, ref.after.targetCritic, "value", `${u}: targetCritic`);
      assertModuleMatches(agent.actor, ref.after.actor, "value", `${u}: actor`);
      assertMatches(agent.temperature.logAlpha.data, [ref.after.logAlpha], `${u}: logAlpha`);
    });
    assert.deepEqual(asked, ["nextAction", "action", "nextAction", "action"], "order of the draws");
    agent.dispose();
  });
});

function referenceAgent(updateNoise: ReturnType<typeof replayedNoise>["noise"]): SoftActorCritic {
  const { obsDim, actDim, hidden } = fixture.sizes;
  return new SoftActorCritic("sac", {
    obsDim,
    actDim,
    seed: 0,
    settings: { actorHiddenSizes: hidden, criticHiddenSizes: hidden },
    updateNoise,
  });
}
