// The goal-reaching walking task: observation layout (the ant's own numbers, then the goal in the
// heading frame, capped), the reward recomputed by hand from the positions before and after, a
// goal re-drawn on reaching it, and the AntMaze ant's physics (same model, no walls).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AntWalkingEnv,
  antWalkingXml,
  DEFAULT_ANT_WALKING_TASK,
} from "../../../src/datasets/antmaze/antWalkingEnv.js";
import {
  goalInHeadingFrame,
  writeWalkerObservation,
  yawOf,
} from "../../../src/datasets/antmaze/walkerObservation.js";
import { Rng } from "../../../src/engine/rng.js";
import { AntMaze } from "../../../src/envs/antmaze/antMazeEnv.js";
import { loadMujoco, type Mujoco } from "../../../src/envs/mujoco/mujocoModule.js";

let mj: Mujoco;
before(async () => {
  mj = await loadMujoco();
});

const envs: { close(): void }[] = [];
after(() => {
  for (const e of envs) e.close();
});

function walkingEnv(): AntWalkingEnv {
  const env = new AntWalkingEnv(mj);
  envs.push(env);
  return env;
}

/** A quaternion (w, x, y, z) turning by `yaw` about +z. */
function yawQuaternion(yaw: number): number[] {
  return [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)];
}

describe("walker observation", () => {
  it("turns the goal offset into the heading frame and caps its length", () => {
    for (const yaw of [0, 0.7, -2.5, Math.PI / 2]) {
      const [w, x, y, z] = yawQuaternion(yaw);
      assert.ok(Math.abs(yawOf(w, x, y, z) - yaw) < 1e-12);
    }
    const state = new Float64Array(29);
    state.set([1, 2, 0.7, ...yawQuaternion(Math.PI / 2)]);
    // Facing +y: a goal 2 m further along +y is straight ahead, one along +x is to the right.
    const ahead = goalInHeadingFrame(state, { x: 1, y: 4 }, 5);
    assert.ok(Math.abs(ahead.x - 2) < 1e-12 && Math.abs(ahead.y) < 1e-12);
    const right = goalInHeadingFrame(state, { x: 4, y: 2 }, 5);
    assert.ok(Math.abs(right.x) < 1e-12 && Math.abs(right.y + 3) < 1e-12);
    const far = goalInHeadingFrame(state, { x: 1, y: 102 }, 5);
    assert.ok(Math.abs(far.x - 5) < 1e-12, "capped at maxDistance");
    for (let i = 0; i < 29; i++) state[i] = i === 3 ? 1 : i >= 4 && i <= 6 ? 0 : i + 0.5;
    const out = writeWalkerObservation(state, { x: 0, y: 0 }, 5, new Float64Array(29));
    assert.deepEqual(Array.from(out.subarray(0, 27)), Array.from(state.subarray(2)));
    assert.throws(() => writeWalkerObservation(new Float64Array(27), { x: 0, y: 0 }, 5, out), /29 numbers/);
  });
});

describe("ant walking env", () => {
  it("is the AntMaze ant without walls", () => {
    const xml = antWalkingXml();
    assert.ok(!xml.includes("wall_"), "no wall geoms");
    const env = walkingEnv();
    const maze = new AntMaze(mj, { maze: "umaze" });
    envs.push(maze);
    assert.equal(env.model.nq, 15);
    assert.equal(env.model.nv, 14);
    assert.equal(env.dt, maze.dt);
    assert.equal(env.observationSpace.low.length, 29);
    assert.deepEqual(Array.from(env.actionSpace.high), new Array(8).fill(1));
  });

  it("rewards progress toward the goal minus the control cost, and re-draws a reached goal", () => {
    const env = walkingEnv();
    let { obs } = env.reset({ seed: 3 });
    const rng = new Rng(1);
    let before = env.position();
    const goal = env.goal;
    const d0 = Math.hypot(goal.x - before.x, goal.y - before.y);
    assert.ok(
      d0 >= DEFAULT_ANT_WALKING_TASK.minGoalDistance - 0.2 &&
        d0 <= DEFAULT_ANT_WALKING_TASK.maxGoalDistance + 0.2,
    );
    for (let t = 0; t < 20; t++) {
      const a = Array.from({ length: 8 }, () => rng.uniformIn(-1, 1));
      const g = env.goal;
      const r = env.step(a);
      const after = env.position();
      const dBefore = Math.hypot(g.x - before.x, g.y - before.y);
      const dAfter = Math.hypot(g.x - after.x, g.y - after.y);
      const cost = DEFAULT_ANT_WALKING_TASK.ctrlCostWeight * a.reduce((s, x) => s + x * x, 0);
      assert.ok(Math.abs(r.reward - ((dBefore - dAfter) / env.dt - cost)) < 1e-9, `step ${t}`);
      assert.equal(r.terminated, false);
      const expected = goalInHeadingFrame(stateOf(env), env.goal, DEFAULT_ANT_WALKING_TASK.maxGoalDistance);
      assert.ok(Math.abs(r.obs[27] - expected.x) < 1e-12 && Math.abs(r.obs[28] - expected.y) < 1e-12);
      before = after;
      obs = r.obs;
    }
    assert.equal(obs.length, 29);
    // Put the goal 0.1 m from the torso (the goal is part of the saved state): the next step reaches it.
    const state = env.getState();
    const p = env.position();
    state[state.length - 3] = p.x + 0.1;
    state[state.length - 2] = p.y;
    env.setState(state);
    const r = env.step(new Array(8).fill(0));
    assert.equal(r.info.success, true);
    assert.equal(r.info.goalsReached, 1);
    const g = env.goal;
    assert.ok(Math.hypot(g.x - p.x, g.y - p.y) > 0.5, "a new goal was drawn");
  });
});

function stateOf(env: AntWalkingEnv): Float64Array {
  const s = new Float64Array(29);
  s.set(env.getQpos());
  s.set(env.getQvel(), 15);
  return s;
}
