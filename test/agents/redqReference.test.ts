// REDQ's and RLPD's updates against an independent PyTorch implementation of each
// (scripts/fixtures/make_redq_fixture.py): a tiny agent with the method's preset, N = 5 critics,
// M = 2 drawn for the target's min, UTD G = 3; the same initial weights, batches, Gaussian draws and
// critic subsets; two environment steps, i.e. six update() calls with updateActor on every third (as
// the online loop calls them). Losses, statistics, gradients, new weights, target weights and alpha
// must agree to RTOL (1e-5) relative after every call.
//
// What this pins down (each alternative changes the numbers below and fails the test):
//   - the target's min over the replayed subset S of the N target critics (not all N, not the first M);
//   - the actor's loss on the mean of all N critics (REDQ, RLPD), not their min;
//   - the actor and temperature updated on the last of the G calls only, through the critics that
//     call just updated (REDQ's Algorithm 1, RLPD's code), with alpha from before; the next step's
//     targets then use the new actor and alpha;
//   - RLPD: LayerNorm (gain and bias included) after each hidden dense layer of the critics, before
//     the ReLU; its temperature loss alpha (-log pi - H), H = -|A|/2;
//   - REDQ: temperature loss -log alpha (log pi + H), H = -|A|.
// RLPD's code averages the N critics' losses where atradiff (and REDQ's code) sums them: the critic
// gradients are compared with N times RLPD's, and the weights after Adam's step directly (Adam
// normalizes the factor away, up to its eps).
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

interface EnsembleFixture {
  sizes: FixtureSizes;
  settings: SoftActorCriticFixtureSettings & {
    numCritics: number;
    numTargetCritics: number;
    updatesPerStep: number;
    criticLayerNorm: boolean;
    layerNormEps: number;
    /** How the reference combines the N critics' MSEs: "sum" (REDQ's code) or "mean" (RLPD's). */
    criticLoss: "sum" | "mean";
    actorCriticReduction: "mean";
    temperatureLoss: "logAlpha" | "alpha";
  };
  initial: SoftActorCriticWeights;
  updates: (SoftActorCriticUpdate & {
    updateActor: boolean;
    nextActionNoise: number[];
    criticSubset: number[];
    /** Only on the calls that update the actor. */
    actionNoise?: number[];
  })[];
}

for (const name of ["redq", "rlpd"] as const) {
  const fixture = readAgentFixture<EnsembleFixture>(`${name}-reference.json`);
  const f = fixture.settings;

  const referenceAgent = (noise: UpdateNoise) =>
    new SoftActorCritic(
      name,
      referenceAgentOptions(fixture.sizes, noise, {
        numCritics: f.numCritics,
        updatesPerStep: f.updatesPerStep,
      }),
    );

  describe(`${name.toUpperCase()} update against PyTorch`, () => {
    before(() => initEngine());
    after(() => closeEngine());

    it(`runs with atradiff's ${name} preset`, () => {
      const agent = referenceAgent(replayedNoise({ nextAction: [], action: [] }).noise);
      assertSoftActorCriticSettings(agent, f);
      const s = agent.settings;
      assert.deepEqual(
        [
          s.numTargetCritics,
          agent.updatesPerStep,
          s.criticLayerNorm,
          s.actorCriticReduction,
          s.temperatureLoss,
        ],
        [f.numTargetCritics, f.updatesPerStep, f.criticLayerNorm, f.actorCriticReduction, f.temperatureLoss],
      );
      for (const norm of agent.critic.net.norms) assert.equal(norm.eps, f.layerNormEps);
      agent.dispose();
    });

    it("G updates per env step, the actor on the last: PyTorch's losses, gradients, weights, targets and alpha", () => {
      const updates = fixture.updates;
      // The online loop's pattern (src/experiments/loops/onlineLoop.ts): updateActor on the last of G calls.
      assert.deepEqual(
        updates.map((u) => u.updateActor),
        updates.map((_, k) => k % f.updatesPerStep === f.updatesPerStep - 1),
      );
      const { noise, asked } = replayedNoise(
        {
          nextAction: updates.map((u) => u.nextActionNoise),
          action: updates.flatMap((u) => (u.actionNoise ? [u.actionNoise] : [])),
        },
        updates.map((u) => u.criticSubset),
      );
      const agent = referenceAgent(noise);
      loadSoftActorCritic(agent, fixture.initial);
      const criticGradientScale = f.criticLoss === "mean" ? f.numCritics : 1;
      runReferenceUpdates(agent, updates, (ref, u) =>
        assertSoftActorCriticMatches(agent, ref, u, criticGradientScale),
      );
      assert.deepEqual(
        asked,
        updates.flatMap((u) => ["nextAction", "criticSubset", ...(u.updateActor ? ["action"] : [])]),
        "order of the draws",
      );
      agent.dispose();
    });
  });
}
