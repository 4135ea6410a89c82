// `dataset build` recipes on small sizes: the files are valid D4RL datasets that a re-simulation
// reproduces row by row, the same seed gives the same contents, existing datasets are kept, and
// rolling out a behavior policy file is deterministic.
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { makeAgent } from "../../src/agents/makeAgent.js";
import type { SoftActorCritic } from "../../src/agents/softActorCritic.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { readBehaviorPolicyInfo, saveBehaviorPolicy } from "../../src/datasets/behaviorPolicy.js";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { checkD4rlConventions } from "../../src/datasets/d4rlConventions.js";
import { writePolicyChecksums } from "../../src/datasets/policyChecksums.js";
import { projectVersion } from "../../src/datasets/projectFiles.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { tempDirMaker } from "../tempDirs.js";
import { assertMatchesResimulation, assertSameDataset } from "./resimulate.js";

const tempDir = tempDirMaker("dataset-build");

before(async () => {
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
});

/** A behavior policy file from a freshly initialized SAC agent (its actions are far from uniform). */
function writePolicy(
  path: string,
  env: string,
  kind: string,
  seed: number,
  obsDim: number,
  actDim: number,
): void {
  const agent = makeAgent("sac", { obsDim, actDim, seed }) as SoftActorCritic;
  try {
    saveBehaviorPolicy(path, agent, {
      env,
      kind,
      trainingSeed: seed,
      trainingStep: 1000 * seed,
      evalReturnMean: 10 * seed + 0.5,
      evalReturnStd: 1,
      selectionRule: "test",
      projectVersion: "test",
    });
  } finally {
    agent.dispose();
  }
}

