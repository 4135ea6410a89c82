// The walking-policy run on tiny settings (a few hundred SAC steps; what it learns is not checked):
// stopped at a checkpoint and resumed it ends with the same policy as an uninterrupted run, keeps
// its pinned settings, stores the walking task in the policy file; then `dataset build
// antmaze-umaze-diverse` with that run writes a D4RL-layout file with infos/goal and the walking
// policy's metadata, and refuses to rebuild it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { withHdf5File } from "../../../src/data/hdf5/openHdf5.js";
import { readDatasetFile } from "../../../src/data/hdf5/readDatasetFile.js";
import { DEFAULT_ANT_WALKING_TASK } from "../../../src/datasets/antmaze/antWalkingEnv.js";
import { trainWalkingPolicy } from "../../../src/datasets/antmaze/walkerTraining.js";
import type { WalkerTrainingSettingsInput } from "../../../src/datasets/antmaze/walkerTrainingSettings.js";
import { readWalkingTask } from "../../../src/datasets/antmaze/walkingPolicyFile.js";
import { buildDataset } from "../../../src/datasets/buildDataset.js";
import { closeEngine, initEngine } from "../../../src/engine/runtime.js";
import { cellAt, cellCenter } from "../../../src/envs/antmaze/mazeGeometry.js";
import { mazeLayout } from "../../../src/envs/antmaze/mazeLayouts.js";
import { tempDirMaker } from "../../tempDirs.js";

const tempDir = tempDirMaker("walker");

before(async () => {
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
});

const TINY: WalkerTrainingSettingsInput = {
  steps: 300,
  evalEvery: 100,
  evalEpisodes: 1,
  checkpointEvery: 100,
  randomStartSteps: 100,
  batchSize: 32,
  logEvery: 100,
  episodeSteps: 50,
};

describe("walking-policy training and the AntMaze recipe", () => {
  it("stops at a checkpoint, resumes to the same policy, and feeds `dataset build antmaze-umaze-diverse`", async () => {
    const root = tempDir();
    const run = join(root, "run");
    const stopped = await trainWalkingPolicy(run, TINY, { stopAfter: 150 });
    assert.equal(stopped.finished, false);
    assert.equal(stopped.step, 200, "stops at the first checkpoint at or after step 150 (one per 100 steps)");
    assert.equal(stopped.best === null, false);
    await assert.rejects(trainWalkingPolicy(run, { ...TINY, steps: 400 }), /was started with other settings/);
    const resumed = await trainWalkingPolicy(run);
    assert.equal(resumed.finished, true);
    assert.equal(resumed.step, 300);
    assert.deepEqual(resumed.settings, stopped.settings);

    const straight = await trainWalkingPolicy(join(root, "straight"), TINY);
    assert.equal(straight.best?.step, resumed.best?.step);
    assert.ok(
      readFileSync(straight.dir.bestPolicy).equals(readFileSync(resumed.dir.bestPolicy)),
      "a resumed run ends with the uninterrupted run's policy, byte for byte",
    );
    assert.deepEqual(readWalkingTask(resumed.dir.bestPolicy), DEFAULT_ANT_WALKING_TASK);

    const out = join(root, "antmaze-umaze-diverse.hdf5");
    const report = await buildDataset({
      name: "antmaze-umaze-diverse",
      size: 1100,
      trainPolicy: true,
      trainingDirectory: run,
      outputPath: out,
    });
    assert.equal(report.rows, 1100);
    assert.equal(report.episodes, 2);
    const { dataset } = await readDatasetFile(out);
    assert.equal(dataset.obsDim, 29);
    assert.equal(dataset.actDim, 8);
    assert.equal(dataset.qpos?.cols, 15);
    assert.equal(dataset.qvel?.cols, 14);
    assert.deepEqual(
      [...dataset.timeouts.keys()].filter((i) => dataset.timeouts[i]),
      [999],
      "a time-out every 1000 rows",
    );
    assert.equal(
      dataset.terminals.reduce((a, b) => a + b, 0),
      0,
      "no terminals",
    );
    const layout = mazeLayout("umaze");
    for (const row of [0, 1000]) {
      // Episodes start at a free cell's center plus U(0, 1) in x and y; infos/qpos is the state before the row.
      const x = dataset.observations[row * 29];
      const y = dataset.observations[row * 29 + 1];
      const c = cellCenter(layout, cellAt(layout, { x: x - 0.5, y: y - 0.5 }));
      assert.ok(x >= c.x && x <= c.x + 1 && y >= c.y && y <= c.y + 1, `row ${row} starts at (${x}, ${y})`);
      for (let k = 0; k < 15; k++)
        assert.equal(
          Math.fround(dataset.qpos?.values[row * 15 + k] ?? NaN),
          dataset.observations[row * 29 + k],
        );
    }
    for (let i = 0; i < dataset.rewards.length; i++)
      assert.ok(dataset.rewards[i] === 0 || dataset.rewards[i] === 1);
    const m = dataset.metadata;
    assert.equal(m.recipe, "diverse");
    assert.equal(m.env, "antmaze-umaze");
    assert.equal(m.maze, "umaze");
    assert.equal(m.variant, "diverse");
    assert.equal(m.dataset_episode_steps, 1000);
    assert.equal(m.walker_policy_agent, "sac");
    assert.equal(m.walker_policy_training_step, resumed.best?.step);
    assert.equal(typeof m.walker_policy_sha256, "string");
    assert.deepEqual(JSON.parse(m.walker_task as string), DEFAULT_ANT_WALKING_TASK);
    assert.equal((m.reward_goal as number[]).length, 2);
    assert.equal(m.goals_drawn, (m.goals_reached as number) + 2);
    const goals = await withHdf5File(out, ({ file }) => {
      const g = file.get("infos/goal") as { shape: number[]; value: Float32Array };
      return { shape: g.shape, value: g.value };
    });
    assert.deepEqual(goals.shape, [1100, 2]);
    // Row 0's goal is the first episode's, a point of a free cell of the umaze.
    assert.ok(Number.isFinite(goals.value[0]) && Number.isFinite(goals.value[1]));
    await assert.rejects(
      buildDataset({
        name: "antmaze-umaze-diverse",
        size: 1100,
        trainPolicy: true,
        trainingDirectory: run,
        outputPath: out,
      }),
      /already exists/,
    );
    await assert.rejects(
      buildDataset({
        name: "antmaze-umaze-play",
        size: 10,
        policiesDirectory: root,
        outputPath: join(root, "p.hdf5"),
      }),
      /no committed ant walking policy/,
    );
  });
});
