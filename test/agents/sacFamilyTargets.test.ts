// SAC/REDQ/RLPD critic targets checked by hand: target critics set to known constants c_i and an
// actor with known mu and std, so that y = r + gamma (1 - d) (min_{i in S} c_i - alpha log pi(a'|s'))
// can be computed from the drawn subset S and the sampled a' alone.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type SacFamilyName, SoftActorCritic } from "../../src/agents/softActorCritic.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { randomBatch, setConstantOutput } from "./agentTestKit.js";

const C = [5, 3, 8, 1, 9, 2, 7, 4, 6, 10];
const MU = [0.3, -0.2];
const LOG_STD = [Math.log(0.5), 0];
const ALPHA = 0.2;
const GAMMA = 0.99;

function knownAgent(name: SacFamilyName, settings: Record<string, unknown> = {}): SoftActorCritic {
  const agent = new SoftActorCritic(name, {
    obsDim: 3,
    actDim: 2,
    seed: 11,
    settings: { actorHiddenSizes: [8, 8], criticHiddenSizes: [8, 8], initialTemperature: ALPHA, ...settings },
  });
  const n = agent.settings.numCritics;
  setConstantOutput(
    agent.targetCritic.net,
    C.slice(0, n).map((c) => [c]),
  );
  setConstantOutput(agent.actor.net, [[...MU, ...LOG_STD]]);
  return agent;
}

/** log pi(a) of a tanh-Gaussian, from the squashed action a (u = atanh a), in float64. */
function tanhGaussianLogProb(a: ArrayLike<number>): number {
  let lp = 0;
  for (let j = 0; j < a.length; j++) {
    const u = Math.atanh(a[j]);
    const std = Math.exp(LOG_STD[j]);
    const z = (u - MU[j]) / std;
    lp += -0.5 * z * z - LOG_STD[j] - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a[j] * a[j]);
  }
  return lp;
}

function checkTargets(
  name: SacFamilyName,
  settings: Record<string, unknown>,
  expectMembers: number,
  entropy: boolean,
) {
  const agent = knownAgent(name, settings);
  const batch = randomBatch(new Rng(3), 16, 3, 2);
  const seen = new Set<string>();
  for (let draw = 0; draw < 20; draw++) {
    const t = agent.computeTargets(batch, new Rng(draw));
    assert.equal(t.members.length, expectMembers);
    assert.equal(new Set(t.members).size, expectMembers, "members are distinct");
    seen.add([...t.members].sort((a, b) => a - b).join(","));
    const minC = Math.min(...t.members.map((m) => C[m]));
    for (let i = 0; i < batch.size; i++) {
      const a = t.nextAction.subarray(2 * i, 2 * i + 2);
      const logProb = tanhGaussianLogProb(a);
      assert.ok(
        Math.abs(t.nextLogProb[i] - logProb) < 1e-4 * (1 + Math.abs(logProb)),
        `log pi ${t.nextLogProb[i]} vs ${logProb}`,
      );
      const next = entropy ? minC - ALPHA * logProb : minC;
      const expected = batch.reward[i] + GAMMA * (1 - batch.terminal[i]) * next;
      assert.ok(Math.abs(t.y[i] - expected) < 1e-4, `y[${i}] = ${t.y[i]}, expected ${expected}`);
    }
  }
  agent.dispose();
  return seen;
}

describe("SAC-family critic targets", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("REDQ: min over 2 of 10 target critics drawn from the Rng, minus alpha log pi", () => {
    const seen = checkTargets("redq", {}, 2, true);
    assert.ok(seen.size > 5, `20 draws gave only ${seen.size} different pairs`);
  });

  it("RLPD: LayerNorm critics, 2 of 10, entropy in the backup", () => {
    checkTargets("rlpd", {}, 2, true);
  });

  it("RLPD on AntMaze: one critic in the min and no entropy term", () => {
    const seen = checkTargets("rlpd", { numTargetCritics: 1, backupEntropy: false }, 1, false);
    assert.ok(seen.size > 5);
  });

  it("SAC: the min of both twin critics", () => {
    const seen = checkTargets("sac", {}, 2, true);
    assert.deepEqual([...seen], ["0,1"]);
  });

  it("the same Rng gives the same targets", () => {
    const agent = knownAgent("redq");
    const batch = randomBatch(new Rng(4), 8, 3, 2);
    const a = agent.computeTargets(batch, new Rng(9));
    const b = agent.computeTargets(batch, new Rng(9));
    assert.deepEqual(a, b);
    agent.dispose();
  });

  it("the presets carry each method's settings", () => {
    const make = (name: SacFamilyName) =>
      new SoftActorCritic(name, {
        obsDim: 3,
        actDim: 4,
        seed: 0,
        settings: { actorHiddenSizes: [4], criticHiddenSizes: [4] },
      });
    const sac = make("sac");
    const redq = make("redq");
    const rlpd = make("rlpd");
    assert.deepEqual(
      [
        sac.settings.numCritics,
        sac.settings.numTargetCritics,
        sac.updatesPerStep,
        sac.temperature.targetEntropy,
      ],
      [2, 2, 1, -4],
    );
    assert.deepEqual(
      [
        redq.settings.numCritics,
        redq.settings.numTargetCritics,
        redq.updatesPerStep,
        redq.settings.actorCriticReduction,
      ],
      [10, 2, 20, "mean"],
    );
    assert.deepEqual(
      [rlpd.settings.criticLayerNorm, rlpd.updatesPerStep, rlpd.alpha, rlpd.temperature.targetEntropy],
      [true, 20, 1, -2],
    );
    for (const a of [sac, redq, rlpd]) a.dispose();
  });

  it("refuses bad settings with one sentence", () => {
    const make = (settings: Record<string, unknown>) => () =>
      new SoftActorCritic("redq", { obsDim: 3, actDim: 2, seed: 0, settings });
    assert.throws(
      make({ numTargetCritics: 11 }),
      /redq: setting "numTargetCritics" must not exceed numCritics, got 11/,
    );
    assert.throws(make({ gamma: 2 }), /redq: setting "gamma" must be in \[0, 1\], got 2\./);
    assert.throws(
      make({ criticLR: 1e-3 }),
      /redq: unknown setting "criticLR"; valid settings: activation, .*criticLr, /,
    );
    assert.throws(make({ actorHiddenSizes: [] }), /must list at least one hidden layer/);
  });
});
