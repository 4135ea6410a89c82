// Next states from the one-step models (oneStepModelStates.ts; generator setting nextStates) on the
// toy system of known dynamics (toySystem.ts): trajectories whose diffused states are off the
// dynamics are re-drawn so that every step obeys it, at every position, "modelRollout" chained from
// the start state and "modelStep" from each diffused state; the generator's gate cuts re-drawn steps
// where its models disagree beyond what held-out real steps show.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadGenerator, saveGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import {
  type ModelRedraw,
  type OneStepPredictor,
  redrawWithOneStepModel,
} from "../../src/atradiff/generator/oneStepModelStates.js";
import type { PlausibilityGate } from "../../src/atradiff/generator/plausibilityGate.js";
import { trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import { firstSteps, type Trajectory } from "../../src/atradiff/windows/trajectory.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { TINY_GENERATOR_SETTINGS } from "../experiments/tinyGenerator.js";
import { toyData, toyEpisode, toyStarts, trainToyGate } from "./toySystem.js";

/** The toy's exact one-step map as a predictor: s' - s = [a, -0.1], r = a. */
const exactToy: OneStepPredictor = {
  shape: { obsDim: 2, actDim: 1 },
  predict(_obs, action, n) {
    const out = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) out.set([action[i], -0.1, action[i]], i * 3);
    return out;
  },
};

/** A real toy trajectory of `steps` steps with its states, next states and rewards moved off the dynamics. */
function diffusedTrajectory(p0: number, q0: number, steps: number, rng: Rng): Trajectory {
  const e = toyEpisode(p0, q0);
  const size = Math.min(steps, e.length);
  const obs = e.observations.slice(0, size * 2);
  const nextObs = new Float32Array(size * 2);
  nextObs.set(e.observations.subarray(2, size * 2));
  nextObs.set(
    size < e.length ? e.observations.subarray(size * 2, size * 2 + 2) : e.finalObservation,
    (size - 1) * 2,
  );
  const reward = e.rewards.slice(0, size);
  // Off the dynamics from the second state on (the first is the real start state), chained.
  for (let j = 0; j < size; j++) {
    const noise = [rng.uniformIn(-0.05, 0.05), rng.uniformIn(-0.05, 0.05)];
    for (let d = 0; d < 2; d++) {
      nextObs[j * 2 + d] += noise[d];
      if (j + 1 < size) obs[(j + 1) * 2 + d] = nextObs[j * 2 + d];
    }
    reward[j] += rng.uniformIn(-0.02, 0.02);
  }
  return {
    size,
    obsDim: 2,
    actDim: 1,
    obs,
    action: e.actions.slice(0, size),
    reward,
    nextObs,
    terminal: new Float32Array(size),
    windowLength: steps,
    estimatedLength: steps,
    generatedSteps: size,
    clippedActionSteps: 0,
  };
}

/** Per position, the largest distance of a step's next state and reward from the toy dynamics. */
function dynamicsErrorByPosition(ts: readonly Trajectory[]): number[] {
  const worst: number[] = [];
  for (const t of ts)
    for (let j = 0; j < t.size; j++) {
      const [p, q] = [t.obs[j * 2], t.obs[j * 2 + 1]];
      const a = t.action[j];
      const err = Math.max(
        Math.abs(t.nextObs[j * 2] - (p + a)),
        Math.abs(t.nextObs[j * 2 + 1] - (q - 0.1)),
        Math.abs(t.reward[j] - a),
      );
      worst[j] = Math.max(worst[j] ?? 0, err);
    }
  return worst;
}

function trajectories(rng: Rng): Trajectory[] {
  return [8, 3, 12, 1, 6].map((steps) =>
    diffusedTrajectory(rng.uniformIn(0, 0.3), rng.uniformIn(-1, 1), steps, rng),
  );
}

const chained = (t: Trajectory) =>
  Array.from({ length: t.size - 1 }, (_, j) => t.nextObs.subarray(j * 2, j * 2 + 2)).every((s, j) =>
    s.every((v, d) => v === t.obs[(j + 1) * 2 + d]),
  );

