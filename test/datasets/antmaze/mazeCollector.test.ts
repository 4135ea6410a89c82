// The maze collector driven by the point-mass TEST DOUBLE (pointMassBody.ts; it tests the planner
// and the collector's bookkeeping, not the ant): goals are reached and re-drawn across each maze,
// time-outs fall every episodeSteps rows and terminals never, rewards are D4RL's relabelling to the
// evaluation goal, infos/goal follows the goals of the variant, and a seed fixes every row.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { collectMazeRollouts } from "../../../src/datasets/antmaze/mazeCollector.js";
import { mazeTask } from "../../../src/datasets/antmaze/mazeTasks.js";
import { cellAt, cellCenter, GOAL_RADIUS, isWall } from "../../../src/envs/antmaze/mazeGeometry.js";
import { MAZE_NAMES, type MazeName, mazeLayout } from "../../../src/envs/antmaze/mazeLayouts.js";
import { pointMassBody, proportionalFollower } from "./pointMassBody.js";

async function collect(maze: MazeName, variant: "diverse" | "play", seed = 1, actionNoise = 0) {
  const layout = mazeLayout(maze);
  const body = pointMassBody(layout);
  const rewardGoal = cellCenter(layout, layout.goal);
  const rollouts = await collectMazeRollouts({
    body,
    follower: proportionalFollower(),
    variant,
    size: 4000,
    seed,
    rewardGoal,
    episodeSteps: 500,
    actionNoise,
  });
  return { layout, body, rewardGoal, rollouts };
}

describe("maze collector (point-mass test double)", () => {
  for (const maze of MAZE_NAMES)
    for (const variant of ["diverse", "play"] as const)
      it(`${maze}-${variant}: reaches goal after goal without entering a wall`, async () => {
        const { layout, body, rewardGoal, rollouts: r } = await collect(maze, variant);
        // 8 episodes of 500 steps at <= 0.5 m per step: every goal of these mazes is within reach.
        assert.ok(r.goalsReached >= 8, `${r.goalsReached} goals reached`);
        assert.equal(r.goalsDrawn, 8 + r.goalsReached);
        assert.equal(body.env.blockedMoves, 0, "the planner never steers into a wall");
        const goalCells = new Set(mazeTask(layout, variant).goalCells.map((c) => `${c.row},${c.col}`));
        for (let i = 0; i < r.size; i++) {
          const x = r.nextObservations[2 * i];
          const y = r.nextObservations[2 * i + 1];
          assert.equal(isWall(layout, cellAt(layout, { x, y })), false);
          const g = cellAt(layout, { x: r.goals[2 * i], y: r.goals[2 * i + 1] });
          assert.ok(goalCells.has(`${g.row},${g.col}`), `row ${i}: goal cell ${g.row},${g.col}`);
          assert.equal(r.terminals[i], 0);
          assert.equal(r.timeouts[i], (i + 1) % 500 === 0 ? 1 : 0);
          const reached = Math.hypot(x - rewardGoal.x, y - rewardGoal.y) <= GOAL_RADIUS;
          assert.equal(r.rewards[i], reached ? 1 : 0);
        }
        assert.equal(r.episodeReturns.length, 8);
        assert.equal(r.unfinishedSteps, 0);
      });

  it("the next row starts where the last one ended, within an episode; the same seed gives the same rows", async () => {
    const a = await collect("medium", "diverse", 5, 0.2);
    const b = await collect("medium", "diverse", 5, 0.2);
    const c = await collect("medium", "diverse", 6, 0.2);
    assert.deepEqual(a.rollouts.observations, b.rollouts.observations);
    assert.deepEqual(a.rollouts.actions, b.rollouts.actions);
    assert.deepEqual(a.rollouts.goals, b.rollouts.goals);
    assert.notDeepEqual(a.rollouts.observations, c.rollouts.observations);
    const r = a.rollouts;
    for (let i = 1; i < r.size; i++)
      if (!r.timeouts[i - 1]) {
        assert.equal(r.observations[2 * i], r.nextObservations[2 * (i - 1)]);
        assert.equal(r.observations[2 * i + 1], r.nextObservations[2 * (i - 1) + 1]);
      }
    assert.ok(r.goalsReached >= 8, "noisy actions still reach goals");
    assert.ok(r.rewardRows > 0, "some rows are at the evaluation goal");
  });

  it("refuses a bad size or episode length", async () => {
    const layout = mazeLayout("umaze");
    const base = {
      body: pointMassBody(layout),
      follower: proportionalFollower(),
      variant: "diverse" as const,
      seed: 0,
      rewardGoal: { x: 0, y: 0 },
    };
    await assert.rejects(collectMazeRollouts({ ...base, size: 0 }), /size must be a positive integer/);
    await assert.rejects(
      collectMazeRollouts({ ...base, size: 10, episodeSteps: 0 }),
      /episode length must be a positive integer/,
    );
  });
});
