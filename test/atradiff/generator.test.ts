// End to end (ATraDiff §4.1): train a small generator on a toy deterministic system, generate from
// held-out states, and check the trajectories: they start at the given states, chain s' to s,
// have plausible lengths, follow the dynamics roughly, and survive save/load bit for bit.
import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadGenerator, saveGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import type { GeneratorSettingsInput } from "../../src/atradiff/generator/generatorSettings.js";
import { roundUpToPresetLength } from "../../src/atradiff/generator/presetLength.js";
import { type TrainedGenerator, trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import type { Trajectory } from "../../src/atradiff/windows/trajectory.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { TOY_OBS_DIM, toyAction, toyData, toyStarts } from "./toySystem.js";

// Small networks and short training; the EMA follows the weights closely (SynthER's 0.995 every
// 10 steps averages over thousands of steps, longer than this whole run).
const small: GeneratorSettingsInput = {
  windowLengths: [4, 8],
  diffusion: {
    // The flat residual MLP (the paper's A.2 setting), with which these thresholds were measured.
    denoiser: { architecture: "residualMlp", dimT: 64, width: 128, depth: 2 },
    training: { totalSteps: 2000, batchSize: 128, lr: 3e-3, emaStartStep: 50, emaEvery: 1, emaDecay: 0.99 },
    edm: { sampleSteps: 16 },
  },
  estimator: { hiddenSizes: [32, 32], lr: 3e-3, batchSize: 128, steps: 800 },
  pruner: { calibrationWindows: 200 },
  // The paper's generator; the gate has its own tests (plausibilityGate.test.ts, generatorTraining.test.ts).
  plausibilityGate: { enabled: false },
  seed: 5,
};

const O = TOY_OBS_DIM;

/** Checks what every generated trajectory must satisfy, whatever the model learned. */
function checkTrajectories(
  ts: Trajectory[],
  starts: Float32Array,
  presets: readonly number[],
  single: boolean,
): void {
  assert.equal(ts.length, starts.length / O);
  ts.forEach((t, i) => {
    assert.deepEqual(
      Array.from(t.obs.subarray(0, O)),
      Array.from(starts.subarray(i * O, i * O + O)),
      `start ${i}`,
    );
    assert.ok(t.size >= 1 && t.size <= t.windowLength, `trajectory ${i} has ${t.size} steps`);
    const k = single ? presets[presets.length - 1] : roundUpToPresetLength(t.estimatedLength, presets);
    assert.equal(t.windowLength, k);
    for (let j = 0; j + 1 < t.size; j++) {
      assert.deepEqual(t.nextObs.subarray(j * O, j * O + O), t.obs.subarray((j + 1) * O, (j + 2) * O));
      assert.equal(t.terminal[j], 0, "only the last step can be terminal");
    }
  });
}

/**
 * Mean |length - min(true remaining, window length)| against the same for keeping whole windows
 * (no pruning, no terminal ends), and mean |p' - (p + a)| and |a - policy(q)|.
 */
function plausibility(ts: Trajectory[], remaining: number[]) {
  let lengthError = 0;
  let keepWholeError = 0;
  let dynamics = 0;
  let policy = 0;
  let steps = 0;
  ts.forEach((t, i) => {
    lengthError += Math.abs(t.size - Math.min(remaining[i], t.windowLength));
    keepWholeError += t.windowLength - Math.min(remaining[i], t.windowLength);
    for (let j = 0; j < t.size; j++, steps++) {
      dynamics += Math.abs(t.nextObs[O * j] - (t.obs[O * j] + t.action[j]));
      policy += Math.abs(t.action[j] - toyAction(t.obs[O * j + 1]));
    }
  });
  return {
    lengthError: lengthError / ts.length,
    keepWholeError: keepWholeError / ts.length,
    dynamics: dynamics / steps,
    policy: policy / steps,
  };
}

describe("ATraDiff generator end to end", () => {
  const data = toyData(150, new Rng(1));
  const held = toyStarts(60, new Rng(2));
  const dir = mkdtempSync(join(tmpdir(), "atradiff-generator-"));
  let multi: TrainedGenerator;

  before(async () => {
    await initEngine({ threads: 1 });
    multi = trainGenerator(data, small);
  });
  after(async () => {
    multi?.generator.dispose();
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("multiple diffusers: trajectories start at the states, chain, and have plausible lengths", () => {
    const g = multi.generator;
    const ts = g.generate(held.states, { rng: new Rng(3) });
    checkTrajectories(ts, held.states, [4, 8], false);
    const p = plausibility(ts, held.remaining);
    const calib = [...multi.prunerCalibration]
      .map(([k, c]) => `k ${k}: ${c.threshold.toFixed(3)}`)
      .join(", ");
    console.log(
      `length error ${p.lengthError.toFixed(2)} steps (whole windows ${p.keepWholeError.toFixed(2)}), |p' - (p + a)| ${p.dynamics.toFixed(4)}, |a - policy| ${p.policy.toFixed(4)} (a ~ 0.06); thresholds ${calib}`,
    );
    assert.ok(p.lengthError < 0.85 * p.keepWholeError, `mean length error ${p.lengthError}`);
    assert.ok(p.dynamics < 0.03, `dynamics error ${p.dynamics}`);
    // States one step from the end: the trajectory is one terminal step.
    const ends = ts.filter((_, i) => held.remaining[i] === 1);
    const terminalEnds = ends.filter((t) => t.terminal[t.size - 1] === 1).length;
    assert.ok(terminalEnds >= 0.7 * ends.length, `${terminalEnds} of ${ends.length} last steps terminal`);
  });

  it("a manifest's file names cannot lead out of the generator's directory", () => {
    const parent = mkdtempSync(join(tmpdir(), "atradiff-manifest-paths-"));
    const path = join(parent, "manifest-paths");
    saveGenerator(multi.generator, path);
    const manifestPath = join(path, "manifest.json");
    const original = readFileSync(manifestPath, "utf8");
    const edit = (change: (m: { estimator: unknown; diffusers: { file: unknown }[] }) => void) => {
      const m = JSON.parse(original);
      change(m);
      writeFileSync(manifestPath, JSON.stringify(m));
    };
    edit((m) => {
      m.estimator = "../../../../etc/passwd";
    });
    assert.throws(
      () => loadGenerator(path),
      /^Error: "estimator" in .*manifest\.json is "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"; expected the name of a file inside .*manifest-paths\.$/,
    );
    edit((m) => {
      m.diffusers[1].file = "/etc/passwd";
    });
    assert.throws(
      () => loadGenerator(path),
      /"diffusers\[1\]\.file" in .* is "\/etc\/passwd"; expected the name of a file inside/,
    );
    // A link inside the directory that leads out of it is refused as well.
    symlinkSync("/etc/passwd", join(path, "linked.safetensors"));
    edit((m) => {
      m.estimator = "linked.safetensors";
    });
    assert.throws(
      () => loadGenerator(path),
      /"estimator" in .* is "linked\.safetensors"; expected a file inside .*, not a link out of it\.$/,
    );
    writeFileSync(manifestPath, original);
    loadGenerator(path).dispose();
    rmSync(parent, { recursive: true, force: true });
  });

  it("the same seed gives the same trajectories; save and load keep them bit for bit", () => {
    const g = multi.generator;
    const a = g.generate(held.states.subarray(0, 20 * O), { rng: new Rng(11) });
    const b = g.generate(held.states.subarray(0, 20 * O), { rng: new Rng(11) });
    assert.deepEqual(a, b);
    const path = join(dir, "generator");
    saveGenerator(g, path);
    saveGenerator(g, path); // replacing a saved generator works
    assert.deepEqual(readdirSync(dir), ["generator"]); // no half-written or replaced copies left
    assert.deepEqual(readdirSync(path).sort(), [
      ".atradiff-output.json",
      "diffuser-k4.safetensors",
      "diffuser-k8.safetensors",
      "lengthEstimator.safetensors",
      "manifest.json",
    ]);
    const loaded = loadGenerator(path);
    assert.deepEqual(loaded.generate(held.states.subarray(0, 20 * O), { rng: new Rng(11) }), a);
    assert.deepEqual([...loaded.prunerThresholds], [...g.prunerThresholds]);
    // How each threshold was calibrated is kept with it (source, error rates, any rejected calibration).
    assert.equal(loaded.prunerCalibration.size, g.diffusers.length);
    assert.deepEqual([...loaded.prunerCalibration], [...multi.prunerCalibration]);
    assert.ok(g.expectedLength(held.states, { rng: new Rng(12) }) > 1);
    loaded.dispose();
  });

  it("single length-conditioned diffuser without terminal channels: the pruner ends trajectories", () => {
    const diffusion = { ...small.diffusion, training: { ...small.diffusion?.training, totalSteps: 1200 } };
    const { generator: g } = trainGenerator(data, {
      ...small,
      diffusion,
      mode: "single",
      modelTerminals: false,
    });
    try {
      const ts = g.generate(held.states, { rng: new Rng(4) });
      checkTrajectories(ts, held.states, [4, 8], true);
      assert.ok(ts.every((t) => t.terminal.every((d) => d === 0)));
      const p = plausibility(ts, held.remaining);
      console.log(
        `single diffuser: length error ${p.lengthError.toFixed(2)} steps (whole windows ${p.keepWholeError.toFixed(2)}), |p' - (p + a)| ${p.dynamics.toFixed(4)}`,
      );
      assert.ok(p.lengthError < 0.5 * p.keepWholeError, `mean length error ${p.lengthError}`);
      assert.ok(p.dynamics < 0.03, `dynamics error ${p.dynamics}`);
    } finally {
      g.dispose();
    }
  });

  it("bad input fails with one sentence and never replaces a foreign directory", () => {
    const g = multi.generator;
    assert.throws(
      () => g.generate([0.1, 0.2, 0.3], { rng: new Rng(0) }),
      /whole rows of 2 values, got 3 values/,
    );
    assert.throws(() => g.generate([0.1, Number.NaN], { rng: new Rng(0) }), /Start state 0 holds NaN/);
    const foreign = join(dir, "notes");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "keep.txt"), "mine");
    assert.throws(() => saveGenerator(g, foreign), /does not hold an ATraDiff generator/);
    assert.throws(() => loadGenerator(join(dir, "missing")), /holds no ATraDiff generator/);
    assert.throws(
      () => trainGenerator(data, { windowLengths: [8, 4] }),
      /"windowLengths" must be strictly increasing/,
    );
    assert.throws(
      () =>
        trainGenerator(
          { ...data, episodes: data.episodes.map((e) => ({ ...e, task: 3 })) },
          { prompt: { kind: "oneHot", taskCount: 2 } },
        ),
      /task id must be an integer in \[0, 1\], got 3/,
    );
  });
});
