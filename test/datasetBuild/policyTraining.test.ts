// The behavior-policy training run behind medium, medium-replay and expert, on tiny settings: the
// medium is the first snapshot whose data score is taken for the medium target, medium-replay is
// that run's replay buffer (with qpos/qvel a re-simulation reproduces), the expert the first later
// snapshot taken for the expert target (the run stops there), else the run's highest-scored
// snapshot, and a run stopped and resumed takes bit-identical snapshots and scores.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { loadReplayBuffer } from "../../src/data/replayBufferFile.js";
import { readBehaviorPolicyInfo } from "../../src/datasets/behaviorPolicy.js";
import { buildDataset } from "../../src/datasets/buildDataset.js";
import { trainBehaviorPolicies } from "../../src/datasets/policyTraining.js";
import type { PolicyTrainingSettingsInput } from "../../src/datasets/policyTrainingSettings.js";
import { HIGHEST_SCORED_RULE, PASSED_WINDOW_RULE } from "../../src/datasets/snapshotScoring.js";
import { type LocomotionExpertRecord, TrainingDirectory } from "../../src/datasets/trainingDirectory.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { readSafetensors } from "../../src/nn/safetensorsFile.js";
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

/** Scores every snapshot on few episodes, and any score is within the tolerances of any target. */
const ANY_SCORE = {
  mediumDataScore: 0,
  expertDataScore: 0,
  dataScoreEpisodes: 2,
  confirmEpisodes: 2,
  screenTolerance: 1e9,
  dataScoreTolerance: 1e9,
} satisfies Partial<PolicyTrainingSettingsInput>;