describe("dataset build", () => {
  it("hopper-random --size 2000 is a D4RL file whose episodes, terminals and qpos match a re-simulation", async () => {
    const path = join(tempDir(), "hopper-random.hdf5");
    const report = await buildDataset({ name: "hopper-random", size: 2000, seed: 3, outputPath: path });
    const { dataset, layout } = await readDatasetFile(path);
    assert.equal(layout, "d4rl");
    assert.equal(dataset.size, 2000);
    assert.equal(dataset.obsDim, 11);
    assert.equal(dataset.actDim, 3);
    assert.equal(dataset.qpos?.cols, 6);
    assert.equal(dataset.qvel?.cols, 6);
    for (const a of dataset.actions) assert.ok(a >= -1 && a < 1);
    const sim = await assertMatchesResimulation(dataset, "hopper");
    // A random hopper falls within a few dozen steps: its episodes end in terminals.
    assert.ok(sim.terminals > 20, `${sim.terminals} terminal episodes`);
    assert.equal(sim.timeouts, 0);
    assert.equal(report.episodes, sim.episodes);
    assert.equal(dataset.metadata.recipe, "random");
    assert.equal(dataset.metadata.env, "hopper");
    assert.equal(dataset.metadata.seed, 3);
    assert.equal(dataset.metadata.time_limit, 1000);
    assert.equal(dataset.metadata.steps, 2000);
    assert.equal(dataset.metadata.project_version, projectVersion());
    // The returns reported are those of the finished episodes in the file.
    const finished = sim.terminals + sim.timeouts;
    assert.equal(report.returns?.episodes, finished);
    let total = 0;
    for (let e = 0; e < finished; e++)
      for (let i = dataset.episodeOffsets[e]; i < dataset.episodeOffsets[e + 1]; i++)
        total += dataset.rewards[i];
    assert.ok(Math.abs((report.returns?.mean ?? 0) - total / finished) < 1e-3);
    assert.equal(dataset.metadata.return_mean, report.returns?.mean);
    // D4RL's hopper-random scores about 1.2.
    assert.ok(report.returns!.normalizedScore! > 0 && report.returns!.normalizedScore! < 3);
  });

  it("pendulum-random: 200-step episodes end in time-outs, not terminals; the last one may be cut", async () => {
    const path = join(tempDir(), "pendulum-random.hdf5");
    await buildDataset({ name: "pendulum-random", size: 900, seed: 1, outputPath: path });
    const { dataset } = await readDatasetFile(path);
    const sim = await assertMatchesResimulation(dataset, "pendulum");
    assert.deepEqual(sim, { episodes: 5, terminals: 0, timeouts: 4 });
    assert.equal(dataset.timeouts[199], 1);
    assert.equal(dataset.timeouts[899], 0);
    assert.equal(dataset.metadata.time_limit, 200);
  });

  it("the same seed gives the same contents; another seed does not", async () => {
    const dir = tempDir();
    const build = async (file: string, seed: number) => {
      await buildDataset({ name: "hopper-random", size: 1500, seed, outputPath: join(dir, file) });
      return (await readDatasetFile(join(dir, file))).dataset;
    };
    const a = await build("a.hdf5", 5);
    const b = await build("b.hdf5", 5);
    const c = await build("c.hdf5", 6);
    assertSameDataset(a, b);
    assert.notDeepEqual(a.actions, c.actions);
    assert.notDeepEqual(a.qpos, c.qpos);
  });

  it("refuses to overwrite an existing dataset unless forced", async () => {
    const path = join(tempDir(), "hopper-random.hdf5");
    writeFileSync(path, "not a dataset yet");
    await assert.rejects(
      buildDataset({ name: "hopper-random", size: 100, outputPath: path }),
      /The dataset hopper-random already exists at .*hopper-random\.hdf5; it is not rebuilt \(add --force to replace it\)\./,
    );
    assert.equal(readFileSync(path, "utf8"), "not a dataset yet");
    await buildDataset({ name: "hopper-random", size: 100, outputPath: path, force: true });
    assert.equal((await readDatasetFile(path)).dataset.size, 100);
  });

  it("rejects unknown envs and kinds, and --size / --seed for medium-replay, naming the valid ones", async () => {
    const path = join(tempDir(), "x.hdf5");
    await assert.rejects(
      buildDataset({ name: "cartpole-random", outputPath: path }),
      /Unknown environment "cartpole".*valid names: hopper, halfcheetah, walker2d, ant with random, medium, medium-replay, expert, medium-expert; or pendulum-random\./,
    );
    await assert.rejects(
      buildDataset({ name: "hopper-mediocre", outputPath: path }),
      /Unknown dataset kind "mediocre"/,
    );
    await assert.rejects(buildDataset({ name: "hopper", outputPath: path }), /Unknown dataset kind ""/);
    await assert.rejects(
      buildDataset({ name: "pendulum-expert", outputPath: path }),
      /pendulum has only a random dataset/,
    );
    await assert.rejects(
      buildDataset({ name: "hopper-random", size: 0, outputPath: path }),
      /--size must be a positive integer, got 0\./,
    );
    await assert.rejects(
      buildDataset({ name: "hopper-medium-replay", size: 10, outputPath: path }),
      /--size and --seed do not apply/,
    );
    assert.equal(existsSync(path), false);
  });

  it("medium and expert roll out policy files deterministically; medium-expert is the two concatenated", async () => {
    const dir = tempDir();
    const policies = join(dir, "policies");
    writePolicy(join(policies, "hopper-medium.safetensors"), "hopper", "medium", 1, 11, 3);
    writePolicy(join(policies, "hopper-expert.safetensors"), "hopper", "expert", 2, 11, 3);
    writePolicyChecksums(policies);
    // A 256-256 actor is small enough to commit.
    assert.ok(statSync(join(policies, "hopper-medium.safetensors")).size < 400_000);
    assert.equal(readBehaviorPolicyInfo(join(policies, "hopper-medium.safetensors")).env, "hopper");
    const build = async (name: string, file: string, seed: number) => {
      const report = await buildDataset({
        name,
        size: 1200,
        seed,
        outputPath: join(dir, file),
        policiesDirectory: policies,
      });
      return { report, dataset: (await readDatasetFile(join(dir, file))).dataset };
    };
    const medium = await build("hopper-medium", "m1.hdf5", 7);
    const again = await build("hopper-medium", "m2.hdf5", 7);
    const otherSeed = await build("hopper-medium", "m3.hdf5", 8);
    assertSameDataset(medium.dataset, again.dataset);
    assert.notDeepEqual(medium.dataset.actions, otherSeed.dataset.actions);
    await assertMatchesResimulation(medium.dataset, "hopper");
    // The metadata records the policy (its training seed, step and evaluation return), the rollout
    // seed, the steps, the returns collected and the project version.
    assert.equal(medium.dataset.metadata.policy_training_seed, 1);
    assert.equal(medium.dataset.metadata.policy_training_step, 1000);
    assert.equal(medium.dataset.metadata.policy_eval_return_mean, 10.5);
    assert.equal(medium.dataset.metadata.seed, 7);
    assert.equal(medium.dataset.metadata.steps, 1200);
    assert.equal(medium.dataset.metadata.return_mean, medium.report.returns?.mean);
    assert.equal(medium.dataset.metadata.project_version, projectVersion());
    assert.match(String(medium.dataset.metadata.policy_sha256), /^[0-9a-f]{64}$/);

    const expert = await build("hopper-expert", "e.hdf5", 7);
    assert.notDeepEqual(expert.dataset.actions, medium.dataset.actions);
    const both = await build("hopper-medium-expert", "me.hdf5", 7);
    const m = medium.dataset;
    const e = expert.dataset;
    // The medium half ends at its last episode end: its cut last episode would otherwise run on
    // into the expert's first one without a flag.
    let mediumRows = m.size;
    while (!m.terminals[mediumRows - 1] && !m.timeouts[mediumRows - 1]) mediumRows--;
    assert.ok(mediumRows < m.size && mediumRows > 0);
    assert.equal(both.dataset.size, mediumRows + e.size);
    assert.equal(both.dataset.metadata.medium_rows, mediumRows);
    const cat = (x: Float32Array | Uint8Array, y: Float32Array | Uint8Array, width: number) => [
      ...x.subarray(0, mediumRows * width),
      ...y,
    ];
    assert.deepEqual([...both.dataset.observations], cat(m.observations, e.observations, 11));
    assert.deepEqual([...both.dataset.actions], cat(m.actions, e.actions, 3));
    assert.deepEqual([...both.dataset.terminals], cat(m.terminals, e.terminals, 1));
    assert.deepEqual([...both.dataset.timeouts], cat(m.timeouts, e.timeouts, 1));
    assert.deepEqual(
      checkD4rlConventions(both.dataset, { timeLimit: 1000, envTerminates: true }).violations,
      [],
    );
    assert.deepEqual(both.report.halves?.medium, medium.report.returns);
    assert.deepEqual(both.report.halves?.expert, expert.report.returns);
    assert.equal(both.dataset.metadata.medium_policy_eval_return_mean, 10.5);
    assert.equal(both.dataset.metadata.expert_policy_eval_return_mean, 20.5);
    assert.equal(both.dataset.metadata.expert_return_mean, expert.report.returns?.mean);
  });

  it("a policy for another env, or a missing committed policy, is refused with one sentence", async () => {
    const dir = tempDir();
    const policies = join(dir, "policies");
    writePolicy(join(policies, "walker2d-medium.safetensors"), "hopper", "medium", 1, 11, 3);
    writePolicyChecksums(policies);
    await assert.rejects(
      buildDataset({
        name: "walker2d-medium",
        size: 10,
        outputPath: join(dir, "w.hdf5"),
        policiesDirectory: policies,
      }),
      /The behavior policy .*walker2d-medium\.safetensors is for hopper \(observation 11, action 3\), not walker2d \(observation 17, action 6\)\./,
    );
    await assert.rejects(
      buildDataset({
        name: "ant-expert",
        size: 10,
        outputPath: join(dir, "a.hdf5"),
        policiesDirectory: policies,
      }),
      /There is no committed ant-expert behavior policy .*; add --train-policy to train it/,
    );
  });
});