describe("next states from the one-step models", () => {
  it("modelRollout keeps the start state, actions and length, and chains every step on the dynamics", () => {
    const ts = trajectories(new Rng(1));
    assert.ok(
      dynamicsErrorByPosition(ts)
        .slice(1)
        .every((e) => e > 0.01),
      "the diffused steps are off the dynamics",
    );
    const before = ts.map((t) => ({ s1: t.obs.slice(0, 2), action: t.action.slice(), size: t.size }));
    redrawWithOneStepModel(ts, exactToy, "modelRollout");
    ts.forEach((t, i) => {
      assert.deepEqual(t.obs.slice(0, 2), before[i].s1);
      assert.deepEqual(t.action, before[i].action);
      assert.equal(t.size, before[i].size);
      assert.ok(chained(t), "the next state of each step is the state of the next one");
    });
    for (const e of dynamicsErrorByPosition(ts)) assert.ok(e < 1e-6, `a step is ${e} off the dynamics`);
  });

  it("modelStep keeps every diffused state and gives each its next state and reward from the models", () => {
    const ts = trajectories(new Rng(2));
    const states = ts.map((t) => t.obs.slice());
    redrawWithOneStepModel(ts, exactToy, "modelStep");
    ts.forEach((t, i) => assert.deepEqual(t.obs, states[i]));
    for (const e of dynamicsErrorByPosition(ts)) assert.ok(e < 1e-6, `a step is ${e} off the dynamics`);
    assert.ok(!ts.filter((t) => t.size > 1).every(chained), "the diffused states are no longer chained");
  });

  it("re-draws trajectories of mixed lengths (an empty one among them) as it re-draws each on its own", () => {
    const withEmpty = (rng: Rng) => {
      const ts = trajectories(rng);
      ts.splice(2, 0, firstSteps(ts[0], 0));
      return ts;
    };
    for (const mode of ["modelRollout", "modelStep"] as ModelRedraw[]) {
      const together = withEmpty(new Rng(3));
      redrawWithOneStepModel(together, exactToy, mode);
      const alone = withEmpty(new Rng(3));
      for (const t of alone) redrawWithOneStepModel([t], exactToy, mode);
      together.forEach((t, i) => {
        assert.deepEqual(t.obs, alone[i].obs);
        assert.deepEqual(t.nextObs, alone[i].nextObs);
        assert.deepEqual(t.reward, alone[i].reward);
      });
    }
  });

  it("names a trajectory of the wrong size in one sentence", () => {
    const t = trajectories(new Rng(4))[0];
    assert.throws(
      () => redrawWithOneStepModel([t], { ...exactToy, shape: { obsDim: 3, actDim: 1 } }, "modelStep"),
      /^Error: The one-step models take states of 3 and actions of 1 values; a trajectory holds 2 and 1\.$/,
    );
  });

  it("the generator's settings need the gate's models for it, and without the gate keep the paper's states", () => {
    assert.throws(
      () => parseGeneratorSettings({ nextStates: "modelRollout", plausibilityGate: { enabled: false } }),
      /plausibilityGate\.enabled must be true \(or set nextStates to "diffused"\)\.$/,
    );
    // The gate off and nothing said of next states: the paper's generator.
    assert.equal(parseGeneratorSettings({ plausibilityGate: { enabled: false } }).nextStates, "diffused");
    assert.equal(parseGeneratorSettings({}).nextStates, "modelRollout");
  });

  describe("with the plausibility gate's trained models", () => {
    let gate: PlausibilityGate;
    before(async () => {
      await initEngine({ threads: 1 });
      gate = trainToyGate();
    });
    after(async () => {
      gate?.dispose();
      await closeEngine();
    });

    it("the generator re-draws from the start state; its gate cuts diffused steps by error, re-drawn ones by disagreement", () => {
      const data = toyData(30, new Rng(1));
      // A strict gate whose models barely know the toy: it cuts diffused steps by their error.
      const settings = {
        ...TINY_GENERATOR_SETTINGS,
        plausibilityGate: { ...TINY_GENERATOR_SETTINGS.plausibilityGate, steps: 20, thresholdScale: 0.5 },
      };
      const starts = toyStarts(24, new Rng(3)).states;
      const { generator: paper } = trainGenerator(data, { ...settings, nextStates: "diffused" });
      try {
        const all = paper.generate(starts, { rng: new Rng(4), gate: false });
        const kept = paper.gateKeptLengths(all);
        assert.ok(
          kept.some((k, i) => k < all[i].size),
          "the strict gate cuts some diffused trajectory",
        );
      } finally {
        paper.dispose();
      }
      const { generator } = trainGenerator(data, settings);
      try {
        assert.equal(generator.settings.nextStates, "modelRollout");
        const ts = generator.generate(starts, { rng: new Rng(4) });
        const all = generator.generate(starts, { rng: new Rng(4), gate: false });
        // The same draws: what generate() keeps is the uncut trajectories cut where the models disagree.
        const kept = generator.gateKeptLengths(all);
        assert.deepEqual(kept, generator.gate!.keptLengths(all, "disagreement"));
        ts.forEach((t, i) => {
          assert.equal(t.size, kept[i]);
          assert.deepEqual(t.nextObs, all[i].nextObs.slice(0, t.size * 2));
          if (t.size === 0) return;
          assert.deepEqual(t.obs.slice(0, 2), starts.slice(i * 2, i * 2 + 2));
          assert.ok(chained(t));
          // Each next state is the gate's models stepped from the state before.
          const step = generator.gate!.predict(t.obs, t.action, t.size);
          for (let j = 0; j < t.size; j++)
            for (let d = 0; d < 2; d++)
              assert.equal(t.nextObs[j * 2 + d], Math.fround(t.obs[j * 2 + d] + step[j * 3 + d]));
        });
        // Saved and loaded, it draws the same; a manifest from before the setting reads as diffused.
        const dir = mkdtempSync(join(tmpdir(), "atradiff-next-states-"));
        try {
          saveGenerator(generator, dir);
          const loaded = loadGenerator(dir);
          try {
            assert.deepEqual(loaded.generate(starts, { rng: new Rng(4) }), ts);
          } finally {
            loaded.dispose();
          }
          const file = join(dir, "manifest.json");
          const manifest = JSON.parse(readFileSync(file, "utf8"));
          delete manifest.settings.nextStates;
          writeFileSync(file, JSON.stringify(manifest));
          const old = loadGenerator(dir);
          try {
            assert.equal(old.settings.nextStates, "diffused");
          } finally {
            old.dispose();
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      } finally {
        generator.dispose();
      }
    });

    it("cuts a re-drawn rollout where the models disagree, beyond what held-out real steps show", () => {
      const c = gate.calibration!;
      assert.ok(c.disagreementThreshold! > 0 && c.quantileDisagreement! > 0);
      // Real-like rollouts (the toy's own actions) keep every step; one driven by actions ten times
      // the data's leaves the states the models know, and is cut there.
      const real = trajectories(new Rng(6));
      redrawWithOneStepModel(real, gate, "modelRollout");
      assert.deepEqual(
        gate.keptLengths(real, "disagreement"),
        real.map((t) => t.size),
      );
      const [wild] = trajectories(new Rng(7));
      wild.action.fill(0.9);
      redrawWithOneStepModel([wild], gate, "modelRollout");
      const [keptWild] = gate.keptLengths([wild], "disagreement");
      assert.ok(keptWild < wild.size, `kept ${keptWild} of ${wild.size} off-data steps`);
      // A gate saved before it had a disagreement threshold keeps every re-drawn step.
      const saved = { ...c };
      delete gate.calibration!.disagreementThreshold;
      try {
        assert.deepEqual(gate.keptLengths([wild], "disagreement"), [wild.size]);
      } finally {
        gate.calibration = saved;
      }
    });

    it("re-drawn trajectories obey the dynamics at every position, where the diffused ones do not", () => {
      for (const mode of ["modelRollout", "modelStep"] as ModelRedraw[]) {
        const ts = trajectories(new Rng(5));
        const diffused = dynamicsErrorByPosition(ts);
        redrawWithOneStepModel(ts, gate, mode);
        const redrawn = dynamicsErrorByPosition(ts);
        redrawn.forEach((e, j) => {
          assert.ok(e < 0.01, `${mode}: position ${j} is ${e} off the dynamics`);
          if (j > 0)
            assert.ok(e < diffused[j] / 3, `${mode}: position ${j} ${e} against ${diffused[j]} diffused`);
        });
      }
    });
  });
});
