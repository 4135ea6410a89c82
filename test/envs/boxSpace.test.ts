// Box spaces' sample(rng): seeded (same generator state, same sample), within the bounds, and drawn
// by how each component is bounded, as Gymnasium's Box.sample.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import "../../src/envs/index.js";
import { makeEnv } from "../../src/envs/registry.js";
import { box } from "../../src/envs/types.js";

describe("Box.sample", () => {
  it("gives the same samples from the same seed and other samples from another", () => {
    const space = box([-2, 0], [2, 5]);
    const a = Array.from({ length: 5 }, () => Array.from(space.sample(new Rng(7))));
    assert.deepEqual(a[0], a[4]);
    const r1 = new Rng(7);
    const r2 = new Rng(7);
    for (let i = 0; i < 10; i++) assert.deepEqual(space.sample(r1), space.sample(r2));
    assert.notDeepEqual(space.sample(new Rng(7)), space.sample(new Rng(8)));
  });

  it("draws bounded components uniformly within [low, high]", () => {
    const space = box([-2, 10], [2, 11]);
    const rng = new Rng(1);
    const n = 20_000;
    const mean = [0, 0];
    for (let i = 0; i < n; i++) {
      const x = space.sample(rng);
      assert.ok(space.contains(x), `sample ${i} lies outside the box: ${Array.from(x)}`);
      mean[0] += x[0] / n;
      mean[1] += x[1] / n;
    }
    // Uniform means 0 and 10.5; standard errors 2/sqrt(3n) and 0.5/sqrt(3n): 6 of them is far.
    assert.ok(Math.abs(mean[0]) < 6 * (2 / Math.sqrt(3 * n)), `mean ${mean[0]}`);
    assert.ok(Math.abs(mean[1] - 10.5) < 6 * (0.5 / Math.sqrt(3 * n)), `mean ${mean[1]}`);
  });

  it("draws unbounded components from a normal and half-bounded ones from a shifted exponential", () => {
    const space = box([-Infinity, 3, -Infinity], [Infinity, Infinity, -1]);
    const rng = new Rng(2);
    const n = 20_000;
    const sum = [0, 0, 0];
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = space.sample(rng);
      assert.ok(x[1] >= 3 && x[2] <= -1, `half-bounded components keep their bound: ${Array.from(x)}`);
      for (let j = 0; j < 3; j++) sum[j] += x[j];
      sq += x[0] * x[0];
    }
    const tol = 6 / Math.sqrt(n); // six standard errors of a unit-variance mean
    assert.ok(Math.abs(sum[0] / n) < tol, "normal: mean 0");
    assert.ok(Math.abs(sq / n - 1) < 6 * Math.sqrt(2 / n), "normal: variance 1");
    assert.ok(Math.abs(sum[1] / n - 4) < tol, "low + Exponential(1): mean low + 1");
    assert.ok(Math.abs(sum[2] / n + 2) < tol, "high - Exponential(1): mean high - 1");
  });

  it("is on every env's spaces, and a sampled action steps the env", async () => {
    const env = await makeEnv("pendulum");
    const rng = new Rng(3);
    env.reset({ seed: 0 });
    const action = env.actionSpace.sample(rng);
    assert.ok(env.actionSpace.contains(action) && action[0] !== 0);
    assert.equal(env.step(action).obs.length, env.observationSpace.shape[0]);
    env.close();
  });

  it("refuses a box with low above high in one sentence", () => {
    assert.throws(() => box([0, 1], [1, 0]), {
      message: "A Box needs low <= high in every component, got [1, 0] at index 1.",
    });
  });
});
