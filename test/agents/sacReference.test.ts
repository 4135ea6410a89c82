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
import type { UpdateNoise } from "../../src/agents/updateNoise.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import {
  assertSoftActorCriticMatches,
  assertSoftActorCriticSettings,
  type FixtureSizes,
  loadSoftActorCritic,
  readAgentFixture,
  referenceAgentOptions,
  replayedNoise,
  runReferenceUpdates,
  type SoftActorCriticFixtureSettings,
  type SoftActorCriticUpdate,
  type SoftActorCriticWeights,
} from "./referenceFixture.js";

interface SacFixture {
  sizes: FixtureSizes;
  settings: SoftActorCriticFixtureSettings;
  initial: SoftActorCriticWeights;
  updates: (SoftActorCriticUpdate & { nextActionNoise: number[]; actionNoise: number[] })[];
}

const fixture = readAgentFixture<SacFixture>("sac-reference.json");

describe("SAC update against PyTorch", () => {
  before(() => initEngine());
  after(() => closeEngine());

  it("runs with atradiff's default SAC settings", () => {
    const { noise } = replayedNoise({ nextAction: [], action: [] });
    const agent = referenceAgent(noise);
    assertSoftActorCriticSettings(agent, fixture.settings);
    const s = agent.settings;
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
    loadSoftActorCritic(agent, fixture.initial);
    runReferenceUpdates(agent, fixture.updates, (ref, u) => assertSoftActorCriticMatches(agent, ref, u));
    assert.deepEqual(asked, ["nextAction", "action", "nextAction", "action"], "order of the draws");
    agent.dispose();
  });
});

function referenceAgent(updateNoise: UpdateNoise): SoftActorCritic {
  return new SoftActorCritic("sac", referenceAgentOptions(fixture.sizes, updateNoise));
}
