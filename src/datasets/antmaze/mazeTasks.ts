// Where the AntMaze data collector starts the ant and which goals it sends it to, per dataset
// variant (D4RL's antmaze-*-diverse and antmaze-*-play, scripts/generation/generate_ant_maze_datasets.py
// with --multi_start, on the maps of d4rl/locomotion/maze_env.py):
//   diverse  goals in any free cell (D4RL's goal_sampler on a map without goal cells), starts in any
//            free cell;
//   play     goals only in D4RL's hand-picked goal cells (the "g" cells of its generation maps
//            U_MAZE, BIG_MAZE, HARDEST_MAZE, whose walls are those of our layouts), starts in any
//            free cell that is not one of them (D4RL's _get_reset_location counts goal cells as walls).
// D4RL has no antmaze-umaze-play (its plain antmaze-umaze starts at the start cell and always heads
// for the single goal cell); our umaze-play is the play rule applied to umaze, whose only
// hand-picked goal cell is the evaluation goal's.
//
// A goal is drawn in its cell as D4RL's goal_sampler does (mazeGeometry.sampleGoal: center plus
// U(0, 1) plus U(0, 0.5) in each coordinate); a start is the cell's center plus U(0, 1) in each
// coordinate (D4RL's reset location: U(0, 0.5) * 0.5 * 4).
import type { Rng } from "../../engine/rng.js";
import { CELL_SIZE, cellCenter, type Point2, sampleGoal } from "../../envs/antmaze/mazeGeometry.js";
import type { Cell, MazeLayout, MazeName } from "../../envs/antmaze/mazeLayouts.js";
import { freeCells, sameCell } from "./mazePlanner.js";

export const ANTMAZE_VARIANTS = ["diverse", "play"] as const;
export type AntMazeVariant = (typeof ANTMAZE_VARIANTS)[number];

/** The "g" cells (row, column) of D4RL's generation maps U_MAZE, BIG_MAZE and HARDEST_MAZE. */
export const PLAY_GOAL_CELLS: Readonly<Record<MazeName, readonly Cell[]>> = {
  umaze: [{ row: 3, col: 1 }],
  medium: [
    { row: 2, col: 6 },
    { row: 5, col: 1 },
    { row: 6, col: 5 },
  ],
  large: [
    { row: 1, col: 6 },
    { row: 3, col: 5 },
    { row: 3, col: 10 },
    { row: 5, col: 2 },
    { row: 7, col: 4 },
    { row: 7, col: 6 },
    { row: 7, col: 9 },
  ],
};

/** Spread of a start position in its cell: U(0, 1) m in x and y. */
const START_SPREAD = CELL_SIZE / 4;

export interface MazeTask {
  readonly variant: AntMazeVariant;
  readonly goalCells: readonly Cell[];
  readonly startCells: readonly Cell[];
}

export function mazeTask(layout: MazeLayout, variant: AntMazeVariant): MazeTask {
  const free = freeCells(layout);
  if (variant === "diverse") return { variant, goalCells: free, startCells: free };
  const goals = PLAY_GOAL_CELLS[layout.name];
  return {
    variant,
    goalCells: goals,
    startCells: free.filter((c) => !goals.some((g) => sameCell(g, c))),
  };
}

export function sampleGoalPoint(layout: MazeLayout, task: MazeTask, rng: Rng): Point2 {
  const cell = task.goalCells[rng.int(task.goalCells.length)];
  return sampleGoal({ ...layout, goal: cell }, rng);
}

export function sampleStartPoint(layout: MazeLayout, task: MazeTask, rng: Rng): Point2 {
  const c = cellCenter(layout, task.startCells[rng.int(task.startCells.length)]);
  return { x: c.x + rng.uniformIn(0, START_SPREAD), y: c.y + rng.uniformIn(0, START_SPREAD) };
}
