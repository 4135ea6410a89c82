// The three AntMaze layouts of D4RL (d4rl/locomotion/maze_env.py, the *_TEST maps that the
// antmaze-{umaze,medium,large}-v2 evaluation envs use): "#" wall block, "." free cell,
// "r" the start (reset) cell, "g" the single evaluation goal cell. Rows grow along +y and
// columns along +x (D4RL's _rowcol_to_xy), so these strings read like D4RL's lists.

export type MazeName = "umaze" | "medium" | "large";

const LAYOUTS: Record<MazeName, readonly string[]> = {
  // U_MAZE_TEST
  umaze: [
    "#####", //
    "#r..#",
    "###.#",
    "#g..#",
    "#####",
  ],
  // BIG_MAZE_TEST
  medium: ["########", "#r.##..#", "#..#...#", "##...###", "#..#...#", "#.#..#.#", "#...#.g#", "########"],
  // HARDEST_MAZE_TEST
  large: [
    "############",
    "#r...#.....#",
    "#.##.#.#.#.#",
    "#......#...#",
    "#.####.###.#",
    "#..#.#.....#",
    "##.#.#.#.###",
    "#..#...#.g.#",
    "############",
  ],
};

/** Episode time limits of the D4RL registrations (700 for umaze, 1000 otherwise). */
export const MAZE_TIME_LIMITS: Record<MazeName, number> = { umaze: 700, medium: 1000, large: 1000 };

export const MAZE_NAMES: readonly MazeName[] = ["umaze", "medium", "large"];

export interface Cell {
  row: number;
  col: number;
}

/** A maze grid: `walls[row][col]` is true for a wall block. */
export interface MazeLayout {
  name: MazeName;
  rows: number;
  cols: number;
  walls: readonly (readonly boolean[])[];
  start: Cell;
  goal: Cell;
}

export function mazeLayout(name: MazeName): MazeLayout {
  const lines = LAYOUTS[name];
  if (!lines) throw new Error(`Unknown maze "${name}"; expected one of ${MAZE_NAMES.join(", ")}.`);
  let start: Cell | undefined;
  let goal: Cell | undefined;
  const walls = lines.map((line, row) =>
    [...line].map((ch, col) => {
      if (ch === "r") start = { row, col };
      if (ch === "g") goal = { row, col };
      return ch === "#";
    }),
  );
  if (!start || !goal) throw new Error(`The maze "${name}" needs one start and one goal cell.`);
  return { name, rows: lines.length, cols: lines[0].length, walls, start, goal };
}
