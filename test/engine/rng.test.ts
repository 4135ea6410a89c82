// The seeded generator: reproducible, splittable, checkpointable, with the right distributions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";

describe("Rng", () => {
  it("is reproducible for a seed and differs between seeds", () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(1)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(1)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.nextUint32()
      )(new Rng(2)),
    );
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.notDeepEqual(new Rng([1, 2]).nextUint32(), new Rng([2, 1]).nextUint32());
  });

  it("restores its state exactly, including a pending Gaussian", () => {
    const r = new Rng(9);
    r.gaussian();
    const st = r.state;
    const next = [r.gaussian(), r.uniform(), r.gaussian()];
    const r2 = Rng.fromState(JSON.parse(JSON.stringify(st)));
    assert.deepEqual([r2.gaussian(), r2.uniform(), r2.gaussian()], next);
  });

  it("splits into independent streams", () => {
    const parent = new Rng(5);
    const c1 = parent.split();
    const c2 = parent.split();
    const x = Array.from({ length: 1000 }, () => c1.uniform());
    const y = Array.from({ length: 1000 }, () => c2.uniform());
    let cov = 0;
    for (let i = 0; i < 1000; i++) cov += (x[i] - 0.5) * (y[i] - 0.5);
    assert.ok(Math.abs(cov / 1000) < 0.01);
  });

  it("draws uniform, Gaussian and integer values with the right moments", () => {
    const r = new Rng(11);
    const n = 200000;
    let su = 0;
    let sg = 0;
    let sg2 = 0;
    const counts = new Array(7).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
      su += u;
      const g = r.gaussian();
      sg += g;
      sg2 += g * g;
      counts[r.int(7)]++;
    }
    assert.ok(Math.abs(su / n - 0.5) < 0.005);
    assert.ok(Math.abs(sg / n) < 0.01);
    assert.ok(Math.abs(sg2 / n - 1) < 0.02);
    for (const c of counts) assert.ok(Math.abs(c / n - 1 / 7) < 0.005);
    assert.throws(() => r.int(0), /integer bound/);
    assert.throws(() => new Rng(Number.NaN), /finite number/);
  });
});
