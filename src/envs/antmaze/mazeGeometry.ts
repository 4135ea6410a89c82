// Where the maze cells are in the world, as in D4RL's MazeEnv: cells are 4 m squares
// (maze_size_scaling 4) and the world is shifted so that the start cell's center is the origin.
import type { Rng } from "../../engine/rng.js";
import type { Cell, MazeLayout } from "./mazeLayouts.js";

/** Side of one maze cell in meters (D4RL's maze_size_scaling for AntMaze). */
export const CELL_SIZE = 4;
/** Height of the wall blocks in meters (D4RL's maze_height 0.5 times the scaling). */
export const WALL_HEIGHT = 2;
/** Reaching radius: within this distance (m) of the goal the ant has succeeded. */
export const GOAL_RADIUS = 0.5;

export interface Point2 {
  x: number;
  y: number;
}

export function cellCenter(layout: MazeLayout, cell: Cell): Point2 {
  return {
    x: (cell.col - layout.start.col) * CELL_SIZE,
    y: (cell.row - layout.start.row) * CELL_SIZE,
  };
}

/** The cell containing a point (cells may lie outside the grid for points outside the maze). */
export function cellAt(layout: MazeLayout, p: Point2): Cell {
  return {
    row: Math.floor(p.y / CELL_SIZE + 0.5) + layout.start.row,
    col: Math.floor(p.x / CELL_SIZE + 0.5) + layout.start.col,
  };
}

export function isWall(layout: MazeLayout, cell: Cell): boolean {
  if (cell.row < 0 || cell.row >= layout.rows || cell.col < 0 || cell.col >= layout.cols) return true;
  return layout.walls[cell.row][cell.col];
}

/**
 * An evaluation goal as D4RL's goal_sampler draws it (a new one at every reset, the v2
 * behaviour): the goal cell's center plus U(0, 1) plus U(0, 0.5) in each coordinate.
 */
export function sampleGoal(layout: MazeLayout, rng: Rng): Point2 {
  const c = cellCenter(layout, layout.goal);
  const x = c.x + rng.uniformIn(0, 0.25 * CELL_SIZE);
  const y = c.y + rng.uniformIn(0, 0.25 * CELL_SIZE);
  return { x: x + rng.uniformIn(0, 0.5) * 0.25 * CELL_SIZE, y: y + rng.uniformIn(0, 0.5) * 0.25 * CELL_SIZE };
}
