import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { makeEnv } from "../../src/envs/index.js";
import type { LocomotionEnv } from "../../src/envs/mujoco/locomotionEnv.js";
import { makeRobot, randomActions, robotIds, sumOfSquares } from "./mujocoTestUtils.js";

const open: { close(): void }[] = [];
after(() => {
  for (const env of open) env.close();
});
async function robot(id: (typeof robotIds)[number]): Promise<LocomotionEnv> {
  const env = await makeRobot(id);
  open.push(env);
  return env;
}

/** The v4 facts per robot (reference/environments.md). */
const facts = {
  hopper: { obs: 11, act: 3, dt: 0.008, ctrl: 1e-3, healthy: 1, clip: 10, qposFrom: 1 },
  walker2d: { obs: 17, act: 6, dt: 0.008, ctrl: 1e-3, healthy: 1, clip: 10, qposFrom: 1 },
  halfcheetah: {
    obs: 17,
    act: 6,
    dt: 0.05,
    ctrl: 0.1,
    healthy: 0,
    clip: Number.POSITIVE_INFINITY,
    qposFrom: 1,
  },
  ant: { obs: 27, act: 8, dt: 0.05, ctrl: 0.5, healthy: 1, clip: Number.POSITIVE_INFINITY, qposFrom: 2 },
};

describe("MuJoCo locomotion envs (v4 facts)", () => {
  for (const id of robotIds) {
    const f = facts[id];

    it(`${id}: sizes, action box [-1, 1] and env dt`, async () => {
      const env = await robot(id);
      assert.deepEqual(env.observationSpace.shape, [f.obs]);
      assert.deepEqual(Array.from(env.actionSpace.low), new Array(f.act).fill(-1));
      assert.deepEqual(Array.from(env.actionSpace.high), new Array(f.act).fill(1));
      assert.ok(Math.abs(env.dt - f.dt) < 1e-15);
    });

    it(`${id}: observation = qpos[${f.qposFrom}:] + ${f.clip === 10 ? "clip(qvel, +-10)" : "qvel"}`, async () => {
      const env = await robot(id);
      env.reset({ seed: 1 });
      const actions = randomActions(f.act, 5, 2);
      let obs = env.step(actions[0]).obs;
      for (const a of actions.slice(1)) obs = env.step(a).obs;
      const qpos = env.getQpos();
      const qvel = env.getQvel();
      const clip = (v: number) => Math.min(Math.max(v, -f.clip), f.clip);
      assert.deepEqual(obs, Float64Array.from([...qpos.subarray(f.qposFrom), ...qvel.map(clip)]));
      // Drive a velocity past 10: the observation clips it only for hopper and walker2d.
      qvel[3] = 50;
      qvel[4] = -60;
      env.setQposQvel(qpos, qvel);
      const seen = env.currentObservation();
      const offset = qpos.length - f.qposFrom;
      assert.equal(seen[offset + 3], Math.min(50, f.clip));
      assert.equal(seen[offset + 4], Math.max(-60, -f.clip));
    });

    it(`${id}: reward = dx/dt + ${f.healthy} - ${f.ctrl} sum(a^2), with info terms`, async () => {
      const env = await robot(id);
      env.reset({ seed: 3 });
      // Ant's x is the torso body's position in data.xpos (v4's get_body_com); the others' is qpos[0].
      const x = () => (id === "ant" ? (env.data.xpos as Float64Array)[3] : env.getQpos()[0]);
      for (const a of randomActions(f.act, 30, 4)) {
        const before = x();
        const r = env.step(a);
        const after = x();
        const forward = (after - before) / env.dt;
        const expected = forward + f.healthy - f.ctrl * sumOfSquares(a);
        assert.ok(Math.abs(r.reward - expected) < 1e-9, `${r.reward} vs ${expected}`);
        assert.equal(r.info.xPosition, after);
        assert.ok(Math.abs((r.info.xVelocity as number) - forward) < 1e-12);
        assert.ok(Math.abs((r.info.rewardCtrl as number) + f.ctrl * sumOfSquares(a)) < 1e-15);
        assert.equal(r.info.rewardSurvive, f.healthy);
        if (r.terminated) env.reset();
      }
    });

    it(`${id}: the same seed gives a bit-identical episode, another seed a different one`, async () => {
      const a = await robot(id);
      const b = await robot(id);
      const actions = randomActions(f.act, 100, 5);
      const run = (env: LocomotionEnv, seed: number) => {
        const out = [env.reset({ seed }).obs];
        for (const act of actions) {
          const r = env.step(act);
          out.push(r.obs, Float64Array.of(r.reward, Number(r.terminated)));
          if (r.terminated) out.push(env.reset().obs);
        }
        return out;
      };
      const first = run(a, 11);
      assert.deepEqual(run(b, 11), first);
      assert.notDeepEqual(run(b, 12)[0], first[0]);
      // Without a seed, reset continues the stream: two envs seeded alike stay alike.
      a.reset({ seed: 20 });
      b.reset({ seed: 20 });
      assert.deepEqual(a.reset().obs, b.reset().obs);
    });

    it(`${id}: getState / setState continue bit for bit, also in another env`, async () => {
      const a = await robot(id);
      const b = await robot(id);
      const actions = randomActions(f.act, 60, 6, 0.5);
      a.reset({ seed: 8 });
      for (const act of actions.slice(0, 25)) a.step(act);
      const snapshot = a.getState();
      assert.equal(snapshot.length, a.stateSize);
      const original = actions.slice(25).map((act) => a.step(act));
      b.reset({ seed: 99 });
      b.setState(snapshot);
      assert.deepEqual(
        actions.slice(25).map((act) => b.step(act)),
        original,
      );
      a.setState(snapshot);
      assert.deepEqual(a.getState(), snapshot);
      assert.throws(
        () => a.setState(snapshot.subarray(1)),
        new RegExp(`${id}: a state must have ${a.stateSize} numbers`),
      );
    });

    it(`${id}: refuses bad actions, naming the env and the shape`, async () => {
      const env = await robot(id);
      assert.throws(
        () => env.step(new Float64Array(f.act)),
        new RegExp(`${id}: call reset\\(\\) before step\\(\\)`),
      );
      env.reset({ seed: 0 });
      assert.throws(
        () => env.step(new Float64Array(f.act + 1)),
        new RegExp(`^Error: ${id}: an action must have shape \\[${f.act}\\], got ${f.act + 1} numbers`),
      );
      const nan = new Float64Array(f.act);
      nan[1] = Number.NaN;
      assert.throws(
        () => env.step(nan),
        new RegExp(`${id}: an action must have shape \\[${f.act}\\] with finite numbers, got NaN at index 1`),
      );
    });
  }
});

