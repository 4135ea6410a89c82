// The behavior-policy training run behind medium, medium-replay and expert, on tiny settings: the
// medium snapshot is taken at the first evaluation reaching the threshold, medium-replay is that
// run's replay buffer (with qpos/qvel a re-simulation reproduces), the expert is the best
// evaluation of the finished run, and a run stopped and resumed takes bit-identical snapshots.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { trainBehaviorPolicies } from "../../src/datasets/policyTraining.js";
import type { PolicyTrainingSettingsInput } from "../../src/datasets/policyTrainingSettings.js";
import { TrainingDirectory } from "../../src/datasets/trainingDirectory.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { metricsWithoutTiming } from "../experiments/runFiles.js";
import { tempDirMaker } from "../tempDirs.js";
import { assertMatchesResimulation } from "./resimulate.js";

const tempDir = tempDirMaker("policy-training");

before(async () => {
  await initEngine({ threads: 1 });
});
after(async () => {
  await closeEngine();
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
    // ... and leaves the settings of the run it does not hold as they were.
    const pinned = readFileSync(join(run, "training.json"), "utf8");
    await assert.rejects(trainBehaviorPolicies(run, { ...settings, steps: 400 }), /is in use by process/);
    assert.equal(readFileSync(join(run, "training.json"), "utf8"), pinned);
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    writeFileSync(lock, `${dead.stdout}\n`);
    const outcome = await trainBehaviorPolicies(run, settings);
    assert.ok(outcome.expert);
    assert.equal(existsSync(lock), false);
  });

  it("a run can be extended, or ended at a step it has passed, and the expert is the best evaluation within its length", async () => {
    const settings: PolicyTrainingSettingsInput = {
      env: "pendulum",
      steps: 200,
      randomStartSteps: 50,
      evalEvery: 50,
      evalEpisodes: 1,
      checkpointEvery: 50,
      batchSize: 16,
      mediumReturn: -1e9,
    };
    // Stopped after its first episode (checkpoint at step 200), then shortened to 200 or 250 steps.
    const stopAt250 = async () => {
      const run = join(tempDir(), "run");
      let n = 0;
      await trainBehaviorPolicies(run, { ...settings, steps: 400 }, { shouldStop: () => ++n >= 250 });
      return run;
    };
    const evals = evaluations(await stopAt250());
    assert.deepEqual(
      evals.map((e) => e.step),
      [50, 100, 150, 200, 250],
    );
    const bestStep = (upTo: number) =>
      evals.filter((e) => e.step <= upTo).reduce((a, b) => (b.mean > a.mean ? b : a)).step;
    // This seed's best evaluation up to step 250 is at step 250: a run shortened to 200 cannot end
    // there, one of 250 can.
    assert.equal(bestStep(250), 250);
    await assert.rejects(
      trainBehaviorPolicies(await stopAt250(), { ...settings, steps: 200 }),
      /best evaluation is at step 250, after the requested length of 200 steps; choose a length of at least 250\./,
    );
    const short = await stopAt250();
    const ended = await trainBehaviorPolicies(short, { ...settings, steps: 250 });
    assert.equal(ended.expert?.runSteps, 250);
    assert.equal(ended.expert?.step, 250);
    // A finished run's length is fixed.
    await assert.rejects(
      trainBehaviorPolicies(short, { ...settings, steps: 300 }),
      /has finished \(its expert policy is chosen\); its length can no longer change from 250 to 300 steps\./,
    );

    // Stopped after its first episode (checkpoint at step 200 of 400), then extended to 600 steps:
    // the same evaluations as a run of 600 steps from the start.
    const whole = join(tempDir(), "whole");
    await trainBehaviorPolicies(whole, { ...settings, steps: 600 });
    const extended = await stopAt250();
    const out = await trainBehaviorPolicies(extended, { ...settings, steps: 600 });
    assert.equal(out.expert?.runSteps, 600);
    assert.deepEqual(evaluations(extended), evaluations(whole));
  });
});
