// The AntMaze planner: shortest grid paths (checked against an independent Floyd-Warshall table on
// every layout), paths and waypoints that never enter or cut through a wall, and the variants'
// start and goal cells.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freeCells, MazePlanner } from "../../../src/datasets/antmaze/mazePlanner.js";
import {
  mazeTask,
  PLAY_GOAL_CELLS,
  sampleGoalPoint,
  sampleStartPoint,
} from "../../../src/datasets/antmaze/mazeTasks.js";
import { Rng } from "../../../src/engine/rng.js";
import {
  CELL_SIZE,
  cellAt,
  cellCenter,
  isWall,
  type Point2,
} from "../../../src/envs/antmaze/mazeGeometry.js";
import { type Cell, MAZE_NAMES, type MazeLayout, mazeLayout } from "../../../src/envs/antmaze/mazeLayouts.js";

/** All-pairs shortest move counts over free cells by Floyd-Warshall (independent of the BFS). */
function floydWarshall(layout: MazeLayout): { cells: Cell[]; dist: number[][] } {
  const cells = freeCells(layout);
  const n = cells.length;
  const dist = cells.map((a, i) =>
    cells.map((b, j) =>
      i === j ? 0 : Math.abs(a.row - b.row) + Math.abs(a.col - b.col) === 1 ? 1 : Infinity,
    ),
  );
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (dist[i][k] + dist[k][j] < dist[i][j]) dist[i][j] = dist[i][k] + dist[k][j];
  return { cells, dist };
}

function segmentStaysFree(layout: MazeLayout, a: Point2, b: Point2): boolean {
  const samples = 64;
  for (let s = 0; s <= samples; s++) {
    const t = s / samples;
    if (isWall(layout, cellAt(layout, { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) }))) return false;
  }
  return true;
}

describe("maze planner", () => {
  it("umaze: the start-to-goal path goes around the wall in 6 moves", () => {
    const layout = mazeLayout("umaze");
    const path = new MazePlanner(layout).path(layout.start, layout.goal);
    assert.deepEqual(
      path.map((c) => [c.row, c.col]),
      [
        [1, 1],
        [1, 2],
        [1, 3],
        [2, 3],
        [3, 3],
        [3, 2],
        [3, 1],
      ],
    );
  });

  for (const name of MAZE_NAMES)
    it(`${name}: shortest paths between every pair of free cells, through free neighbours only`, () => {
      const layout = mazeLayout(name);
      const planner = new MazePlanner(layout);
      const { cells, dist } = floydWarshall(layout);
      for (let i = 0; i < cells.length; i++)
        for (let j = 0; j < cells.length; j++) {
          assert.ok(Number.isFinite(dist[i][j]), `${name} is connected`);
          assert.equal(planner.pathLength(cells[i], cells[j]), dist[i][j]);
          const path = planner.path(cells[i], cells[j]);
          assert.equal(path.length - 1, dist[i][j]);
          for (let k = 0; k < path.length; k++) {
            assert.equal(isWall(layout, path[k]), false, "no path cell is a wall");
            if (k > 0)
              assert.equal(
                Math.abs(path[k].row - path[k - 1].row) + Math.abs(path[k].col - path[k - 1].col),
                1,
                "consecutive cells are neighbours",
              );
          }
        }
    });

  for (const name of MAZE_NAMES)
    it(`${name}: following waypoints from any point reaches any goal without crossing a wall`, () => {
      const layout = mazeLayout(name);
      const planner = new MazePlanner(layout);
      const rng = new Rng(7);
      const cells = freeCells(layout);
      for (let trial = 0; trial < 40; trial++) {
        const from = cells[rng.int(cells.length)];
        const c = cellCenter(layout, from);
        // Anywhere in the cell, up to 0.3 m from its walls.
        let p = { x: c.x + rng.uniformIn(-1.7, 1.7), y: c.y + rng.uniformIn(-1.7, 1.7) };
        const task = mazeTask(layout, "diverse");
        const goal = sampleGoalPoint(layout, task, rng);
        // Jump to each waypoint in turn: it must be reachable in a straight line through free cells.
        for (let hop = 0; hop < 60 && (p.x !== goal.x || p.y !== goal.y); hop++) {
          const w = planner.waypoint(p, goal, rng);
          assert.ok(
            segmentStaysFree(layout, p, w),
            `${name}: (${p.x}, ${p.y}) -> (${w.x}, ${w.y}) crosses a wall`,
          );
          p = w;
        }
        assert.deepEqual(p, goal, "the last waypoint is the goal itself");
      }
    });

  it("a position inside a wall counts as the nearest free cell; a wall goal is refused", () => {
    const layout = mazeLayout("umaze");
    const planner = new MazePlanner(layout);
    // The wall block (row 2, column 1) lies between (1, 1) and (3, 1); a point just inside its top edge.
    const p = cellCenter(layout, { row: 2, col: 1 });
    assert.deepEqual(planner.cellOf({ x: p.x, y: p.y - CELL_SIZE / 2 + 0.1 }), { row: 1, col: 1 });
    assert.throws(
      () => planner.pathLength({ row: 1, col: 1 }, { row: 2, col: 1 }),
      /is a wall or outside it/,
    );
  });

  it("waypoints are the next cell's center plus U(0, 1) in x and y", () => {
    const layout = mazeLayout("medium");
    const planner = new MazePlanner(layout);
    const rng = new Rng(3);
    const goal = cellCenter(layout, layout.goal);
    const here = cellCenter(layout, layout.start);
    const next = cellCenter(layout, planner.nextCell(layout.start, layout.goal));
    for (let i = 0; i < 50; i++) {
      const w = planner.waypoint(here, goal, rng);
      assert.ok(w.x >= next.x && w.x < next.x + 1 && w.y >= next.y && w.y < next.y + 1);
    }
  });
});

describe("maze tasks", () => {
  for (const name of MAZE_NAMES)
    it(`${name}: play goals are D4RL's free goal cells, starts avoid them; diverse uses every free cell`, () => {
      const layout = mazeLayout(name);
      const rng = new Rng(11);
      const play = mazeTask(layout, "play");
      const diverse = mazeTask(layout, "diverse");
      assert.deepEqual(play.goalCells, PLAY_GOAL_CELLS[name]);
      for (const c of play.goalCells) assert.equal(isWall(layout, c), false);
      assert.equal(play.startCells.length, freeCells(layout).length - play.goalCells.length);
      assert.equal(diverse.goalCells.length, freeCells(layout).length);
      const key = (c: Cell) => `${c.row},${c.col}`;
      const playGoals = new Set(play.goalCells.map(key));
      for (let i = 0; i < 100; i++) {
        const g = cellAt(layout, sampleGoalPoint(layout, play, rng));
        assert.ok(playGoals.has(key(g)), `play goal cell ${key(g)}`);
        const s = cellAt(layout, sampleStartPoint(layout, play, rng));
        assert.ok(!playGoals.has(key(s)) && !isWall(layout, s), `play start cell ${key(s)}`);
        assert.equal(isWall(layout, cellAt(layout, sampleGoalPoint(layout, diverse, rng))), false);
      }
    });
  it("the umaze's play goal is its evaluation goal cell", () => {
    const layout = mazeLayout("umaze");
    assert.deepEqual(PLAY_GOAL_CELLS.umaze, [layout.goal]);
  });
});