describe("reset noise", () => {
  it("hopper and walker2d: qpos0 + U(+-5e-3), qvel U(+-5e-3)", async () => {
    for (const id of ["hopper", "walker2d"] as const) {
      const env = await robot(id);
      const qpos0 = Float64Array.from(env.model.qpos0 as Float64Array);
      assert.equal(qpos0[1], 1.25); // rootz starts at the torso height
      for (let seed = 0; seed < 20; seed++) {
        env.reset({ seed });
        const dq = env.getQpos().map((q, i) => q - qpos0[i]);
        assert.ok(dq.every((d) => Math.abs(d) <= 5e-3) && env.getQvel().every((v) => Math.abs(v) <= 5e-3));
      }
    }
  });

  it("halfcheetah and ant: qpos0 + U(+-0.1), qvel 0.1 N(0, 1)", async () => {
    for (const id of ["halfcheetah", "ant"] as const) {
      const env = await robot(id);
      const qpos0 = Float64Array.from(env.model.qpos0 as Float64Array);
      const velocities: number[] = [];
      for (let seed = 0; seed < 40; seed++) {
        env.reset({ seed });
        assert.ok(env.getQpos().every((q, i) => Math.abs(q - qpos0[i]) <= 0.1));
        velocities.push(...env.getQvel());
      }
      const std = Math.sqrt(sumOfSquares(velocities) / velocities.length);
      assert.ok(std > 0.085 && std < 0.115, `qvel std ${std}`);
      assert.ok(
        velocities.some((v) => Math.abs(v) > 0.1),
        "gaussian, not bounded by the scale",
      );
    }
    const ant = await robot("ant");
    assert.equal((ant.model.qpos0 as Float64Array)[2], 0.75);
  });
});

