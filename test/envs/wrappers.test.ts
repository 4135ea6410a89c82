import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Pendulum } from "../../src/envs/classic/pendulum.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";
import { NormalizeObservation } from "../../src/envs/wrappers/normalizeObservation.js";
import { RescaleAction } from "../../src/envs/wrappers/rescaleAction.js";
import { TimeLimit } from "../../src/envs/wrappers/timeLimit.js";

describe("TimeLimit", () => {
  it("truncates at the limit and restarts counting at reset", () => {
    const env = new TimeLimit(new Pendulum(), 3);
    assert.equal(env.maxEpisodeSteps, 3);
    env.reset({ seed: 0 });
    assert.deepEqual(
      [1, 2, 3].map(() => env.step([0]).truncated),
      [false, false, true],
    );
    env.reset();
    assert.equal(env.elapsedSteps, 0);
    assert.equal(env.step([0]).truncated, false);
  });

  it("refuses a limit that is not a positive integer", () => {
    assert.throws(
      () => new TimeLimit(new Pendulum(), 0),
      /pendulum: maxEpisodeSteps must be a positive integer, got 0/,
    );
    assert.throws(() => new TimeLimit(new Pendulum(), 2.5), /positive integer, got 2.5/);
  });

  it("unwraps to the innermost env", () => {
    const inner = new Pendulum();
    assert.equal(unwrapEnv(new RescaleAction(new TimeLimit(inner, 5))), inner);
  });
});

describe("RescaleAction", () => {
  it("maps [-1, 1] linearly onto the env's box", () => {
    const wrapped = new RescaleAction(new Pendulum());
    const raw = new Pendulum();
    assert.deepEqual(Array.from(wrapped.actionSpace.low), [-1]);
    wrapped.reset({ seed: 4 });
    raw.reset({ seed: 4 });
    for (const [a, torque] of [
      [0.5, 1],
      [-1, -2],
      [0, 0],
    ])
      assert.deepEqual(wrapped.step([a]), raw.step([torque]));
  });

  it("refuses actions outside [-1, 1], of the wrong length or NaN", () => {
    const env = new RescaleAction(new Pendulum());
    env.reset({ seed: 0 });
    assert.throws(
      () => env.step([1.5]),
      /pendulum: a rescaled action must lie in \[-1, 1\], got 1.5 at index 0/,
    );
    assert.throws(() => env.step([]), /pendulum: an action must have shape \[1\], got 0 numbers/);
    assert.throws(() => env.step([Number.NaN]), /pendulum: an action must have shape \[1\]/);
  });
});

describe("NormalizeObservation", () => {
  /** Mean and variance of the prior (mean 0, variance 1, pseudo-count 1e-4) pooled with xs. */
  function pooled(xs: number[]): { mean: number; variance: number } {
    const c0 = 1e-4;
    const n = c0 + xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const m2 = c0 * 1 + c0 * mean * mean + xs.reduce((s, x) => s + (x - mean) ** 2, 0);
    return { mean, variance: m2 / n };
  }

  it("normalizes by the running mean and variance of every observation seen", () => {
    const env = new NormalizeObservation(new Pendulum());
    const raw = new Pendulum();
    const seen: Float64Array[] = [raw.reset({ seed: 2 }).obs];
    let out = env.reset({ seed: 2 }).obs;
    for (let t = 0; t < 20; t++) {
      seen.push(raw.step([Math.sin(t)]).obs);
      out = env.step([Math.sin(t)]).obs;
    }
    const last = seen[seen.length - 1];
    for (let i = 0; i < 3; i++) {
      const { mean, variance } = pooled(seen.map((o) => o[i]));
      const expected = (last[i] - mean) / Math.sqrt(variance + 1e-8);
      assert.ok(Math.abs(out[i] - expected) < 1e-9, `component ${i}: ${out[i]} vs ${expected}`);
      assert.ok(Math.abs(env.statistics.mean[i] - mean) < 1e-12);
      assert.ok(Math.abs(env.statistics.var[i] - variance) < 1e-12);
    }
    assert.ok(Math.abs(env.statistics.count - 21.0001) < 1e-12);
  });

  it("keeps its statistics while frozen, and resumes exactly from saved statistics", () => {
    const env = new NormalizeObservation(new Pendulum());
    env.reset({ seed: 5 });
    for (let t = 0; t < 10; t++) env.step([1]);
    const saved = env.statistics;
    env.frozen = true;
    for (let t = 0; t < 10; t++) env.step([-1]);
    assert.deepEqual(env.statistics, saved);

    const copy = new NormalizeObservation(new Pendulum(), { frozen: true });
    copy.statistics = saved;
    env.reset({ seed: 9 });
    copy.reset({ seed: 9 });
    assert.deepEqual(copy.step([0.3]).obs, env.step([0.3]).obs);
  });

  it("refuses statistics of the wrong size", () => {
    const env = new NormalizeObservation(new Pendulum());
    assert.throws(() => {
      env.statistics = { mean: [0, 0], var: [1, 1], count: 1 };
    }, /pendulum: observation statistics need 3 finite means and 3 finite non-negative variances/);
  });
});
