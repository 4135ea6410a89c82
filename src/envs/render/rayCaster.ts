// A CPU ray caster for scenes of primitive geoms: one primary ray per pixel (or a small grid of
// them with supersampling), Lambert + ambient shading with one directional light, hard shadows
// from shadow rays, a checkered floor on planes and a sky gradient where rays miss.
//
// Speed comes from per-frame precomputation: each geom gets the camera origin and the light
// direction in its local frame, a bounding sphere, and a pixel rectangle that contains its
// projection (boxes also their slab offsets for camera rays); the pixel loop then tests only geoms
// whose rectangle covers the row and column, and shadow rays only the casters that the light grid
// lists at their start, after the light-space rectangle and bounding disk (none when they start
// above every caster). Plane and box tests for camera rays are written out or specialized (same
// arithmetic as intersect.ts), and the pixel loop reads the caster's state once per frame. Every
// shortcut gives the same pixels as the brute-force path. Nothing is allocated per ray.

import { boxSlabOffsets, nearerBoxHit } from "./boxSlabs.js";
import {
  type CameraFrame,
  type CameraSettings,
  checkCamera,
  createCameraFrame,
  placeCamera,
} from "./camera.js";
import { boundingRadius, HIT_LENGTH, intersectLocal, localHalfExtents, RAY_LENGTH } from "./intersect.js";
import { gridCell, LightGrid } from "./lightGrid.js";
import { checkRenderSettings, DEFAULT_RENDER_SETTINGS, type RenderSettings } from "./renderSettings.js";
import { GeomKind, type Scene } from "./scene.js";

/** An RGB picture: `pixels` holds width * height * 3 bytes, rows from the top. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const NO_HIT = Number.POSITIVE_INFINITY;
const Z_AXIS = new Float64Array([0, 0, 1]);

/** Switches for tests; not part of the rendered look. */
export interface RayCasterOptions {
  /**
   * Test every geom against every primary and shadow ray, without the pixel rectangles, bounding
   * spheres and light grid: a slow reference that the culled path must match pixel for pixel.
   */
  bruteForce?: boolean;
}

/** Rays per frame at most (the direction table then takes 100 MB). */
const MAX_RAYS = 1 << 22;

export class RayCaster {
  readonly width: number;
  readonly height: number;
  readonly settings: RenderSettings;
  private readonly bruteForce: boolean;

  private readonly cam: CameraFrame = createCameraFrame();
  private readonly light = new Float64Array(3);
  // Two axes perpendicular to the light: a geom can only shadow points inside its bounding disk there.
  private readonly lightU = new Float64Array(3);
  private readonly lightV = new Float64Array(3);

  // Per-geom data for the current frame (capacity grows with the largest scene seen).
  private capacity = 0;
  private n = 0;
  private kind = new Uint8Array(0);
  private size = new Float64Array(0);
  private pos = new Float64Array(0);
  private rot = new Float64Array(0);
  private color = new Float64Array(0);
  private bound = new Float64Array(0);
  /** Camera origin in each geom's local frame. */
  private camLocal = new Float64Array(0);
  /** |origin - centre|^2 - bound^2, for the primary rays' bounding-sphere test. */
  private camC = new Float64Array(0);
  /** Light direction in each geom's local frame. */
  private lightLocal = new Float64Array(0);
  /** Local half-extents of each geom's bounding box. */
  private extent = new Float64Array(0);
  /** Centre projected on (lightU, lightV, light). */
  private lightProj = new Float64Array(0);
  /** Bounding box seen along the light: u0, u1, v0, v1, and the box's highest point along the light. */
  private lightRect = new Float64Array(0);
  /** Boxes: the camera's slab offsets (-half - o, half - o) per local axis (see boxSlabs.ts). */
  private slabs = new Float64Array(0);
  /**
   * 1 where the rotation is exactly the identity (floors, maze walls): local and world directions
   * then agree but for the sign of zeros, which no test or shading step can tell apart.
   */
  private unrotated = new Uint8Array(0);
  /** Inclusive pixel rectangle x0, x1, y0, y1 (empty when x0 > x1). */
  private rect = new Int32Array(0);
  /** Geoms that can cast shadows (all but planes). */
  private casters = new Int32Array(0);
  private nCasters = 0;
  /** Geoms whose rectangle covers the current row. */
  private rowGeoms = new Int32Array(0);
  /** Geoms whose rectangle covers the current span of columns in that row. */
  private spanGeoms = new Int32Array(0);