/** A short run: the medium is the first snapshot, the expert the second, and the run stops there. */
const TINY = {
  steps: 600,
  evalEvery: 200,
  evalEpisodes: 1,
  checkpointEvery: 100,
  randomStartSteps: 100,
  batchSize: 32,
  ...ANY_SCORE,
} satisfies Partial<PolicyTrainingSettingsInput>;

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
    const expert = training.expert<LocomotionExpertRecord>();
    assert.ok(expert);
    assert.equal(expert.step, 400, "the first snapshot after the medium one");
    assert.equal(expert.runSteps, 400, "the run stops once its expert is chosen");
    assert.deepEqual(
      evaluations(run).map((e) => e.step),
      [200, 400],
    );
    const scores = training.dataScores();
    assert.deepEqual(
      scores.map((r) => [r.step, r.taken]),
      [
        [200, "medium"],
        [400, "expert"],
      ],
    );
    assert.deepEqual(expert.data, scores[1].pooled);
    assert.equal(expert.data.episodes, 4, "screen and confirmation episodes together");
    assert.deepEqual(training.medium()?.data, scores[0].pooled);
    const e = (await readDatasetFile(join(dir, "e.hdf5"))).dataset;
    assert.equal(e.metadata.policy_training_step, 400);
    assert.equal(e.metadata.policy_data_score, expert.data.score);
    assert.equal(m.metadata.policy_data_score, training.medium()?.data.score);
    // Every evaluation's actor is kept.
    for (const step of [200, 400]) assert.ok(existsSync(training.snapshotPolicy(step)));
  });

  it("a run whose snapshots never come near the expert target takes its highest-scored snapshot at its end", async () => {
    const run = join(tempDir(), "run");
    const outcome = await trainBehaviorPolicies(run, {
      env: "hopper",
      ...TINY,
      expertDataScore: 1e6,
      screenTolerance: 10,
    });
    const training = new TrainingDirectory(run);
    const scores = training.dataScores();
    assert.deepEqual(
      scores.map((r) => r.step),
      [200, 400, 600],
    );
    assert.equal(scores[0].taken, "medium");
    assert.ok(scores.slice(1).every((r) => r.candidateFor === undefined && r.pooled === undefined));
    const highest = scores.reduce((a, b) => (b.screen.score > a.screen.score ? b : a));
    assert.equal(outcome.expert?.step, highest.step);
    assert.equal(outcome.expert?.runSteps, 600);
    assert.equal(outcome.expert?.rule, HIGHEST_SCORED_RULE);
    assert.deepEqual(outcome.expert?.data, highest.screen);
    // The expert file is the snapshot's actor, relabelled.
    const expertFile = readSafetensors(training.expertPolicy);
    const snapshot = readSafetensors(training.snapshotPolicy(highest.step));
    assert.deepEqual([...expertFile.tensors.keys()], [...snapshot.tensors.keys()]);
    for (const [name, t] of snapshot.tensors) assert.deepEqual(expertFile.tensors.get(name)?.data, t.data);
    const info = readBehaviorPolicyInfo(training.expertPolicy);
    assert.equal(info.kind, "expert");
    assert.equal(info.trainingStep, highest.step);
    assert.equal(info.dataScore, highest.screen.score);
    assert.equal(readBehaviorPolicyInfo(training.snapshotPolicy(highest.step)).kind, "snapshot");
  });

  it("when the data scores pass the medium target without a snapshot within the tolerance, the closest snapshot so far is the medium, with the run's data up to its step", async () => {
    const dir = tempDir();
    const base = { env: "hopper", ...TINY, seed: 1, steps: 400, dataScoreTolerance: 0 };
    // A first run whose target no snapshot comes near gives the snapshots' scores.
    const probe = join(dir, "probe");
    await assert.rejects(
      trainBehaviorPolicies(probe, { ...base, mediumDataScore: 1e6, screenTolerance: 1 }),
      /never produced a snapshot whose data scores within 0 points of the medium target 1000000 in 400 steps/,
    );
    const [s200, s400] = new TrainingDirectory(probe).dataScores().map((r) => r.screen.score);
    assert.ok(s400 > s200, `this seed's scores rise: ${s200} then ${s400}`);
    // Step 200 screens below the window, step 400 above it; step 200 is closer to the target.
    const d = s400 - s200;
    const run = join(dir, "run");
    const common = { trainPolicy: true, trainingDirectory: run };
    const policyTraining = { ...base, mediumDataScore: s200 + 0.4 * d, screenTolerance: 0.1 * d };
    await buildDataset({
      name: "hopper-medium-replay",
      outputPath: join(dir, "mr.hdf5"),
      ...common,
      policyTraining,
    });
    const training = new TrainingDirectory(run);
    const medium = training.medium();
    assert.equal(medium?.step, 200);
    assert.equal(medium?.rule, PASSED_WINDOW_RULE);
    assert.equal(medium?.data.score, s200);
    assert.deepEqual(
      training.dataScores().map((r) => [r.step, r.candidateFor, r.taken]),
      [
        [200, undefined, undefined],
        [400, undefined, undefined],
      ],
    );
    const info = readBehaviorPolicyInfo(training.mediumPolicy);
    assert.equal(info.kind, "medium");
    assert.equal(info.trainingStep, 200);
    assert.equal(info.selectionRule, PASSED_WINDOW_RULE);
    const snapshot = readSafetensors(training.snapshotPolicy(200));
    for (const [name, t] of snapshot.tensors)
      assert.deepEqual(readSafetensors(training.mediumPolicy).tensors.get(name)?.data, t.data);
    // The medium-replay data is the run's first 200 steps, as the simulator replays them.
    const { dataset } = await readDatasetFile(join(dir, "mr.hdf5"));
    assert.equal(dataset.size, 200);
    await assertMatchesResimulation(dataset, "hopper");
    // The first 200 rows of the probe run (same seed, same steps) are the same transitions.
    const latest = JSON.parse(readFileSync(join(probe, "checkpoints", "latest.json"), "utf8")).checkpoint;
    const probeBuffer = loadReplayBuffer(join(probe, "checkpoints", latest, "replay.safetensors"));
    assert.deepEqual(dataset.observations, probeBuffer.obs.subarray(0, 200 * 11));
  });

  it("a run stopped before its medium snapshot and resumed takes the same snapshots as an uninterrupted run", async () => {
    const settings: PolicyTrainingSettingsInput = {
      env: "hopper",
      seed: 4,
      steps: 500,
      evalEvery: 250,
      evalEpisodes: 1,
      checkpointEvery: 100,
      randomStartSteps: 100,
      batchSize: 32,
      ...ANY_SCORE,
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
    const files = [a.mediumPolicy, a.mediumReplay, a.mediumStates, a.expertPolicy, a.dataScoresFile];
    for (const file of [...files, a.snapshotPolicy(250), a.snapshotPolicy(500)]) {
      const other = file.replace(whole, split);
      assert.ok(readFileSync(file).equals(readFileSync(other)), `${file} differs after resuming`);
    }
    assert.deepEqual(metricsWithoutTiming(whole), metricsWithoutTiming(split));
    // The states of the medium snapshot are one row of hopper's qpos (6) and qvel (6) per step.
    assert.equal(readFileSync(a.mediumStates).length, 250 * 12 * 8);
  });

  it("a run refuses to continue with other settings", async () => {
    const run = join(tempDir(), "run");
    const settings: PolicyTrainingSettingsInput = {
      env: "hopper",
      steps: 50,
      randomStartSteps: 50,
      evalEvery: 50,
      evalEpisodes: 1,
      ...ANY_SCORE,
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

  it("a run can be extended, or ended at a step it has passed, and its expert is then the highest-scored snapshot within its length", async () => {
    const settings: PolicyTrainingSettingsInput = {
      env: "hopper",
      steps: 200,
      randomStartSteps: 50,
      evalEvery: 50,
      evalEpisodes: 1,
      checkpointEvery: 50,
      batchSize: 16,
      ...ANY_SCORE,
      expertDataScore: 1e6,
      screenTolerance: 10,
    };
    const stopAt250 = async () => {
      const run = join(tempDir(), "run");
      let n = 0;
      await trainBehaviorPolicies(run, { ...settings, steps: 400 }, { shouldStop: () => ++n >= 250 });
      return run;
    };
    const first = new TrainingDirectory(await stopAt250());
    const scores = first.dataScores();
    assert.deepEqual(
      scores.map((r) => r.step),
      [50, 100, 150, 200, 250],
    );
    const highestUpTo = (upTo: number) =>
      scores.filter((r) => r.step <= upTo).reduce((a, b) => (b.screen.score > a.screen.score ? b : a)).step;
    for (const length of [200, 250]) {
      const ended = await trainBehaviorPolicies(await stopAt250(), { ...settings, steps: length });
      assert.equal(ended.expert?.runSteps, length);
      assert.equal(ended.expert?.step, highestUpTo(length));
    }
    // A finished run's length is fixed.
    const short = await stopAt250();
    await trainBehaviorPolicies(short, { ...settings, steps: 250 });
    await assert.rejects(
      trainBehaviorPolicies(short, { ...settings, steps: 300 }),
      /has finished \(its expert policy is chosen\); its length can no longer change from 250 to 300 steps\./,
    );

    // Stopped at step 250 of 400, then extended to 600 steps: the same evaluations and scores as a
    // run of 600 steps from the start.
    const whole = join(tempDir(), "whole");
    await trainBehaviorPolicies(whole, { ...settings, steps: 600 });
    const extended = await stopAt250();
    const out = await trainBehaviorPolicies(extended, { ...settings, steps: 600 });
    assert.equal(out.expert?.runSteps, 600);
    assert.deepEqual(evaluations(extended), evaluations(whole));
    assert.deepEqual(new TrainingDirectory(extended).dataScores(), new TrainingDirectory(whole).dataScores());
  });

  it("an env without D4RL reference returns is refused in one sentence", async () => {
    await assert.rejects(
      trainBehaviorPolicies(join(tempDir(), "run"), {
        env: "pendulum",
        mediumDataScore: 1,
        expertDataScore: 2,
      }),
      /The behavior-policy training setting "env" is pendulum, which has no D4RL locomotion reference returns to score its data by/,
    );
  });
});
