import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MountainCarContinuous } from "../../src/envs/classic/mountainCarContinuous.js";
import { normalizeAngle, Pendulum } from "../../src/envs/classic/pendulum.js";

describe("Pendulum", () => {
  it("normalizes angles into [-pi, pi) like Python's modulo", () => {
    assert.equal(normalizeAngle(0), 0);
    assert.ok(Math.abs(normalizeAngle((3 * Math.PI) / 2) - -Math.PI / 2) < 1e-12);
    assert.ok(Math.abs(normalizeAngle(-(3 * Math.PI) / 2) - Math.PI / 2) < 1e-12);
    assert.equal(normalizeAngle(Math.PI), -Math.PI);
    assert.ok(Math.abs(normalizeAngle(7) - (7 - 2 * Math.PI)) < 1e-12);
  });

  it("follows the v1 dynamics and cost, computed by hand", () => {
    const env = new Pendulum();
    env.setState([0.5, -1.2]);
    const u = 1.5;
    const r = env.step([u]);
    const thDot = -1.2 + (((3 * 10) / 2) * Math.sin(0.5) + 3 * u) * 0.05;
    const th = 0.5 + thDot * 0.05;
    assert.deepEqual(env.state, [th, thDot]);
    assert.deepEqual(Array.from(r.obs), [Math.cos(th), Math.sin(th), thDot]);
    assert.equal(r.reward, -(0.5 ** 2 + 0.1 * 1.2 ** 2 + 0.001 * u ** 2));
    assert.equal(r.terminated, false);
  });

  it("clips the torque to +-2 (also in the cost) and the speed to +-8", () => {
    const a = new Pendulum();
    const b = new Pendulum();
    a.setState([3, 7.9]);
    b.setState([3, 7.9]);
    const ra = a.step([5]);
    const rb = b.step([2]);
    assert.deepEqual(ra, rb);
    assert.equal(a.state[1], 8);
    assert.equal(ra.reward, -(normalizeAngle(3) ** 2 + 0.1 * 7.9 ** 2 + 0.001 * 4));
  });

  it("resets theta in [-pi, pi] and thetaDot in [-1, 1], the same for the same seed", () => {
    const env = new Pendulum();
    const seen = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const { obs } = env.reset({ seed });
      const [theta, thetaDot] = env.state;
      assert.ok(Math.abs(theta) <= Math.PI && Math.abs(thetaDot) <= 1);
      assert.deepEqual(obs, Float64Array.of(Math.cos(theta), Math.sin(theta), thetaDot));
      seen.add(String(obs));
    }
    assert.equal(seen.size, 50);
    const again = new Pendulum();
    assert.deepEqual(again.reset({ seed: 7 }), env.reset({ seed: 7 }));
  });

  it("refuses to step before reset and refuses bad actions", () => {
    const env = new Pendulum();
    assert.throws(() => env.step([0]), /pendulum: call reset\(\) before step\(\)/);
    env.reset({ seed: 0 });
    assert.throws(() => env.step([0, 1]), /pendulum: an action must have shape \[1\], got 2 numbers/);
    assert.throws(() => env.step([Number.NaN]), /pendulum: an action must have shape \[1\].*NaN at index 0/);
  });
});

describe("MountainCarContinuous", () => {
  it("follows the v0 dynamics, computed by hand", () => {
    const env = new MountainCarContinuous();
    env.setState([-0.5, 0.01]);
    const r = env.step([0.7]);
    const velocity = 0.01 + 0.7 * 0.0015 - 0.0025 * Math.cos(3 * -0.5);
    const position = -0.5 + velocity;
    assert.deepEqual(Array.from(r.obs), [position, velocity]);
    assert.equal(r.reward, -(0.7 ** 2) * 0.1);
    assert.equal(r.terminated, false);
    assert.equal(r.info.success, false);
  });

  it("clips the force to [-1, 1] (the cost uses the raw action) and stops at the left wall", () => {
    const a = new MountainCarContinuous();
    const b = new MountainCarContinuous();
    a.setState([-1.19, -0.06]);
    b.setState([-1.19, -0.06]);
    const ra = a.step([-3]);
    const rb = b.step([-1]);
    assert.deepEqual(ra.obs, rb.obs);
    assert.deepEqual(Array.from(ra.obs), [-1.2, 0]);
    assert.equal(ra.reward, -(3 ** 2) * 0.1);
  });

  it("pays 100 and terminates with success at position >= 0.45", () => {
    const env = new MountainCarContinuous();
    env.setState([0.44, 0.03]);
    const r = env.step([0.5]);
    assert.ok(r.obs[0] >= 0.45);
    assert.equal(r.terminated, true);
    assert.equal(r.info.success, true);
    assert.equal(r.reward, 100 - 0.5 ** 2 * 0.1);
  });

  it("resets the position in [-0.6, -0.4] at rest, the same for the same seed", () => {
    const env = new MountainCarContinuous();
    for (let seed = 0; seed < 20; seed++) {
      const { obs } = env.reset({ seed });
      assert.ok(obs[0] >= -0.6 && obs[0] < -0.4);
      assert.equal(obs[1], 0);
    }
    assert.deepEqual(new MountainCarContinuous().reset({ seed: 3 }), env.reset({ seed: 3 }));
  });
});