  // Scratch for one ray (numbers go through arrays: V8 boxes doubles passed to calls it does not
  // inline). ray/hit: see intersect.ts; point: shadow ray start.
  private readonly ray = new Float64Array(RAY_LENGTH);
  private readonly hit = new Float64Array(HIT_LENGTH);
  private readonly point = new Float64Array(3);
  /** 1 / checkerSize when that is exact (a power of two), else 0. */
  private readonly checkerScale: number;
  /** The camera's distance to the looked-at point: fog begins there. */
  private fogStart = 0;
  /** Shadow rays starting higher than this are lit (see heightAboveCasters). */
  private litAbove = NO_HIT;
  /** Ray directions per (sub)pixel and the camera forward + tan(fovy/2) they were made for. */
  private readonly dirs: Float64Array;
  private readonly dirsKey = new Float64Array([Number.NaN, 0, 0, 0]);
  /** Shadow casters binned by where they are seen along the light. */
  private readonly lightGrid = new LightGrid();

  constructor(
    width = 84,
    height = width,
    settings: Partial<RenderSettings> = {},
    options: RayCasterOptions = {},
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new Error(`A render size must be positive integers, got ${width}x${height}.`);
    this.width = width;
    this.height = height;
    this.settings = { ...DEFAULT_RENDER_SETTINGS, ...settings };
    this.bruteForce = options.bruteForce === true;
    checkRenderSettings(this.settings);
    this.checkerScale = exactReciprocal(this.settings.checkerSize);
    const rays = width * height * this.settings.samplesPerAxis ** 2;
    if (rays > MAX_RAYS)
      throw new Error(
        `A ${width}x${height} frame with ${this.settings.samplesPerAxis}x${this.settings.samplesPerAxis} rays per pixel needs ${rays} rays; at most ${MAX_RAYS} are supported.`,
      );
    this.dirs = new Float64Array(rays * 3);
    const [lx, ly, lz] = this.settings.lightDirection;
    const inv = 1 / Math.hypot(lx, ly, lz);
    const L = this.light;
    L[0] = lx * inv;
    L[1] = ly * inv;
    L[2] = lz * inv;
    // U: any unit vector perpendicular to L; V = L x U.
    const ax = Math.abs(L[0]) < 0.9 ? 1 : 0;
    const ay = 1 - ax;
    const U = this.lightU;
    U[0] = ax - L[0] * (ax * L[0] + ay * L[1]);
    U[1] = ay - L[1] * (ax * L[0] + ay * L[1]);
    U[2] = -L[2] * (ax * L[0] + ay * L[1]);
    const un = 1 / Math.hypot(U[0], U[1], U[2]);
    U[0] *= un;
    U[1] *= un;
    U[2] *= un;
    const V = this.lightV;
    V[0] = L[1] * U[2] - L[2] * U[1];
    V[1] = L[2] * U[0] - L[0] * U[2];
    V[2] = L[0] * U[1] - L[1] * U[0];
  }

  /** Renders `scene` seen by `camera` into `out` (allocated when omitted). */
  render(scene: Scene, camera: CameraSettings, out?: Uint8Array): RgbImage {
    const W = this.width;
    const H = this.height;
    const pixels = out ?? new Uint8Array(W * H * 3);
    if (pixels.length !== W * H * 3)
      throw new Error(
        `The output buffer must hold ${W * H * 3} bytes (${W}x${H} RGB), got ${pixels.length}.`,
      );
    checkCamera(camera);
    placeCamera(camera, scene.focus, this.cam);
    this.fogStart = camera.distance;
    this.prepare(scene);
    this.castAll(pixels);
    return { width: W, height: H, pixels };
  }

  /** Where the camera is for the last rendered frame (world coordinates; read-only). */
  get cameraFrame(): CameraFrame {
    return this.cam;
  }

