// The plausibility gate (plausibilityGate.ts) on the toy system of known dynamics (toySystem.ts):
// trained on its episodes, it keeps real held-out trajectories, cuts a trajectory before a step
// whose next state jumps off the dynamics, empties one whose first step does, and is the same gate
// after save and load.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PlausibilityGate } from "../../src/atradiff/generator/plausibilityGate.js";
import { PlausibilityGateTraining, quantile } from "../../src/atradiff/training/trainPlausibilityGate.js";
import type { TrainingEpisode } from "../../src/atradiff/windows/trainingEpisodes.js";
import type { Batch } from "../../src/data/batch.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/nn/checkpoint.js";
import { TOY_GATE_SETTINGS, toyData, toyEpisode, trainToyGate } from "./toySystem.js";

const gateSettings = TOY_GATE_SETTINGS;

/** An episode's transitions as a trajectory (Batch). */
function asTrajectory(e: TrainingEpisode): Batch {
  const o = 2;
  const nextObs = new Float32Array(e.length * o);
  nextObs.set(e.observations.subarray(o));
  nextObs.set(e.finalObservation, (e.length - 1) * o);
  return {
    size: e.length,
    obsDim: o,
    actDim: 1,
    obs: e.observations.slice(),
    action: e.actions.slice(),
    reward: e.rewards.slice(),
    nextObs,
    terminal: new Float32Array(e.length),
  };
}

/** The trajectory with the next state of step j (and every later state) moved by dp in p. */
function withJump(t: Batch, j: number, dp: number): Batch {
  const out = { ...t, obs: t.obs.slice(), nextObs: t.nextObs.slice() };
  for (let i = j; i < t.size; i++) {
    out.nextObs[i * 2] += dp;
    if (i + 1 < t.size) out.obs[(i + 1) * 2] += dp;
  }
  return out;
}

describe("plausibility gate", () => {
  const dir = mkdtempSync(join(tmpdir(), "atradiff-gate-"));
  let gate: PlausibilityGate;

  before(async () => {
    await initEngine({ threads: 1 });
    gate = trainToyGate();
  });
  after(async () => {
    gate?.dispose();
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("sets its threshold at the settings' quantile of the held-out real transitions' errors", () => {
    const c = gate.calibration!;
    assert.equal(c.heldOutEpisodes, 12); // 10% of 120 episodes
    assert.ok(c.heldOutTransitions > 50 && c.trainingTransitions > 5 * c.heldOutTransitions);
    assert.ok(c.heldOutMedianError <= c.quantileError);
    assert.equal(c.threshold, 3 * c.quantileError);
    // Learned dynamics: real steps are predicted far better than guessing (error 1 = the data's variance).
    assert.ok(c.quantileError < 0.01, `0.99 quantile of held-out errors ${c.quantileError}`);
  });

  it("keeps real trajectories it never saw", () => {
    const rng = new Rng(7);
    const real = Array.from({ length: 40 }, () =>
      asTrajectory(toyEpisode(rng.uniformIn(0, 0.5), rng.uniformIn(-1, 1))),
    );
    const kept = gate.keptLengths(real);
    const share = kept.reduce((s, n) => s + n, 0) / real.reduce((s, t) => s + t.size, 0);
    assert.ok(share > 0.9, `kept ${share} of real steps`);
  });

  it("cuts a trajectory before its first step off the dynamics, and empties one whose first step is", () => {
    const rng = new Rng(8);
    const real = Array.from({ length: 10 }, () => asTrajectory(toyEpisode(rng.uniformIn(0, 0.2), 0.5)));
    const whole = gate.keptLengths(real);
    // The jump is a tenth of p's range: far beyond any real step's error, small against the state.
    const jumped = real.map((t) => withJump(t, 3, 0.1));
    assert.deepEqual(
      gate.keptLengths(jumped),
      whole.map((n) => Math.min(n, 3)),
    );
    assert.deepEqual(
      gate.keptLengths(real.map((t) => withJump(t, 0, 0.1))),
      real.map(() => 0),
    );
    // A wrong reward is a wrong step too.
    const badReward = real.map((t) => ({ ...t, reward: t.reward.map((r, i) => (i === 5 ? r + 0.05 : r)) }));
    assert.deepEqual(
      gate.keptLengths(badReward),
      whole.map((n) => Math.min(n, 5)),
    );
  });

  it("is the same gate after save and load", () => {
    const path = join(dir, "gate.safetensors");
    saveCheckpoint(path, gate.toCheckpoint());
    const loaded = loadCheckpoint(path, PlausibilityGate.fromCheckpoint);
    try {
      const t = asTrajectory(toyEpisode(0.1, 0.3));
      assert.deepEqual(loaded.errors(t, t.size), gate.errors(t, t.size));
      assert.deepEqual(loaded.calibration, gate.calibration);
    } finally {
      loaded.dispose();
    }
  });

  it("needs two episodes to hold one out, and says how to do without", () => {
    assert.throws(
      () => new PlausibilityGateTraining(toyData(1, new Rng(3)), gateSettings, new Rng(4)),
      /^Error: The plausibility gate holds out whole episodes, so it needs at least 2, got 1; add data or set plausibilityGate.enabled to false\.$/,
    );
  });

  it("quantile interpolates between order statistics", () => {
    assert.equal(quantile([3, 1, 2, 4], 0), 1);
    assert.equal(quantile([3, 1, 2, 4], 1), 4);
    assert.equal(quantile([3, 1, 2, 4], 0.5), 2.5);
  });
});
