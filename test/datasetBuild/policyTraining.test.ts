// The behavior-policy training run behind medium, medium-replay and expert, on tiny settings: the
// medium snapshot is taken at the first evaluation reaching the threshold, medium-replay is that
// run's replay buffer (with qpos/qvel a re-simulation reproduces), the expert is the best
// evaluation of the finished run, and a run stopped and resumed takes bit-identical snapshots.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { trainBehaviorPolicies } from "../../src/datasets/policyTraining.js";
import type { PolicyTrainingSettingsInput } from "../../src/datasets/policyTrainingSettings.js";
import { TrainingDirectory } from "../../src/datasets/trainingDirectory.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { metricsWithoutTiming } from "../experiments/runFiles.js";
import { assertMatchesResimulation } from "./resimulate.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "atradiff-policy-training-"));
  dirs.push(d);
  return d;
}

before(async () => {
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A short run; any evaluation passes the medium threshold, so the medium step is the first evaluation's. */
const TINY: Partial<PolicyTrainingSettingsInput> = {
  steps: 600,
  evalEvery: 200,
  evalEpisodes: 1,
  checkpointEvery: 100,
  randomStartSteps: 100,
  batchSize: 32,
  mediumReturn: -1e9,
};

function evaluations(dir: string): { step: number; mean: number }[] {
  return metricsWithoutTiming(dir)
    .filter((r) => typeof r.evalReturnMean === "number")
    .map((r) => ({ step: r.step as number, mean: r.evalReturnMean as number }));
}

describe("behavior-policy training", () => {
  it("hopper: medium-replay from the run, then medium and expert policies from the same run", async () => {
    const dir = tempDir();
    const run = join(dir, "run");
    const common = { trainPolicy: true, trainingDirectory: run, policyTraining: TINY };
    const replay = await buildDataset({
      name: "hopper-medium-replay",
      outputPath: join(dir, "mr.hdf5"),
      ...common,
    });
    const training = new TrainingDirectory(run);
    assert.equal(training.medium()?.step, 200);
    assert.equal(training.expert(), null, "building medium-replay trains only up to the medium policy");
    const { dataset } = await readDatasetFile(join(dir, "mr.hdf5"));
    assert.equal(dataset.size, 200);
    assert.equal(replay.rows, 200);
    assert.equal(dataset.metadata.training_steps, 200);
    assert.equal(dataset.metadata.recipe, "medium-replay");
    const sim = await assertMatchesResimulation(dataset, "hopper");
    assert.ok(sim.terminals > 2);
    assert.equal(existsSync(training.stateLogFile), false, "the state log is removed after the snapshot");

    const medium = await buildDataset({
      name: "hopper-medium",
      size: 500,
      outputPath: join(dir, "m.hdf5"),
      ...common,
    });
    assert.equal(medium.seconds.trainingThisBuild < 5, true);
    const m = (await readDatasetFile(join(dir, "m.hdf5"))).dataset;
    assert.equal(m.metadata.policy_training_step, 200);
    assert.equal(m.metadata.policy_file, training.mediumPolicy);
    await assertMatchesResimulation(m, "hopper");

    await buildDataset({ name: "hopper-expert", size: 500, outputPath: join(dir, "e.hdf5"), ...common });
    const expert = training.expert();
    assert.ok(expert);
    assert.equal(expert.runSteps, 600);
    const evals = evaluations(run);
    assert.deepEqual(
      evals.map((e) => e.step),
      [200, 400, 600],
    );
    const best = evals.reduce((a, b) => (b.mean > a.mean ? b : a));
    assert.equal(expert.step, best.step);
    assert.equal(expert.evalReturnMean, best.mean);
    const e = (await readDatasetFile(join(dir, "e.hdf5"))).dataset;
    assert.equal(e.metadata.policy_training_step, best.step);
  });

  it("a run stopped before its medium snapshot and resumed takes the same snapshots as an uninterrupted run", async () => {
    const settings: PolicyTrainingSettingsInput = {
      env: "pendulum",
      seed: 4,
      steps: 500,
      evalEvery: 250,
      evalEpisodes: 1,
      checkpointEvery: 100,
      randomStartSteps: 100,
      batchSize: 32,
      mediumReturn: -1e9,
    };
    const whole = join(tempDir(), "whole");
    const split = join(tempDir(), "split");
    await trainBehaviorPolicies(whole, settings);
    let calls = 0;
    // Stops at step 230: the latest checkpoint is at step 200 (an episode end), the log holds more.
    const stopped = await trainBehaviorPolicies(split, settings, { shouldStop: () => ++calls >= 230 });
    assert.equal(stopped.medium, null);
    assert.equal(stopped.step, 230);
    const resumed = await trainBehaviorPolicies(split, settings);
    assert.equal(resumed.medium?.step, 250);
    const a = new TrainingDirectory(whole);
    const b = new TrainingDirectory(split);
    for (const file of [a.mediumPolicy, a.mediumReplay, a.mediumStates, a.bestPolicy]) {
      const other = file.replace(whole, split);
      assert.ok(readFileSync(file).equals(readFileSync(other)), `${file} differs after resuming`);
    }
    assert.deepEqual(metricsWithoutTiming(whole), metricsWithoutTiming(split));
    // The states of the medium snapshot are one row of (theta, thetaDot) per step.
    assert.equal(readFileSync(a.mediumStates).length, 250 * 2 * 8);
  });

  it("a run refuses to continue with other settings", async () => {
    const run = join(tempDir(), "run");
    const settings: PolicyTrainingSettingsInput = {
      env: "pendulum",
      steps: 50,
      randomStartSteps: 50,
      evalEvery: 50,
      evalEpisodes: 1,
      mediumReturn: -1e9,
    };
    await trainBehaviorPolicies(run, settings);
    await assert.rejects(
      trainBehaviorPolicies(run, { ...settings, seed: 1 }),
      /The training run .* was started with other settings \(see .*training\.json\); remove the directory to start over\./,
    );
    // Another live process holds the run: refused. A lock left by a dead process is taken over.
    const lock = join(run, "run.lock");
    writeFileSync(lock, `${process.ppid}\n`);
    await assert.rejects(
      trainBehaviorPolicies(run, settings),
      new RegExp(`The training run .* is in use by process ${process.ppid} \\(lock file .*run\\.lock\\)`),
    );
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(lock, `${dead.stdout}\n`);
    const outcome = await trainBehaviorPolicies(run, settings);
    assert.ok(outcome.expert);
    assert.equal(existsSync(lock), false);
  });
});
