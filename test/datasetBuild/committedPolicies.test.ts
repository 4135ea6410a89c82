// Every behavior policy committed under data/policies/ loads, is the policy its name says, and a
// short `dataset build` from it is deterministic per seed and follows D4RL's conventions (flags,
// time limit, infos/qpos and infos/qvel; terminals where the simulator terminates), and h5py reads
// the file it writes with those columns.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { BehaviorPolicy } from "../../src/datasets/behaviorPolicy.js";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { checkD4rlConventions } from "../../src/datasets/d4rlConventions.js";
import { committedPoliciesDirectory } from "../../src/datasets/projectFiles.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import "../../src/envs/index.js";
import { envSpec } from "../../src/envs/registry.js";
import { dumpWithH5py, H5PY_SKIP } from "../data/h5py.js";
import { tempDirMaker } from "../tempDirs.js";
import { assertMatchesResimulation, assertSameDataset } from "./resimulate.js";

const tempDir = tempDirMaker("committed-policies");

before(async () => {
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
});

/** Enough rows for a full 1000-step episode of a policy that does not fall. */
const ROWS = 1500;
/** Envs whose episodes only end at the time limit. */
const NEVER_TERMINATES = new Set(["halfcheetah"]);

const policies = readdirSync(committedPoliciesDirectory())
  .filter((f) => f.endsWith(".safetensors"))
  .sort();

describe("the committed behavior policies", () => {
  it("data/policies/ holds policies", () => {
    assert.ok(policies.length >= 4, `found ${policies.join(", ")}`);
  });

  for (const file of policies) {
    const name = file.slice(0, -".safetensors".length);
    it(`${name} loads, and a short build from it is deterministic and follows D4RL's conventions`, async () => {
      const dash = name.indexOf("-");
      const [env, kind] = [name.slice(0, dash), name.slice(dash + 1)];
      const policy = BehaviorPolicy.load(join(committedPoliciesDirectory(), file));
      policy.dispose();
      assert.equal(policy.info.env, env);
      assert.equal(policy.info.kind, kind);

      const dir = tempDir();
      const build = (out: string) => buildDataset({ name, size: ROWS, seed: 11, outputPath: join(dir, out) });
      await build("a.hdf5");
      await build("b.hdf5");
      const a = (await readDatasetFile(join(dir, "a.hdf5"))).dataset;
      const b = (await readDatasetFile(join(dir, "b.hdf5"))).dataset;
      assertSameDataset(a, b);
      assert.equal(a.metadata.policy_training_step, policy.info.trainingStep);

      const timeLimit = envSpec(env).maxEpisodeSteps;
      assert.equal(timeLimit, 1000);
      const check = checkD4rlConventions(a, { timeLimit, envTerminates: !NEVER_TERMINATES.has(env) });
      assert.deepEqual(check.violations, []);
      const sim = await assertMatchesResimulation(a, env);
      assert.equal(sim.terminals, check.terminals);
      assert.equal(sim.timeouts, check.timeouts);
    });
  }

  it("h5py reads a built dataset with its columns, infos/qpos and infos/qvel", {
    skip: H5PY_SKIP,
  }, async () => {
    const path = join(tempDir(), "hopper-medium.hdf5");
    await buildDataset({ name: "hopper-medium", size: 300, seed: 2, outputPath: path });
    const ours = (await readDatasetFile(path)).dataset;
    const dump = dumpWithH5py(path);
    const shapes = Object.fromEntries(Object.entries(dump.datasets).map(([k, v]) => [k, v.shape]));
    assert.deepEqual(shapes, {
      actions: [300, 3],
      "infos/qpos": [300, 6],
      "infos/qvel": [300, 6],
      next_observations: [300, 11],
      observations: [300, 11],
      rewards: [300],
      terminals: [300],
      timeouts: [300],
    });
    assert.deepEqual(dump.datasets.rewards.values, [...ours.rewards]);
    assert.deepEqual(dump.datasets.terminals.values, [...ours.terminals]);
    assert.deepEqual(dump.datasets["infos/qpos"].values, [...(ours.qpos?.values ?? [])]);
    assert.equal(dump.attrs.dataset_name, "hopper-medium");
  });
});
