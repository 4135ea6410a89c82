// The weight-sharing (temporal) denoiser learns a system's local dynamics once and applies them at
// every step of a window; the flat residual MLP of about the same size, trained the same way, has
// to learn them separately per position and does not get there. The toy system has known dynamics
// (a damped, nonlinear pendulum-like map driven by random actions), so every generated step can be
// checked against the truth.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DenoiserSettingsInput } from "../../src/diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { TemporalDenoiser } from "../../src/diffusion/temporalDenoiser.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";
import { gradCheck } from "../engine/gradcheck.js";

/** Steps per window; a step is [pos, vel, action, reward], and the window ends with one more state. */
const K = 10;
const STEP = 4;
const WIDTH = K * STEP + 2;

/** The true dynamics: (s, a) -> s', and the reward of the step. */
function step(pos: number, vel: number, a: number): { pos: number; vel: number; reward: number } {
  return {
    pos: pos + 0.2 * vel,
    vel: 0.8 * vel + 0.5 * a - 0.3 * Math.sin(2 * pos),
    reward: pos - 0.2 * a * a,
  };
}

/** n windows from uniform starts with uniform random actions; the starts are the conditions. */
function windows(n: number, rng: Rng): { rows: Float32Array; starts: Float32Array } {
  const rows = new Float32Array(n * WIDTH);
  const starts = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    let pos = rng.uniformIn(-1, 1);
    let vel = rng.uniformIn(-1, 1);
    starts.set([pos, vel], 2 * i);
    for (let j = 0; j < K; j++) {
      const a = rng.uniformIn(-1, 1);
      const next = step(pos, vel, a);
      rows.set([pos, vel, a, next.reward], i * WIDTH + j * STEP);
      pos = next.pos;
      vel = next.vel;
    }
    rows.set([pos, vel], i * WIDTH + K * STEP);
  }
  return { rows, starts };
}

/**
 * Per position j: the mean squared error of the generated s_{j+1} and r_j against the true
 * dynamics applied to the generated (s_j, a_j), divided by the variance of a real next state.
 */
function dynamicsErrorByPosition(g: Float32Array, stateVariance: number): number[] {
  const n = g.length / WIDTH;
  const err = new Array<number>(K).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < K; j++) {
      const o = i * WIDTH + j * STEP;
      const truth = step(g[o], g[o + 1], g[o + 2]);
      err[j] += ((g[o + STEP] - truth.pos) ** 2 + (g[o + STEP + 1] - truth.vel) ** 2) / 2;
    }
  return err.map((e) => e / n / stateVariance);
}

const TRAINING_STEPS = 1500;
const BATCH = 128;

function train(denoiser: DenoiserSettingsInput, data: ReturnType<typeof windows>, seed: number) {
  const trainer = new DiffusionTrainer({
    dataDim: WIDTH,
    conditionDim: 2,
    tokenWidth: STEP,
    seed,
    normalizer: Normalizer.fit(data.rows, WIDTH),
    conditionNormalizer: Normalizer.fit(data.starts, 2),
    settings: { denoiser, training: { lr: 1e-3, totalSteps: TRAINING_STEPS, batchSize: BATCH } },
  });
  const rng = new Rng(seed + 1);
  const n = data.starts.length / 2;
  const rows = new Float32Array(WIDTH * BATCH);
  const cond = new Float32Array(2 * BATCH);
  for (let s = 0; s < TRAINING_STEPS; s++) {
    for (let i = 0; i < BATCH; i++) {
      const r = rng.int(n);
      rows.set(data.rows.subarray(r * WIDTH, (r + 1) * WIDTH), i * WIDTH);
      cond.set(data.starts.subarray(2 * r, 2 * r + 2), 2 * i);
    }
    trainer.step(rows, cond);
  }
  return trainer;
}

const temporalSettings: DenoiserSettingsInput = {
  architecture: "temporal",
  temporal: { width: 32, depth: 3, mixing: "conv", kernelSize: 3, layerNorm: false },
};
// The flat residual MLP with about as many parameters (counted in the test below).
const flatSettings: DenoiserSettingsInput = { architecture: "residualMlp", dimT: 64, width: 64, depth: 2 };

describe("a weight-sharing denoiser on a toy system with known dynamics", () => {
  let temporal: DiffusionTrainer;
  let flat: DiffusionTrainer;
  const held = windows(256, new Rng(42));
  let stateVariance = 0;

  before(async () => {
    await initEngine({ threads: 1 });
    const data = windows(20_000, new Rng(2));
    // Variance of the real next states (all positions, both coordinates).
    const v = Normalizer.fit(data.rows, WIDTH);
    for (let j = 1; j <= K; j++) stateVariance += (v.std[j * STEP] ** 2 + v.std[j * STEP + 1] ** 2) / (2 * K);
    temporal = train(temporalSettings, data, 4);
    flat = train(flatSettings, data, 4);
  });
  after(async () => {
    temporal?.dispose();
    flat?.dispose();
    await closeEngine();
  });

  it("its gradients match finite differences (conv and mixer blocks, with and without LayerNorm)", () => {
    for (const [mixing, layerNorm] of [
      ["conv", false],
      ["conv", true],
      ["mixer", false],
      ["mixer", true],
    ] as const) {
      const trainer = new DiffusionTrainer({
        dataDim: 7,
        conditionDim: 2,
        tokenWidth: 3,
        seed: 3,
        settings: {
          denoiser: {
            architecture: "temporal",
            activation: "silu",
            temporal: { width: 4, depth: 2, mixing, kernelSize: 3, tokenMixingWidth: 2, layerNorm },
          },
        },
      });
      const rng = new Rng(9);
      const input = Tensor.randn([2, 9], rng);
      const params = trainer.model.parameters();
      gradCheck(
        `temporal ${mixing}, LayerNorm ${layerNorm}`,
        [input, ...params],
        ([x]) => trainer.model.forward(x, [0.3, -0.7]),
        { step: 1e-2, tol: 2e-2 },
      );
      trainer.dispose();
    }
  });

  it("the two networks are of about the same size", () => {
    const t = temporal.model.parameterCount;
    const f = flat.model.parameterCount;
    console.log(`parameters: temporal ${t}, flat residual MLP ${f}`);
    assert.ok(temporal.model instanceof TemporalDenoiser);
    assert.ok(f >= t && f <= 1.5 * t, `flat ${f} vs temporal ${t}`);
  });

  it("the temporal denoiser's steps obey the dynamics at every position; the flat MLP's do not", () => {
    const sample = (trainer: DiffusionTrainer) =>
      tidy(() =>
        trainer.sample(256, {
          rng: new Rng(8),
          steps: 32,
          condition: held.starts,
          fixed: { columns: [0, 1], values: held.starts },
        }),
      );
    const t = dynamicsErrorByPosition(sample(temporal), stateVariance);
    const f = dynamicsErrorByPosition(sample(flat), stateVariance);
    const fmt = (e: number[]) => e.map((v) => v.toFixed(3)).join(" ");
    console.log(
      `next-state NMSE by position: temporal ${fmt(t)}\n                             flat     ${fmt(f)}`,
    );
    const THRESHOLD = 0.05;
    assert.ok(Math.max(...t) < THRESHOLD, `temporal: worst position ${Math.max(...t)}`);
    assert.ok(Math.max(...f) > THRESHOLD, `flat: worst position ${Math.max(...f)}`);
  });
});
