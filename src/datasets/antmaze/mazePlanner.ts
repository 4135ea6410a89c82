// Shortest paths on an AntMaze grid, the high-level half of D4RL's AntMaze data collector
// (d4rl/locomotion/maze_env.py, create_navigation_policy): a breadth-first search over free cells
// with 4-neighbour moves gives, from the cell the ant is in, the next cell on a shortest path to the
// goal's cell; the ant is then told to walk to a point in that cell (the waypoint), or to the goal
// itself once the next cell is the goal's.
//
// Two deliberate differences from D4RL's code:
//   - the ant's cell is the one containing its torso (mazeGeometry.cellAt); D4RL's _xy_to_rowcol
//     truncates and so uses cells shifted by half a cell;
//   - a position inside a wall block or outside the grid (the torso pressed into a wall) counts as
//     the nearest free cell instead of failing.
// The straight line from any point of a cell to any point of an adjacent free cell stays inside
// the two cells (their union is a rectangle), so following waypoints never cuts through a wall.
import type { Rng } from "../../engine/rng.js";
import { CELL_SIZE, cellAt, cellCenter, isWall, type Point2 } from "../../envs/antmaze/mazeGeometry.js";
import type { Cell, MazeLayout } from "../../envs/antmaze/mazeLayouts.js";

/** D4RL's waypoint noise: the next cell's center plus U(0, CELL_SIZE / 4) in x and in y. */
export const D4RL_WAYPOINT_NOISE = CELL_SIZE / 4;

/** D4RL's neighbour order (left, right, down, up in rows and columns); it breaks ties between equal paths. */
const MOVES: readonly Cell[] = [
  { row: 0, col: -1 },
  { row: 0, col: 1 },
  { row: 1, col: 0 },
  { row: -1, col: 0 },
];

export function sameCell(a: Cell, b: Cell): boolean {
  return a.row === b.row && a.col === b.col;
}

/** Every free cell of the layout, row by row. */
export function freeCells(layout: MazeLayout): Cell[] {
  const out: Cell[] = [];
  for (let row = 0; row < layout.rows; row++)
    for (let col = 0; col < layout.cols; col++) if (!layout.walls[row][col]) out.push({ row, col });
  return out;
}

export class MazePlanner {
  readonly layout: MazeLayout;
  private readonly free: Cell[];
  /** Per goal cell index: moves from every cell to it (-1 for walls and unreachable cells). */
  private readonly distances = new Map<number, Int32Array>();

  constructor(layout: MazeLayout) {
    this.layout = layout;
    this.free = freeCells(layout);
  }

  private index(c: Cell): number {
    return c.row * this.layout.cols + c.col;
  }

  private checkFree(c: Cell, what: string): void {
    if (isWall(this.layout, c))
      throw new Error(
        `The ${what} cell (row ${c.row}, column ${c.col}) of the ${this.layout.name} maze is a wall or outside it; expected a free cell.`,
      );
  }

  /** Moves along a shortest path from every cell to `goal` (breadth-first search from the goal). */
  distancesTo(goal: Cell): Int32Array {
    this.checkFree(goal, "goal");
    const key = this.index(goal);
    const cached = this.distances.get(key);
    if (cached) return cached;
    const dist = new Int32Array(this.layout.rows * this.layout.cols).fill(-1);
    dist[key] = 0;
    let frontier: Cell[] = [goal];
    while (frontier.length > 0) {
      const next: Cell[] = [];
      for (const c of frontier)
        for (const m of MOVES) {
          const n = { row: c.row + m.row, col: c.col + m.col };
          if (isWall(this.layout, n) || dist[this.index(n)] >= 0) continue;
          dist[this.index(n)] = dist[this.index(c)] + 1;
          next.push(n);
        }
      frontier = next;
    }
    this.distances.set(key, dist);
    return dist;
  }

  /** The number of moves of a shortest path between two free cells, or -1 if none exists. */
  pathLength(from: Cell, to: Cell): number {
    this.checkFree(from, "start");
    return this.distancesTo(to)[this.index(from)];
  }

  /** The neighbour of `from` that starts a shortest path to `to` (`to` itself when already there). */
  nextCell(from: Cell, to: Cell): Cell {
    const dist = this.distancesTo(to);
    this.checkFree(from, "start");
    const d = dist[this.index(from)];
    if (d < 0)
      throw new Error(
        `No path in the ${this.layout.name} maze from (row ${from.row}, column ${from.col}) to (row ${to.row}, column ${to.col}).`,
      );
    if (d === 0) return to;
    for (const m of MOVES) {
      const n = { row: from.row + m.row, col: from.col + m.col };
      if (!isWall(this.layout, n) && dist[this.index(n)] === d - 1) return n;
    }
    throw new Error(
      `The ${this.layout.name} maze's distance table is inconsistent at (${from.row}, ${from.col}).`,
    );
  }

  /** The cells of a shortest path, both ends included. */
  path(from: Cell, to: Cell): Cell[] {
    const out = [from];
    let c = from;
    while (!sameCell(c, to)) {
      c = this.nextCell(c, to);
      out.push(c);
    }
    return out;
  }

  /** The free cell a position belongs to: its own cell, or the free cell with the nearest center. */
  cellOf(p: Point2): Cell {
    const c = cellAt(this.layout, p);
    if (!isWall(this.layout, c)) return c;
    let best = this.free[0];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const f of this.free) {
      const q = cellCenter(this.layout, f);
      const d = Math.hypot(q.x - p.x, q.y - p.y);
      if (d < bestDistance) {
        best = f;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * Where the walker should head now, at `position`, to reach `goal` (a point in a free cell): the
   * goal itself once the next cell on the shortest path is the goal's, otherwise the next cell's
   * center plus U(0, noise) in x and y (D4RL draws this noise afresh at every step).
   */
  waypoint(position: Point2, goal: Point2, rng: Rng, noise = D4RL_WAYPOINT_NOISE): Point2 {
    const goalCell = this.cellOf(goal);
    const next = this.nextCell(this.cellOf(position), goalCell);
    if (sameCell(next, goalCell)) return { x: goal.x, y: goal.y };
    const c = cellCenter(this.layout, next);
    return { x: c.x + rng.uniformIn(0, noise), y: c.y + rng.uniformIn(0, noise) };
  }
}