describe("termination rules", () => {
  /** Puts env in the state given by edits of a fresh reset state. */
  async function withState(
    id: (typeof robotIds)[number],
    edit: (qpos: Float64Array, qvel: Float64Array) => void,
  ): Promise<LocomotionEnv> {
    const env = await robot(id);
    env.reset({ seed: 0 });
    const qpos = env.getQpos();
    const qvel = env.getQvel();
    edit(qpos, qvel);
    env.setQposQvel(qpos, qvel);
    return env;
  }

  it("hopper: healthy iff z > 0.7, |angle| < 0.2 and (qpos, qvel)[2:] in (-100, 100)", async () => {
    const cases: [string, (q: Float64Array, v: Float64Array) => void, boolean][] = [
      ["reset", () => {}, true],
      ["z 0.71", (q) => (q[1] = 0.71), true],
      ["z 0.7", (q) => (q[1] = 0.7), false],
      ["angle 0.19", (q) => (q[2] = 0.19), true],
      ["angle 0.2", (q) => (q[2] = 0.2), false],
      ["angle -0.2", (q) => (q[2] = -0.2), false],
      ["qvel 99", (_, v) => (v[5] = 99), true],
      ["qvel 100", (_, v) => (v[5] = 100), false],
      ["qvel[1] -100 (rootz velocity, included)", (_, v) => (v[1] = -100), false],
      ["qvel[0] 500 (rootx velocity, included)", (_, v) => (v[0] = 500), false],
      ["qpos[0] 500 (x, excluded)", (q) => (q[0] = 500), true],
      ["qpos[1] 150 (z, excluded)", (q) => (q[1] = 150), true],
    ];
    for (const [name, edit, healthy] of cases)
      assert.equal((await withState("hopper", edit)).isHealthy(), healthy, name);
    const tilted = await withState("hopper", (q) => (q[2] = 0.5));
    assert.equal(tilted.step([0, 0, 0]).terminated, true);
  });

  it("walker2d: healthy iff 0.8 < z < 2 and |angle| < 1", async () => {
    const cases: [string, (q: Float64Array) => void, boolean][] = [
      ["reset", () => {}, true],
      ["z 0.8", (q) => (q[1] = 0.8), false],
      ["z 0.81", (q) => (q[1] = 0.81), true],
      ["z 2", (q) => (q[1] = 2), false],
      ["angle 0.99", (q) => (q[2] = 0.99), true],
      ["angle -1", (q) => (q[2] = -1), false],
    ];
    for (const [name, edit, healthy] of cases)
      assert.equal((await withState("walker2d", edit)).isHealthy(), healthy, name);
    const flying = await withState("walker2d", (q) => (q[1] = 2.5));
    assert.equal(flying.step(new Float64Array(6)).terminated, true);
  });

  it("ant: healthy iff the state is finite and 0.2 <= torso z <= 1", async () => {
    const cases: [string, (q: Float64Array, v: Float64Array) => void, boolean][] = [
      ["reset", () => {}, true],
      ["z 0.2", (q) => (q[2] = 0.2), true],
      ["z 0.19", (q) => (q[2] = 0.19), false],
      ["z 1", (q) => (q[2] = 1), true],
      ["z 1.01", (q) => (q[2] = 1.01), false],
      ["infinite qvel", (_, v) => (v[7] = Number.POSITIVE_INFINITY), false],
    ];
    for (const [name, edit, healthy] of cases)
      assert.equal((await withState("ant", edit)).isHealthy(), healthy, name);
    const flying = await withState("ant", (q) => (q[2] = 1.5));
    assert.equal(flying.step(new Float64Array(8)).terminated, true);
  });

  it("halfcheetah never terminates, even upside down in the air", async () => {
    const env = await withState("halfcheetah", (q) => {
      q[1] = 5;
      q[2] = Math.PI;
    });
    for (const a of randomActions(6, 20, 1)) assert.equal(env.step(a).terminated, false);
  });
});

describe("time limit", () => {
  it("makeEnv truncates the locomotion envs at 1000 steps", async () => {
    const env = await makeEnv("halfcheetah");
    open.push(env);
    assert.equal(env.maxEpisodeSteps, 1000);
    env.reset({ seed: 0 });
    const zero = new Float64Array(6);
    for (let t = 1; t < 1000; t++) assert.equal(env.step(zero).truncated, false);
    const last = env.step(zero);
    assert.equal(last.truncated, true);
    assert.equal(last.terminated, false);
  });
});
