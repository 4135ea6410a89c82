import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AntMaze } from "../../src/envs/antmaze/antMazeEnv.js";
import { CELL_SIZE, cellAt, cellCenter, GOAL_RADIUS, isWall } from "../../src/envs/antmaze/mazeGeometry.js";
import { MAZE_NAMES, mazeLayout } from "../../src/envs/antmaze/mazeLayouts.js";
import { wallBoxes } from "../../src/envs/antmaze/wallBoxes.js";
import { makeEnv } from "../../src/envs/index.js";
import type { Env } from "../../src/envs/types.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";

const ZERO = new Float64Array(8);

function antOf(env: Env): AntMaze {
  const inner = unwrapEnv(env);
  assert.ok(inner instanceof AntMaze);
  return inner;
}

/** Puts the torso at (x, y) (height and joints as after reset) moving with (vx, vy). */
function place(ant: AntMaze, x: number, y: number, vx = 0, vy = 0): void {
  const qpos = ant.getQpos();
  const qvel = new Float64Array(14);
  qpos[0] = x;
  qpos[1] = y;
  qvel[0] = vx;
  qvel[1] = vy;
  ant.setQposQvel(qpos, qvel);
}

describe("maze layouts", () => {
  it("are D4RL's evaluation mazes: start, goal and sizes", () => {
    const expected = {
      umaze: {
        rows: 5,
        cols: 5,
        start: { row: 1, col: 1 },
        goal: { row: 3, col: 1 },
        goalXY: { x: 0, y: 8 },
      },
      medium: {
        rows: 8,
        cols: 8,
        start: { row: 1, col: 1 },
        goal: { row: 6, col: 6 },
        goalXY: { x: 20, y: 20 },
      },
      large: {
        rows: 9,
        cols: 12,
        start: { row: 1, col: 1 },
        goal: { row: 7, col: 9 },
        goalXY: { x: 32, y: 24 },
      },
    };
    for (const name of MAZE_NAMES) {
      const l = mazeLayout(name);
      const e = expected[name];
      assert.deepEqual(
        { rows: l.rows, cols: l.cols, start: l.start, goal: l.goal },
        {
          rows: e.rows,
          cols: e.cols,
          start: e.start,
          goal: e.goal,
        },
      );
      assert.deepEqual(cellCenter(l, l.start), { x: 0, y: 0 });
      assert.deepEqual(cellCenter(l, l.goal), e.goalXY);
      // Closed by walls all around.
      for (let c = 0; c < l.cols; c++) assert.ok(l.walls[0][c] && l.walls[l.rows - 1][c]);
      for (let r = 0; r < l.rows; r++) assert.ok(l.walls[r][0] && l.walls[r][l.cols - 1]);
    }
  });

  it("map points to the cells that contain them", () => {
    const l = mazeLayout("umaze");
    const goal = cellCenter(l, l.goal);
    assert.deepEqual(cellAt(l, goal), l.goal);
    // Cells are CELL_SIZE squares centred on cellCenter: just inside and just outside the edge.
    const edge = CELL_SIZE / 2;
    assert.deepEqual(cellAt(l, { x: goal.x + edge - 1e-9, y: goal.y }), l.goal);
    assert.deepEqual(cellAt(l, { x: goal.x + edge + 1e-9, y: goal.y }), {
      row: l.goal.row,
      col: l.goal.col + 1,
    });
    assert.equal(isWall(l, { row: 2, col: 1 }), true);
    assert.equal(isWall(l, { row: 1, col: 2 }), false);
    assert.equal(isWall(l, { row: -1, col: 2 }), true, "outside the grid counts as wall");
  });

  it("wall boxes cover exactly the wall cells, each once", () => {
    for (const name of MAZE_NAMES) {
      const l = mazeLayout(name);
      const count = l.walls.map((row) => row.map(() => 0));
      for (const b of wallBoxes(l))
        for (let r = b.firstRow; r <= b.lastRow; r++)
          for (let c = b.firstCol; c <= b.lastCol; c++) count[r][c]++;
      for (let r = 0; r < l.rows; r++)
        for (let c = 0; c < l.cols; c++)
          assert.equal(count[r][c], l.walls[r][c] ? 1 : 0, `${name} cell ${r},${c}`);
    }
  });
});

