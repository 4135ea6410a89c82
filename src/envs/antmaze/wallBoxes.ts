// The maze walls as few boxes: wall cells merged greedily into rectangles (a run along a row,
// grown down while the rows below are walls too). The union is exactly D4RL's one block per
// cell, but MuJoCo's collision pass (run 4 times per physics step by RK4) has fewer geoms to test.
import { CELL_SIZE, cellCenter, type Point2 } from "./mazeGeometry.js";
import type { MazeLayout } from "./mazeLayouts.js";

export interface WallBox {
  center: Point2;
  halfX: number;
  halfY: number;
  /** The covered cells: rows firstRow..lastRow, columns firstCol..lastCol. */
  firstRow: number;
  lastRow: number;
  firstCol: number;
  lastCol: number;
}

export function wallBoxes(layout: MazeLayout): WallBox[] {
  const taken = layout.walls.map((row) => row.map(() => false));
  const free = (r: number, c: number) => layout.walls[r][c] && !taken[r][c];
  const boxes: WallBox[] = [];
  for (let r = 0; r < layout.rows; r++)
    for (let c = 0; c < layout.cols; c++) {
      if (!free(r, c)) continue;
      let lastCol = c;
      while (lastCol + 1 < layout.cols && free(r, lastCol + 1)) lastCol++;
      let lastRow = r;
      const rowBelowIsWall = (row: number) => {
        for (let k = c; k <= lastCol; k++) if (!free(row, k)) return false;
        return true;
      };
      while (lastRow + 1 < layout.rows && rowBelowIsWall(lastRow + 1)) lastRow++;
      for (let i = r; i <= lastRow; i++) for (let k = c; k <= lastCol; k++) taken[i][k] = true;
      const a = cellCenter(layout, { row: r, col: c });
      const b = cellCenter(layout, { row: lastRow, col: lastCol });
      boxes.push({
        center: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 },
        halfX: ((lastCol - c + 1) * CELL_SIZE) / 2,
        halfY: ((lastRow - r + 1) * CELL_SIZE) / 2,
        firstRow: r,
        lastRow,
        firstCol: c,
        lastCol,
      });
    }
  return boxes;
}
