// TD3+BC's update against an independent PyTorch implementation of the authors' TD3_BC.py
// (scripts/fixtures/make_td3bc_fixture.py): a tiny agent with atradiff's default settings, the same
// initial weights, batches and target policy smoothing draws (two beyond the noise clip, and an
// input large enough that the action clip acts), two updates; losses, statistics, gradients, new
// weights and target weights must agree to RTOL (1e-5) relative.
//
// Order (src/agents/td3bc.ts, as TD3_BC.py): the update counter first; the critic step on targets
// from the target actor and target critics; on every policyDelay-th (2nd) update the actor step
// through the critics just updated, then the Polyak update of both targets. So update 1 leaves the
// actor and all targets unchanged, and update 2's critic target still uses the initial targets.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Td3bc } from "../../src/agents/td3bc.js";
import type { UpdateNoise } from "../../src/agents/updateNoise.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import {
  assertModulesMatch,
  type FixtureSizes,
  loadNamed,
  type NamedValues,
  type ReferenceUpdate,
  readAgentFixture,
  referenceAgentOptions,
  replayedNoise,
  runReferenceUpdates,
} from "./referenceFixture.js";

interface Td3bcWeights {
  actor: NamedValues;
  critic: NamedValues;
}

interface Td3bcFixture {
  sizes: FixtureSizes;
  settings: {
    gamma: number;
    tau: number;
    lr: number;
    alpha: number;
    policyNoise: number;
    noiseClip: number;
    policyDelay: number;
  };
  initial: Td3bcWeights;
  updates: (ReferenceUpdate & {
    targetNoise: number[];
    /** The actor's only after an actor step. */
    gradients: { critic: NamedValues; actor?: NamedValues };
    after: Td3bcWeights & { targetCritic: NamedValues; targetActor: NamedValues };
  })[];
}

const fixture = readAgentFixture<Td3bcFixture>("td3bc-reference.json");

describe("TD3+BC update against PyTorch", () => {
  before(() => initEngine());
  after(() => closeEngine());

  it("runs with atradiff's default TD3+BC settings", () => {
    const agent = referenceAgent(replayedNoise({ nextAction: [], action: [] }).noise);
    const s = agent.settings;
    const f = fixture.settings;
    assert.deepEqual(
      [
        s.gamma,
        s.tau,
        s.actorLr,
        s.criticLr,
        s.alpha,
        s.policyNoise,
        s.noiseClip,
        s.policyDelay,
        s.numCritics,
      ],
      [f.gamma, f.tau, f.lr, f.lr, f.alpha, f.policyNoise, f.noiseClip, f.policyDelay, 2],
    );
    agent.dispose();
  });

  it("two updates give PyTorch's losses, gradients, weights and targets", () => {
    const { noise, asked } = replayedNoise({
      nextAction: fixture.updates.map((u) => u.targetNoise),
      action: [],
    });
    const agent = referenceAgent(noise);
    loadNamed(agent.actor, fixture.initial.actor, "actor");
    loadNamed(agent.targetActor, fixture.initial.actor, "targetActor");
    loadNamed(agent.critic, fixture.initial.critic, "critic");
    loadNamed(agent.targetCritic, fixture.initial.critic, "targetCritic");
    runReferenceUpdates(agent, fixture.updates, (ref, u) => {
      const modules = {
        critic: agent.critic,
        actor: agent.actor,
        targetCritic: agent.targetCritic,
        targetActor: agent.targetActor,
      };
      assertModulesMatch(modules, ref.gradients, "gradient", u);
      assertModulesMatch(modules, ref.after, "value", u);
    });
    assert.deepEqual(asked, ["nextAction", "nextAction"], "order of the draws");
    agent.dispose();
  });
});

function referenceAgent(updateNoise: UpdateNoise): Td3bc {
  return new Td3bc(referenceAgentOptions(fixture.sizes, updateNoise));
}