describe("AntMaze envs", () => {
  const envs = new Map<string, Env>();
  before(async () => {
    for (const name of MAZE_NAMES) envs.set(name, await makeEnv(`antmaze-${name}`));
  });
  after(() => {
    for (const env of envs.values()) env.close();
  });

  it("observe qpos[:15] + qvel[:14] = 29 numbers, act in [-1, 1]^8, with D4RL's time limits", () => {
    const limits = { umaze: 700, medium: 1000, large: 1000 };
    for (const name of MAZE_NAMES) {
      const env = envs.get(name)!;
      const { obs } = env.reset({ seed: 3 });
      assert.equal(obs.length, 29);
      assert.deepEqual(env.observationSpace.shape, [29]);
      assert.deepEqual([...env.actionSpace.low], new Array(8).fill(-1));
      assert.deepEqual([...env.actionSpace.high], new Array(8).fill(1));
      assert.equal(env.maxEpisodeSteps, limits[name]);
      const ant = antOf(env);
      assert.deepEqual([...obs.subarray(0, 15)], [...ant.getQpos()]);
      assert.deepEqual([...obs.subarray(15)], [...ant.getQvel()]);
    }
  });

  it("start in the start cell near the origin with D4RL's reset noise, goal drawn in the goal cell", () => {
    for (const name of MAZE_NAMES) {
      const env = envs.get(name)!;
      const ant = antOf(env);
      for (const seed of [0, 1, 2]) {
        const { obs, info } = env.reset({ seed });
        assert.ok(
          Math.abs(obs[0]) <= 0.1 && Math.abs(obs[1]) <= 0.1,
          `${name}: start (${obs[0]}, ${obs[1]})`,
        );
        assert.ok(Math.abs(obs[2] - 0.75) <= 0.1, `${name}: torso height ${obs[2]}`);
        assert.deepEqual(cellAt(ant.layout, { x: obs[0], y: obs[1] }), ant.layout.start);
        // Goal: the goal cell's center plus U(0, 1) + U(0, 0.5) per coordinate (D4RL's goal_sampler).
        const center = cellCenter(ant.layout, ant.layout.goal);
        const goal = ant.goal;
        assert.deepEqual(info.goal, [goal.x, goal.y]);
        for (const d of [goal.x - center.x, goal.y - center.y])
          assert.ok(d >= 0 && d <= 1.5, `${name}: offset ${d}`);
      }
      // Same seed, same episode start.
      const a = env.reset({ seed: 9 });
      const b = env.reset({ seed: 9 });
      assert.deepEqual([...a.obs], [...b.obs]);
      assert.deepEqual(a.info, b.info);
    }
  });

  it("walls stop the ant: thrown at a wall it stays out, thrown down the corridor it travels", () => {
    const env = envs.get("umaze")!;
    const ant = antOf(env);
    // From the start cell, +y hits the wall cell (row 2, col 1) whose face is at y = 2.
    env.reset({ seed: 0 });
    place(ant, 0, 0, 0, 10);
    let maxY = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < 15; t++) {
      env.step(ZERO);
      maxY = Math.max(maxY, ant.position().y);
    }
    assert.ok(maxY < 2 - 0.25, `torso reached y = ${maxY}, inside the wall`);
    // The same throw along the free corridor (+x) carries the ant well past 2 m.
    env.reset({ seed: 0 });
    place(ant, 0, 0, 10, 0);
    let maxX = Number.NEGATIVE_INFINITY;
    for (let t = 0; t < 15; t++) {
      env.step(ZERO);
      maxX = Math.max(maxX, ant.position().x);
    }
    assert.ok(maxX > 4, `the ant went only to x = ${maxX} in the open`);
  });

  it("pay 1 and report success within 0.5 m of the goal, and end the episode there", async () => {
    for (const name of MAZE_NAMES) {
      const env = envs.get(name)!;
      const ant = antOf(env);
      env.reset({ seed: 4 });
      const away = env.step(ZERO);
      assert.equal(away.reward, 0);
      assert.equal(away.info.success, false);
      assert.equal(away.terminated, false);
      const goal = ant.goal;
      place(ant, goal.x, goal.y);
      const there = env.step(ZERO);
      assert.ok((there.info.goalDistance as number) <= GOAL_RADIUS);
      assert.equal(there.reward, 1);
      assert.equal(there.info.success, true);
      assert.equal(there.terminated, true);
    }
    // Without termination at the goal the episode goes on, still rewarded.
    const { loadMujoco } = await import("../../src/envs/mujoco/mujocoModule.js");
    const free = new AntMaze(await loadMujoco(), { maze: "umaze", terminateAtGoal: false });
    try {
      free.reset({ seed: 4 });
      place(free, free.goal.x, free.goal.y);
      const r = free.step(ZERO);
      assert.equal(r.reward, 1);
      assert.equal(r.terminated, false);
    } finally {
      free.close();
    }
  });

  it("carry the goal in getState / setState", () => {
    const env = envs.get("medium")!;
    const ant = antOf(env);
    env.reset({ seed: 5 });
    const state = ant.getState();
    const goal = ant.goal;
    env.reset({ seed: 6 });
    assert.notDeepEqual(ant.goal, goal);
    ant.setState(state);
    assert.deepEqual(ant.goal, goal);
  });

  it("truncate umaze episodes at 700 steps (the ant alone never terminates)", () => {
    const env = envs.get("umaze")!;
    env.reset({ seed: 1 });
    let steps = 0;
    for (;;) {
      const r = env.step(ZERO);
      steps++;
      assert.equal(r.terminated, false);
      if (r.truncated) break;
    }
    assert.equal(steps, 700);
  });
});
