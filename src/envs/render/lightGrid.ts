// A uniform 2D grid over the plane perpendicular to the light: each cell lists the shadow casters
// whose light-space rectangle overlaps it, so a shadow ray only tests the casters of its own cell.
// Rebuilt every frame (counting sort into flat arrays, no per-cell allocation).

/**
 * The cell of a side x side grid with corner (u0, v0) and 1 / cell size (invU, invV) under
 * light-space point (u, v), or -1 outside the grid. A function of plain numbers, so that the ray
 * caster can read a grid's layout once per frame and look cells up without touching the grid.
 */
export function gridCell(
  u: number,
  v: number,
  u0: number,
  v0: number,
  invU: number,
  invV: number,
  side: number,
): number {
  const i = Math.floor((u - u0) * invU);
  const j = Math.floor((v - v0) * invV);
  if (i < 0 || j < 0 || i > side || j > side) return -1;
  // The far edge belongs to the last cell.
  return (j === side ? side - 1 : j) * side + (i === side ? side - 1 : i);
}

export class LightGrid {
  // The layout (see gridCell). Without casters: one cell, empty.
  side = 1;
  u0 = 0;
  v0 = 0;
  invCellU = 0;
  invCellV = 0;
  /** Items of cell c are items[cellStart[c] .. cellStart[c + 1]). */
  private cellStart = new Int32Array(2);
  private items = new Int32Array(0);

  /**
   * Bins `count` casters; caster i has id ids[i] and rectangle rects[5 * id ..] = (u0, u1, v0, v1, ...)
   * (the stride of 5 matches the ray caster's light rectangles).
   */
  build(ids: Int32Array, count: number, rects: Float64Array): void {
    if (count === 0) {
      this.side = 1;
      this.u0 = 0;
      this.v0 = 0;
      this.invCellU = 0;
      this.invCellV = 0;
      this.cellStart[1] = 0;
      return;
    }
    let u0 = Number.POSITIVE_INFINITY;
    let u1 = Number.NEGATIVE_INFINITY;
    let v0 = Number.POSITIVE_INFINITY;
    let v1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const q = 5 * ids[i];
      u0 = Math.min(u0, rects[q]);
      u1 = Math.max(u1, rects[q + 1]);
      v0 = Math.min(v0, rects[q + 2]);
      v1 = Math.max(v1, rects[q + 3]);
    }
    // About four cells per caster along each axis: shadow rays near a robot among maze walls then
    // meet about one caster each (two cells per caster left three).
    const side = Math.max(1, Math.min(64, Math.ceil(4 * Math.sqrt(count))));
    this.side = side;
    this.u0 = u0;
    this.v0 = v0;
    this.invCellU = u1 > u0 ? side / (u1 - u0) : 0;
    this.invCellV = v1 > v0 ? side / (v1 - v0) : 0;
    const cells = side * side;
    if (this.cellStart.length < cells + 1) this.cellStart = new Int32Array(cells + 1);
    const start = this.cellStart;
    start.fill(0, 0, cells + 1);
    // Pass 1: count the casters per cell (shifted by one for the prefix sum).
    for (let i = 0; i < count; i++) this.visit(ids[i], rects, (cell) => start[cell + 1]++);
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    if (this.items.length < start[cells]) this.items = new Int32Array(2 * start[cells]);
    // Pass 2: fill, using cellStart[c] as a cursor and restoring it afterwards.
    const items = this.items;
    for (let i = 0; i < count; i++) {
      const id = ids[i];
      this.visit(id, rects, (cell) => {
        items[start[cell]++] = id;
      });
    }
    for (let c = cells; c > 0; c--) start[c] = start[c - 1];
    start[0] = 0;
  }

  /** Cell c's casters are itemIds[cellStarts[c] .. cellStarts[c + 1]). */
  get cellStarts(): Int32Array {
    return this.cellStart;
  }

  get itemIds(): Int32Array {
    return this.items;
  }

  private visit(id: number, rects: Float64Array, f: (cell: number) => void): void {
    const q = 5 * id;
    const side = this.side;
    const clamp = (x: number) => (x < 0 ? 0 : x >= side ? side - 1 : x);
    const i0 = clamp(Math.floor((rects[q] - this.u0) * this.invCellU));
    const i1 = clamp(Math.floor((rects[q + 1] - this.u0) * this.invCellU));
    const j0 = clamp(Math.floor((rects[q + 2] - this.v0) * this.invCellV));
    const j1 = clamp(Math.floor((rects[q + 3] - this.v0) * this.invCellV));
    for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) f(j * side + i);
  }
}
