// The data score of a snapshot and the selection window: a snapshot is scored on sampled-action
// episodes (not the deterministic mean action), seeded by the run's seed and step alone; one that
// screens near an open target is scored further, and taken only when the score over all its
// episodes is within the tolerance.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { makeAgent } from "../../src/agents/makeAgent.js";
import type { SoftActorCritic } from "../../src/agents/softActorCritic.js";
import { d4rlNormalizedScore } from "../../src/data/d4rlScores.js";
import { BehaviorPolicy, saveBehaviorPolicy } from "../../src/datasets/behaviorPolicy.js";
import { sampledEpisodeReturns } from "../../src/datasets/dataScore.js";
import { parsePolicyTrainingSettings } from "../../src/datasets/policyTrainingSettings.js";
import { highestScored, scoreSnapshot } from "../../src/datasets/snapshotScoring.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import "../../src/envs/index.js";
import { makeEnv } from "../../src/envs/registry.js";
import type { Env } from "../../src/envs/types.js";
import { RescaleAction } from "../../src/envs/wrappers/rescaleAction.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("snapshot-scoring");
let env: Env;
let path: string;

before(async () => {
  await initEngine({ threads: 1 });
  env = new RescaleAction(await makeEnv("hopper"));
  path = join(tempDir(), "snapshot.safetensors");
  const agent = makeAgent("sac", { obsDim: 11, actDim: 3, seed: 5 }) as SoftActorCritic;
  try {
    saveBehaviorPolicy(path, agent, {
      env: "hopper",
      kind: "snapshot",
      trainingSeed: 0,
      trainingStep: 5000,
      evalReturnMean: 0,
      evalReturnStd: 0,
      selectionRule: "test",
      projectVersion: "test",
    });
  } finally {
    agent.dispose();
  }
});
after(async () => {
  env.close();
  await closeEngine();
});

const settings = (changes: Record<string, number> = {}) =>
  parsePolicyTrainingSettings({
    env: "hopper",
    mediumDataScore: 44,
    expertDataScore: 108,
    dataScoreEpisodes: 4,
    confirmEpisodes: 3,
    ...changes,
  });

const score = (s = settings(), open: ("medium" | "expert")[] = ["medium"], step = 5000) =>
  scoreSnapshot(path, step, { settings: s, family: "hopper", env, open });

describe("snapshot scoring", () => {
  it("scores sampled-action episodes, the same for the same seed and step, others for another step", () => {
    const a = score();
    assert.deepEqual(score(), a);
    assert.equal(a.screen.episodes, 4);
    assert.equal(a.screen.score, d4rlNormalizedScore("hopper", a.screen.returnMean));
    assert.notEqual(score(settings(), ["medium"], 10_000).screen.returnMean, a.screen.returnMean);
    // The deterministic mean action gives other returns than the sampled actions.
    const policy = BehaviorPolicy.load(path);
    try {
      const sampled = sampledEpisodeReturns(policy, env, 3, [0, 1]).returns;
      const deterministic: number[] = [];
      const rng = new Rng(1);
      for (let e = 0; e < 3; e++) {
        let { obs } = env.reset({ seed: e });
        let total = 0;
        for (;;) {
          const r = env.step(policy.act(obs, rng, true));
          total += r.reward;
          obs = r.obs;
          if (r.terminated || r.truncated) break;
        }
        deterministic.push(total);
      }
      assert.notDeepEqual(sampled, deterministic);
    } finally {
      policy.dispose();
    }
  });

  it("a snapshot far from every open target is only screened", () => {
    const r = score();
    assert.ok(Math.abs(r.screen.score - 44) > 8, `a fresh policy scores ${r.screen.score}`);
    assert.deepEqual(Object.keys(r).sort(), ["screen", "step"]);
    assert.deepEqual(Object.keys(score(settings(), [])).sort(), ["screen", "step"]);
  });

  it("a snapshot screened near an open target is scored on more episodes, and taken only within the tolerance", () => {
    const screened = score().screen.score;
    const near = settings({ mediumDataScore: screened, screenTolerance: 0, dataScoreTolerance: 0 });
    const r = score(near);
    assert.equal(r.candidateFor, "medium");
    assert.equal(r.pooled?.episodes, 7);
    assert.notEqual(r.pooled?.score, screened);
    assert.equal(r.taken, undefined);
    const gap = Math.abs((r.pooled?.score ?? 0) - screened);
    assert.equal(
      score(settings({ mediumDataScore: screened, screenTolerance: 0, dataScoreTolerance: gap })).taken,
      "medium",
    );
    // The same snapshot for the expert target, when that is the one open.
    const expert = settings({ expertDataScore: screened, screenTolerance: 0, dataScoreTolerance: gap });
    assert.equal(score(expert, ["expert"]).taken, "expert");
    assert.equal(score(expert, ["medium"]).candidateFor, undefined);
  });

  it("the highest-scored record within a length, the earliest on ties", () => {
    const rec = (step: number, s: number) => ({
      step,
      screen: { episodes: 1, returnMean: s, returnStd: 0, score: s, steps: 1 },
    });
    const records = [rec(5, 1), rec(10, 3), rec(15, 3), rec(20, 9)];
    assert.equal(highestScored(records, 15)?.step, 10);
    assert.equal(highestScored(records, 20)?.step, 20);
    assert.equal(highestScored(records, 4), null);
  });
});