  /**
   * Unit ray directions for every (sub)pixel, in pixel order. A tracking camera only moves, so
   * the table is rebuilt only when the camera turns or changes its field of view.
   */
  private directions(): Float64Array {
    const cam = this.cam;
    const f = cam.forward;
    const r = cam.right;
    const u = cam.up;
    const key = this.dirsKey;
    if (key[0] === f[0] && key[1] === f[1] && key[2] === f[2] && key[3] === cam.tanHalfFovy) return this.dirs;
    key[0] = f[0];
    key[1] = f[1];
    key[2] = f[2];
    key[3] = cam.tanHalfFovy;
    const W = this.width;
    const H = this.height;
    const ss = this.settings.samplesPerAxis;
    const tanY = cam.tanHalfFovy;
    const tanX = (tanY * W) / H;
    const dirs = this.dirs;
    let d = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let sy = 0; sy < ss; sy++) {
          const py = (1 - (2 * (y + (sy + 0.5) / ss)) / H) * tanY;
          for (let sx = 0; sx < ss; sx++) {
            const px = ((2 * (x + (sx + 0.5) / ss)) / W - 1) * tanX;
            const dx = f[0] + px * r[0] + py * u[0];
            const dy = f[1] + px * r[1] + py * u[1];
            const dz = f[2] + px * r[2] + py * u[2];
            const inv = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
            dirs[d++] = dx * inv;
            dirs[d++] = dy * inv;
            dirs[d++] = dz * inv;
          }
        }
    return dirs;
  }

  /** Copies the scene and precomputes everything that is the same for every ray of the frame. */
  private prepare(scene: Scene): void {
    const n = scene.count;
    if (n > this.capacity) this.grow(n);
    this.n = n;
    this.kind.set(scene.kind.subarray(0, n));
    this.size.set(scene.size.subarray(0, 3 * n));
    this.pos.set(scene.pos.subarray(0, 3 * n));
    this.rot.set(scene.rot.subarray(0, 9 * n));
    const o = this.cam.origin;
    const L = this.light;
    const U = this.lightU;
    const V = this.lightV;
    this.nCasters = 0;
    for (let g = 0; g < n; g++) {
      const R = 9 * g;
      const rot = this.rot;
      const s = 3 * g;
      const qx = o[0] - this.pos[s];
      const qy = o[1] - this.pos[s + 1];
      const qz = o[2] - this.pos[s + 2];
      // Local = R^T * world (R's columns are the local axes).
      for (let k = 0; k < 3; k++) {
        this.camLocal[s + k] = rot[R + k] * qx + rot[R + 3 + k] * qy + rot[R + 6 + k] * qz;
        this.lightLocal[s + k] = rot[R + k] * L[0] + rot[R + 3 + k] * L[1] + rot[R + 6 + k] * L[2];
      }
      const b = boundingRadius(this.kind[g], this.size, s);
      this.bound[g] = b;
      this.camC[g] = qx * qx + qy * qy + qz * qz - b * b;
      localHalfExtents(this.kind[g], this.size, s, this.extent, s);
      this.unrotated[g] = isIdentity(rot, R) ? 1 : 0;
      if (this.kind[g] === GeomKind.box) boxSlabOffsets(this.size, s, this.camLocal, s, this.slabs, 6 * g);
      const cx = this.pos[s];
      const cy = this.pos[s + 1];
      const cz = this.pos[s + 2];
      this.lightProj[s] = cx * U[0] + cy * U[1] + cz * U[2];
      this.lightProj[s + 1] = cx * V[0] + cy * V[1] + cz * V[2];
      this.lightProj[s + 2] = cx * L[0] + cy * L[1] + cz * L[2];
      if (this.kind[g] !== GeomKind.plane) {
        this.casters[this.nCasters++] = g;
        const q = 5 * g;
        const lr = this.lightRect;
        const du = this.halfWidthAlong(g, U);
        const dv = this.halfWidthAlong(g, V);
        lr[q] = this.lightProj[s] - du;
        lr[q + 1] = this.lightProj[s] + du;
        lr[q + 2] = this.lightProj[s + 1] - dv;
        lr[q + 3] = this.lightProj[s + 1] + dv;
        lr[q + 4] = this.lightProj[s + 2] + this.halfWidthAlong(g, L);
      }
      for (let k = 0; k < 3; k++) this.color[s + k] = scene.rgba[4 * g + k];
      if (this.bruteForce) this.setRect(g, 0, this.width - 1, 0, this.height - 1);
      else this.screenRect(g);
    }
    this.lightGrid.build(this.casters, this.nCasters, this.lightRect);
    this.litAbove = this.heightAboveCasters();
  }

  /**
   * A height above which every point is lit: with the light from above, a ray towards it only
   * climbs, and every caster lies below its highest point. The margin (far beyond the rounding of
   * any intersection test at the scene's scale) keeps that true of the computed tests too, so the
   * shortcut answers exactly as testing every caster would. Infinity when the light is not above.
   */
  private heightAboveCasters(): number {
    if (!(this.light[2] > 0)) return NO_HIT;
    // Without casters: -Infinity.
    let top = Number.NEGATIVE_INFINITY;
    let scale = 1;
    for (let i = 0; i < this.nCasters; i++) {
      const g = this.casters[i];
      const s = 3 * g;
      const w = this.halfWidthAlong(g, Z_AXIS);
      top = Math.max(top, this.pos[s + 2] + w);
      scale = Math.max(
        scale,
        Math.abs(this.pos[s]),
        Math.abs(this.pos[s + 1]),
        Math.abs(this.pos[s + 2]) + w,
      );
    }
    return top + 1e-6 * scale;
  }

  /** Half the width of geom g's bounding box measured along the unit vector a. */
  private halfWidthAlong(g: number, a: Float64Array): number {
    const R = 9 * g;
    const rot = this.rot;
    const e = this.extent;
    let w = 0;
    for (let k = 0; k < 3; k++) {
      // Local axis k is column k of the rotation.
      const along = rot[R + k] * a[0] + rot[R + 3 + k] * a[1] + rot[R + 6 + k] * a[2];
      if (along !== 0) w += e[3 * g + k] * Math.abs(along);
    }
    return w;
  }

  /** The pixel rectangle containing geom g's bounding box (the whole image when it reaches behind the camera). */
  private screenRect(g: number): void {
    const W = this.width;
    const H = this.height;
    const cam = this.cam;
    const s = 3 * g;
    const R = 9 * g;
    const rot = this.rot;
    const e = this.extent;
    const tanY = cam.tanHalfFovy;
    const tanX = (tanY * W) / H;
    let sxLo = Number.POSITIVE_INFINITY;
    let sxHi = Number.NEGATIVE_INFINITY;
    let syLo = Number.POSITIVE_INFINITY;
    let syHi = Number.NEGATIVE_INFINITY;
    let inFront = 0;
    let behind = 0;
    const bounded = Number.isFinite(e[s]) && Number.isFinite(e[s + 1]);
    // The projection of a convex body lies inside the projection of its box's 8 corners, as long as
    // every corner is in front of the camera.
    for (let corner = 0; bounded && corner < 8; corner++) {
      const ex = corner & 1 ? e[s] : -e[s];
      const ey = corner & 2 ? e[s + 1] : -e[s + 1];
      const ez = corner & 4 ? e[s + 2] : -e[s + 2];
      const px = this.pos[s] + rot[R] * ex + rot[R + 1] * ey + rot[R + 2] * ez - cam.origin[0];
      const py = this.pos[s + 1] + rot[R + 3] * ex + rot[R + 4] * ey + rot[R + 5] * ez - cam.origin[1];
      const pz = this.pos[s + 2] + rot[R + 6] * ex + rot[R + 7] * ey + rot[R + 8] * ez - cam.origin[2];
      const zc = px * cam.forward[0] + py * cam.forward[1] + pz * cam.forward[2];
      if (zc <= 1e-6) {
        behind++;
        continue;
      }
      inFront++;
      const xs = (px * cam.right[0] + py * cam.right[1] + pz * cam.right[2]) / zc;
      const ys = (px * cam.up[0] + py * cam.up[1] + pz * cam.up[2]) / zc;
      sxLo = Math.min(sxLo, xs);
      sxHi = Math.max(sxHi, xs);
      syLo = Math.min(syLo, ys);
      syHi = Math.max(syHi, ys);
    }
    if (behind === 8) {
      // Entirely behind the camera.
      this.setRect(g, 1, 0, 1, 0);
      return;
    }
    if (!bounded || inFront < 8) {
      this.setRect(g, 0, W - 1, 0, H - 1);
      return;
    }
    // Pixel centre x has slope ((2x + 1) / W - 1) tanX; y grows downwards. One pixel of margin.
    const x0 = Math.floor(((sxLo / tanX + 1) * W) / 2 - 0.5) - 1;
    const x1 = Math.ceil(((sxHi / tanX + 1) * W) / 2 - 0.5) + 1;
    const y0 = Math.floor(((1 - syHi / tanY) * H) / 2 - 0.5) - 1;
    const y1 = Math.ceil(((1 - syLo / tanY) * H) / 2 - 0.5) + 1;
    this.setRect(g, Math.max(0, x0), Math.min(W - 1, x1), Math.max(0, y0), Math.min(H - 1, y1));
  }

  private setRect(g: number, x0: number, x1: number, y0: number, y1: number): void {
    const q = 4 * g;
    this.rect[q] = x0;
    this.rect[q + 1] = x1;
    this.rect[q + 2] = y0;
    this.rect[q + 3] = y1;
  }

  /**
   * Colours every pixel. The pixel loop lives in its own method, called once per frame: V8
   * optimizes it as a whole after the first frame instead of re-entering on-stack-replaced code on
   * every call (as it did when rows were methods of their own, at a higher cost: results/envs.md).
   * Everything that is the same for the frame is read once, not per ray: with about 200
   * instructions per ray, re-reading the caster's fields for every ray and shadow ray was a large
   * share of the frame.
   */
  private castAll(pixels: Uint8Array): void {
    const W = this.width;
    const H = this.height;
    const n = this.n;
    const rect = this.rect;
    const rowGeoms = this.rowGeoms;
    const spanGeoms = this.spanGeoms;
    const kinds = this.kind;
    const size = this.size;
    const pos = this.pos;
    const rot = this.rot;
    const colors = this.color;
    const camLocal = this.camLocal;
    const camC = this.camC;
    const slabs = this.slabs;
    const unrotated = this.unrotated;
    const o = this.cam.origin;
    const ox = o[0];
    const oy = o[1];
    const oz = o[2];
    const ray = this.ray;
    const hitOut = this.hit;
    const dirs = this.dirs;
    const culled = !this.bruteForce;
    const st = this.settings;
    const perPixel = st.samplesPerAxis * st.samplesPerAxis;
    const weight = 1 / perPixel;
    const L = this.light;
    const lx = L[0];
    const ly = L[1];
    const lz = L[2];
    const U = this.lightU;
    const ux = U[0];
    const uy = U[1];
    const uz = U[2];
    const V = this.lightV;
    const vx = V[0];
    const vy = V[1];
    const vz = V[2];
    // The light grid's layout and lists, which stay put during the frame.
    const grid = this.lightGrid;
    const gridU0 = grid.u0;
    const gridV0 = grid.v0;
    const gridInvU = grid.invCellU;
    const gridInvV = grid.invCellV;
    const gridSide = grid.side;
    const cellStarts = grid.cellStarts;
    const items = grid.itemIds;
    const lr = this.lightRect;
    const proj = this.lightProj;
    const bound = this.bound;
    const point = this.point;
    const litAbove = this.litAbove;
    const ambient = st.ambient;
    const diffuse = st.diffuse;
    const shadows = st.shadows;
    const fogStart = this.fogStart;
    const fogDistance = st.fogDistance;
    const horizon = st.skyHorizon;
    const zenith = st.skyZenith;
    const cell = st.checkerSize;
    // Multiplying by 1 / cell gives the same numbers as dividing when that is exact, and is faster.
    const inv = this.checkerScale;
    const exact = inv > 0;
    const half = st.checkerContrast / 2;
    // Angle one (sub)pixel spans, for fading the checker where squares shrink below a pixel.
    const pixelAngle = (2 * this.cam.tanHalfFovy) / (H * st.samplesPerAxis);
    this.directions();
    let d = 0;
    let p = 0;
    for (let y = 0; y < H; y++) {
      let nRow = 0;
      for (let g = 0; g < n; g++) if (rect[4 * g + 2] <= y && y <= rect[4 * g + 3]) rowGeoms[nRow++] = g;
      // The row splits into spans of columns covered by the same geoms: each pixel then tests only
      // the geoms whose rectangle contains it, still in ascending order (which breaks ties in t).
      let next = 0;
      let nSpan = 0;
      for (let x = 0; x < W; x++) {
        if (x === next) {
          next = W;
          nSpan = 0;
          for (let i = 0; i < nRow; i++) {
            const g = rowGeoms[i];
            const x0 = rect[4 * g];
            const x1 = rect[4 * g + 1];
            if (x < x0) {
              if (x0 < next) next = x0;
            } else if (x <= x1) {
              spanGeoms[nSpan++] = g;
              if (x1 < next) next = x1 + 1;
            }
          }
        }
        let cr = 0;
        let cg = 0;
        let cb = 0;
        for (let k = 0; k < perPixel; k++, d += 3) {
          const dx = dirs[d];
          const dy = dirs[d + 1];
          const dz = dirs[d + 2];
          // Nearest hit.
          let best = NO_HIT;
          let hit = -1;
          let hnx = 0;
          let hny = 0;
          let hnz = 0;
          // The hit geom's local ray direction (x, y), for the floor's checker.
          let hdx = 0;
          let hdy = 0;
          for (let i = 0; i < nSpan; i++) {
            const g = spanGeoms[i];
            const s = 3 * g;
            const R = 9 * g;
            const kind = kinds[g];
            if (culled && kind === GeomKind.plane) {
              // intersectPlane written out for the camera ray (same operations; tMin is 0).
              const z0 = camLocal[s + 2];
              const still = unrotated[g] === 1;
              const dzl = still ? dz : rot[R + 2] * dx + rot[R + 5] * dy + rot[R + 8] * dz;
              if (z0 <= 0 || dzl >= 0) continue;
              const t = -z0 / dzl;
              if (t <= 0 || t >= best) continue;
              const dxl = still ? dx : rot[R] * dx + rot[R + 3] * dy + rot[R + 6] * dz;
              const dyl = still ? dy : rot[R + 1] * dx + rot[R + 4] * dy + rot[R + 7] * dz;
              const sx = size[s];
              const sy = size[s + 1];
              if (sx > 0 && Math.abs(camLocal[s] + t * dxl) > sx) continue;
              if (sy > 0 && Math.abs(camLocal[s + 1] + t * dyl) > sy) continue;
              best = t;
              hit = g;
              hdx = dxl;
              hdy = dyl;
              hnx = 0;
              hny = 0;
              hnz = 1;
              continue;
            }
            if (culled && kind !== GeomKind.box) {
              // Bounding sphere: skip when missed or when it starts beyond the nearest hit so far.
              const b = (ox - pos[s]) * dx + (oy - pos[s + 1]) * dy + (oz - pos[s + 2]) * dz;
              const disc = b * b - camC[g];
              if (disc < 0) continue;
              const sq = Math.sqrt(disc);
              if (-b + sq <= 0 || -b - sq >= best) continue;
            }
            const still = culled && unrotated[g] === 1;
            const ldx = still ? dx : rot[R] * dx + rot[R + 3] * dy + rot[R + 6] * dz;
            const ldy = still ? dy : rot[R + 1] * dx + rot[R + 4] * dy + rot[R + 7] * dz;
            const ldz = still ? dz : rot[R + 2] * dx + rot[R + 5] * dy + rot[R + 8] * dz;
            let found: boolean;
            if (culled && kind === GeomKind.box)
              found = nearerBoxHit(ldx, ldy, ldz, slabs, 6 * g, best, hitOut);
            else {
              ray[0] = camLocal[s];
              ray[1] = camLocal[s + 1];
              ray[2] = camLocal[s + 2];
              ray[3] = ldx;
              ray[4] = ldy;
              ray[5] = ldz;
              ray[6] = 0;
              found = intersectLocal(kind, ray, size, s, hitOut);
            }
            if (found && hitOut[0] < best) {
              best = hitOut[0];
              hit = g;
              hdx = ldx;
              hdy = ldy;
              hnx = hitOut[1];
              hny = hitOut[2];
              hnz = hitOut[3];
            }
          }
          if (hit < 0) {
            // Sky: from the horizon colour to the zenith colour as the ray rises.
            const a = dz > 0 ? Math.sqrt(dz) : 0;
            const dim = dz < 0 ? 0.92 : 1;
            cr += (horizon[0] + (zenith[0] - horizon[0]) * a) * dim;
            cg += (horizon[1] + (zenith[1] - horizon[1]) * a) * dim;
            cb += (horizon[2] + (zenith[2] - horizon[2]) * a) * dim;
            continue;
          }
          // World normal = R * local normal; face it towards the viewer.
          const R = 9 * hit;
          const still = culled && unrotated[hit] === 1;
          let nx = still ? hnx : rot[R] * hnx + rot[R + 1] * hny + rot[R + 2] * hnz;
          let ny = still ? hny : rot[R + 3] * hnx + rot[R + 4] * hny + rot[R + 5] * hnz;
          let nz = still ? hnz : rot[R + 6] * hnx + rot[R + 7] * hny + rot[R + 8] * hnz;
          const facing = nx * dx + ny * dy + nz * dz;
          if (facing > 0) {
            nx = -nx;
            ny = -ny;
            nz = -nz;
          }
          const s = 3 * hit;
          let albedo = 1;
          if (kinds[hit] === GeomKind.plane) {
            // Checker in the plane's own coordinates, fading to the mean colour where a square gets
            // smaller than a pixel (avoids moire towards the horizon).
            const u = camLocal[s] + best * hdx;
            const v = camLocal[s + 1] + best * hdy;
            const parity =
              (Math.floor(exact ? u * inv : u / cell) + Math.floor(exact ? v * inv : v / cell)) & 1;
            const footprint = (best * pixelAngle) / Math.max(Math.abs(facing), 0.05);
            const sharp = Math.max(0, 1 - (exact ? footprint * inv : footprint / cell));
            albedo = 1 - half + (parity === 0 ? half : -half) * sharp;
          }
          const lambert = nx * lx + ny * ly + nz * lz;
          let light = ambient * (0.85 + 0.15 * nz);
          if (lambert > 0) {
            let lit = true;
            if (shadows) {
              // Start the shadow ray just off the surface so that rounding does not make it hit there.
              const eps = 1e-4 * (1 + best);
              const px = ox + best * dx + eps * nx;
              const py = oy + best * dy + eps * ny;
              const pz = oz + best * dz + eps * nz;
              point[0] = px;
              point[1] = py;
              point[2] = pz;
              if (!culled) lit = !this.occluded(hit);
              else if (pz <= litAbove) {
                // (Higher points, such as a maze's wall tops, are above every caster: lit.)
                // The casters seen along the light at the point, whose light-space rectangle holds
                // it and which reach beyond it towards the light (the test is written out here:
                // most shadow rays have no candidate left, often just the geom they start on).
                const pu = px * ux + py * uy + pz * uz;
                const pv = px * vx + py * vy + pz * vz;
                const pl = px * lx + py * ly + pz * lz;
                const cellId = gridCell(pu, pv, gridU0, gridV0, gridInvU, gridInvV, gridSide);
                const last = cellId < 0 ? 0 : cellStarts[cellId + 1];
                for (let c = cellId < 0 ? 0 : cellStarts[cellId]; c < last; c++) {
                  const g = items[c];
                  const q = 5 * g;
                  if (
                    g === hit ||
                    lr[q + 4] <= pl ||
                    pu < lr[q] ||
                    pu > lr[q + 1] ||
                    pv < lr[q + 2] ||
                    pv > lr[q + 3]
                  )
                    continue;
                  if (kinds[g] !== GeomKind.box) {
                    // The bounding sphere seen along the light is a disk, tighter for round shapes.
                    const b = bound[g];
                    const du = pu - proj[3 * g];
                    const dv = pv - proj[3 * g + 1];
                    if (du * du + dv * dv > b * b) continue;
                  }
                  if (this.blocksLight(g)) {
                    lit = false;
                    break;
                  }
                }
              }
            }
            if (lit) light += diffuse * lambert;
          }
          let r = colors[s] * albedo * light;
          let gr = colors[s + 1] * albedo * light;
          let bl = colors[s + 2] * albedo * light;
          // Fog starts at the looked-at point, so that distant views from above stay clear.
          const beyond = best - fogStart;
          if (fogDistance > 0 && beyond > 0) {
            const fog = beyond / (beyond + fogDistance);
            r += (horizon[0] - r) * fog;
            gr += (horizon[1] - gr) * fog;
            bl += (horizon[2] - bl) * fog;
          }
          cr += r;
          cg += gr;
          cb += bl;
        }
        pixels[p++] = toByte(cr * weight);
        pixels[p++] = toByte(cg * weight);
        pixels[p++] = toByte(cb * weight);
      }
    }
  }

  /** The brute-force shadow query: does any geom but `self` (convex: it cannot shadow itself) block the light at this.point? */
  private occluded(self: number): boolean {
    const casters = this.casters;
    for (let k = 0; k < this.nCasters; k++)
      if (casters[k] !== self && this.blocksLight(casters[k])) return true;
    return false;
  }

  /** Does geom g block the light at this.point (exactly: a ray towards the light hits it)? */
  private blocksLight(g: number): boolean {
    const p = this.point;
    const s = 3 * g;
    const R = 9 * g;
    const rot = this.rot;
    const pos = this.pos;
    const ll = this.lightLocal;
    const ray = this.ray;
    const qx = p[0] - pos[s];
    const qy = p[1] - pos[s + 1];
    const qz = p[2] - pos[s + 2];
    ray[0] = rot[R] * qx + rot[R + 3] * qy + rot[R + 6] * qz;
    ray[1] = rot[R + 1] * qx + rot[R + 4] * qy + rot[R + 7] * qz;
    ray[2] = rot[R + 2] * qx + rot[R + 5] * qy + rot[R + 8] * qz;
    ray[3] = ll[s];
    ray[4] = ll[s + 1];
    ray[5] = ll[s + 2];
    ray[6] = 0;
    return intersectLocal(this.kind[g], ray, this.size, s, this.hit);
  }

  private grow(n: number): void {
    this.capacity = n;
    this.kind = new Uint8Array(n);
    this.size = new Float64Array(3 * n);
    this.pos = new Float64Array(3 * n);
    this.rot = new Float64Array(9 * n);
    this.color = new Float64Array(3 * n);
    this.bound = new Float64Array(n);
    this.camLocal = new Float64Array(3 * n);
    this.camC = new Float64Array(n);
    this.lightLocal = new Float64Array(3 * n);
    this.lightProj = new Float64Array(3 * n);
    this.extent = new Float64Array(3 * n);
    this.lightRect = new Float64Array(5 * n);
    this.slabs = new Float64Array(6 * n);
    this.unrotated = new Uint8Array(n);
    this.rect = new Int32Array(4 * n);
    this.casters = new Int32Array(n);
    this.rowGeoms = new Int32Array(n);
    this.spanGeoms = new Int32Array(n);
  }
}

/** 1 / c when c is a power of two (x * (1 / c) then equals x / c for every x), else 0. */
export function exactReciprocal(c: number): number {
  const k = Math.round(Math.log2(c));
  return Math.abs(k) <= 1022 && c * 2 ** -k === 1 ? 2 ** -k : 0;
}

function isIdentity(rot: Float64Array, R: number): boolean {
  for (let k = 0; k < 9; k++) if (rot[R + k] !== (k % 4 === 0 ? 1 : 0)) return false;
  return true;
}

function toByte(v: number): number {
  return v <= 0 ? 0 : v >= 1 ? 255 : (v * 255 + 0.5) | 0;
}
