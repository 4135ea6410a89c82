// The ray caster draws each geom kind where its position, size and rotation say: red geoms are
// checked against a pinhole projection written out by hand in renderPixels.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RayCaster } from "../../src/envs/render/rayCaster.js";
import { addGeom, createScene, type GeomSpec, type Scene } from "../../src/envs/render/scene.js";
import {
  isRed,
  luminance,
  projectSide,
  projectThrough,
  projectTop,
  redBlob,
  sideCamera,
  topCamera,
} from "./renderPixels.js";

const SIZE = 84;
const RED = [0.9, 0.1, 0.1, 1];
const GREY_FLOOR: GeomSpec = { kind: "plane", size: [0, 0, 0], pos: [0, 0, 0], rgba: [0.6, 0.6, 0.6, 1] };
const C = Math.SQRT1_2;
/** Rotation taking local z to world x (a geom lying along x). */
const Z_TO_X = [0, 0, 1, 0, 1, 0, -1, 0, 0];

function sceneWith(...geoms: GeomSpec[]): Scene {
  const s = createScene();
  for (const g of geoms) addGeom(s, g);
  return s;
}

/** Renders a red geom alone (no floor) with the side camera from distance 4 at height 1. */
function renderSide(geom: Omit<GeomSpec, "rgba">, size = SIZE) {
  return new RayCaster(size, size).render(sceneWith({ ...geom, rgba: RED }), sideCamera(4, 1));
}

/** Pixel extent (first and last covered pixel centre) of a world interval seen by sideCamera(4, 1). */
function expectedSpan(lo: [number, number, number], hi: [number, number, number]) {
  const a = projectSide(lo, 4, 1, SIZE);
  const b = projectSide(hi, 4, 1, SIZE);
  return { x0: a[0], x1: b[0], yTop: b[1], yBottom: a[1] };
}

function assertNear(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

describe("ray caster geometry", () => {
  it("puts a sphere at the pixel its projection predicts, and moving it moves the blob", () => {
    for (const pos of [
      [0, 0, 1],
      [0.8, 0, 1.3],
      [-0.6, 1, 0.5],
    ] as [number, number, number][]) {
      const blob = redBlob(renderSide({ kind: "sphere", size: [0.2], pos }));
      const [px, py] = projectSide(pos, 4, 1, SIZE);
      assert.ok(blob.count > 20, `a sphere at ${pos} shows (${blob.count} red pixels)`);
      assertNear(blob.cx, px, 0.6, `sphere at ${pos}: column`);
      assertNear(blob.cy, py, 0.6, `sphere at ${pos}: row`);
      // Its apparent radius: about r / depth / tan(fovy / 2) * size / 2 pixels.
      const radius = (0.2 / (pos[1] + 4) / Math.tan(Math.PI / 8)) * (SIZE / 2);
      assertNear((blob.maxX - blob.minX + 1) / 2, radius, 1, `sphere at ${pos}: radius`);
    }
  });

  it("draws a box with its half-sizes and rotation", () => {
    const box = redBlob(renderSide({ kind: "box", size: [0.5, 0.1, 0.2], pos: [0.2, 0, 1] }));
    const span = expectedSpan([-0.3, -0.1, 0.8], [0.7, -0.1, 1.2]);
    assertNear(box.minX, span.x0, 1, "box left edge");
    assertNear(box.maxX, span.x1, 1, "box right edge");
    assertNear(box.minY, span.yTop, 1, "box top edge");
    assertNear(box.maxY, span.yBottom, 1, "box bottom edge");
    // Turned 90 degrees about z, the long side points at the camera: the box looks narrow.
    const turned = redBlob(
      renderSide({ kind: "box", size: [0.5, 0.1, 0.2], pos: [0.2, 0, 1], rot: [0, -1, 0, 1, 0, 0, 0, 0, 1] }),
    );
    assert.ok(turned.maxX - turned.minX < (box.maxX - box.minX) / 2, "a turned box looks narrower");
    assertNear(turned.cx, projectSide([0.2, 0, 1], 4, 1, SIZE)[0], 0.8, "turned box centre");
  });

  it("draws a capsule along its local z axis, with round ends", () => {
    const upright = redBlob(renderSide({ kind: "capsule", size: [0.1, 0.4], pos: [0, 0, 1] }));
    const span = expectedSpan([-0.1, -0.1, 0.5], [0.1, -0.1, 1.5]);
    assertNear(upright.minY, span.yTop, 1, "capsule top");
    assertNear(upright.maxY, span.yBottom, 1, "capsule bottom");
    assert.ok(upright.maxY - upright.minY > 3 * (upright.maxX - upright.minX), "an upright capsule is tall");
    const lying = redBlob(renderSide({ kind: "capsule", size: [0.1, 0.4], pos: [0, 0, 1], rot: Z_TO_X }));
    const along = expectedSpan([-0.5, -0.1, 0.9], [0.5, -0.1, 1.1]);
    assertNear(lying.minX, along.x0, 1, "lying capsule left end");
    assertNear(lying.maxX, along.x1, 1, "lying capsule right end");
    // Round ends: the end column is shorter than the middle column.
    const img = renderSide({ kind: "capsule", size: [0.1, 0.4], pos: [0, 0, 1], rot: Z_TO_X });
    const columnHeight = (x: number) => {
      let n = 0;
      for (let y = 0; y < SIZE; y++) if (isRed(img, x, y)) n++;
      return n;
    };
    assert.ok(columnHeight(lying.minX) < columnHeight(Math.round(lying.cx)), "capsule ends are rounded");
  });

  it("draws a cylinder with flat caps", () => {
    const cyl = redBlob(renderSide({ kind: "cylinder", size: [0.2, 0.3], pos: [0, 0, 1], rot: Z_TO_X }));
    const span = expectedSpan([-0.3, -0.2, 0.8], [0.3, -0.2, 1.2]);
    assertNear(cyl.minX, span.x0, 1, "cylinder left cap");
    assertNear(cyl.maxX, span.x1, 1, "cylinder right cap");
    assertNear(cyl.cy, projectSide([0, 0, 1], 4, 1, SIZE)[1], 0.6, "cylinder centre row");
    // Unlike a capsule the end columns are (nearly) as tall as the middle one.
    const img = renderSide({ kind: "cylinder", size: [0.2, 0.3], pos: [0, 0, 1], rot: Z_TO_X });
    let end = 0;
    let mid = 0;
    for (let y = 0; y < SIZE; y++) {
      if (isRed(img, cyl.minX + 1, y)) end++;
      if (isRed(img, Math.round(cyl.cx), y)) mid++;
    }
    assert.ok(end >= mid - 2, `flat caps: end column ${end} vs middle ${mid}`);
  });

  it("draws an ellipsoid with its three radii", () => {
    const e = redBlob(renderSide({ kind: "ellipsoid", size: [0.5, 0.1, 0.2], pos: [0, 0, 1] }));
    const span = expectedSpan([-0.5, 0, 0.8], [0.5, 0, 1.2]);
    assertNear(e.minX, span.x0, 1, "ellipsoid left");
    assertNear(e.maxX, span.x1, 1, "ellipsoid right");
    assertNear(e.minY, span.yTop, 1, "ellipsoid top");
    assertNear(e.maxY, span.yBottom, 1, "ellipsoid bottom");
    // Turned 45 degrees about +y, its long local x axis points to (c, 0, -c): right and down.
    const tilted = renderSide({
      kind: "ellipsoid",
      size: [0.5, 0.1, 0.1],
      pos: [0, 0, 1],
      rot: [C, 0, C, 0, 1, 0, -C, 0, C],
    });
    const [cx, cy] = projectSide([0, 0, 1], 4, 1, SIZE);
    const d = 4;
    assert.ok(isRed(tilted, Math.round(cx + d), Math.round(cy + d)), "tilted: lower right filled");
    assert.ok(isRed(tilted, Math.round(cx - d), Math.round(cy - d)), "tilted: upper left filled");
    assert.ok(!isRed(tilted, Math.round(cx + d), Math.round(cy - d)), "tilted: upper right empty");
  });

  it("draws a bounded plane as a square seen from above, with a checker floor around it", () => {
    const height = 5;
    const img = new RayCaster(SIZE, SIZE).render(
      sceneWith(GREY_FLOOR, { kind: "plane", size: [0.5, 0.5, 0], pos: [1, 0.5, 0.01], rgba: RED }),
      topCamera(height),
    );
    const blob = redBlob(img);
    const [x0, y1] = projectTop([0.5, 0], height, SIZE);
    const [x1, y0] = projectTop([1.5, 1], height, SIZE);
    assertNear(blob.minX, x0, 1, "plane left");
    assertNear(blob.maxX, x1, 1, "plane right");
    assertNear(blob.minY, y0, 1, "plane top");
    assertNear(blob.maxY, y1, 1, "plane bottom");
    // Checker squares of 0.5 m: diagonal neighbours match, side neighbours differ.
    const at = (x: number, y: number) => luminance(img, ...projectTop([x, y], height, SIZE));
    assertNear(at(-1.25, -1.25), at(-1.75, -1.75), 0.5, "same-colour squares");
    assert.ok(Math.abs(at(-1.25, -1.25) - at(-1.75, -1.25)) > 10, "neighbouring squares differ");
  });

  it("shows the sky gradient above the horizon, brighter at the horizon than overhead", () => {
    // Looking 20 degrees up from 2.5 m: the horizon is near the bottom of the picture.
    const img = new RayCaster(SIZE, SIZE).render(sceneWith(GREY_FLOOR), {
      ...sideCamera(4, 2.5),
      elevationDeg: 20,
    });
    const top = 3 * 0;
    const px = img.pixels;
    assert.ok(px[top + 2] > px[top], "the sky is blue");
    const horizonRow = Math.round(
      SIZE / 2 + (Math.tan((20 * Math.PI) / 180) / Math.tan(Math.PI / 8)) * (SIZE / 2),
    );
    assert.ok(luminance(img, 40, horizonRow - 3) > luminance(img, 40, 0), "lighter towards the horizon");
  });

  it("darkens the floor under an object lit from above (a shadow), and only there", () => {
    const scene = sceneWith(GREY_FLOOR, { kind: "sphere", size: [0.3], pos: [0, 0.5, 1], rgba: RED });
    const camera = { ...sideCamera(4, 0.5), elevationDeg: -25 };
    const settings = { lightDirection: [0, 0, 1] as [number, number, number] };
    const lit = new RayCaster(SIZE, SIZE, { ...settings, shadows: false }).render(scene, camera);
    const shaded = new RayCaster(SIZE, SIZE, settings).render(scene, camera);
    const caster = new RayCaster(SIZE, SIZE, settings);
    caster.render(scene, camera);
    // Project the floor point under the sphere with the camera's own axes.
    const project = (p: [number, number, number]) => projectThrough(caster.cameraFrame, p, SIZE);
    const [ux, uy] = project([0, 0.5, 0]);
    assert.ok(!isRed(shaded, Math.round(ux), Math.round(uy)), "the floor under the sphere is visible");
    assert.ok(
      luminance(shaded, ux, uy) < 0.7 * luminance(lit, ux, uy),
      `shadow: ${luminance(shaded, ux, uy)} vs ${luminance(lit, ux, uy)} unshadowed`,
    );
    const [fx, fy] = project([1.5, 0.5, 0]);
    assert.equal(luminance(shaded, fx, fy), luminance(lit, fx, fy), "the floor away from the sphere is lit");
  });

  it("finds every caster's shadow among many (the light-space grid), and none between them", () => {
    const geoms: GeomSpec[] = [GREY_FLOOR];
    const kinds = ["box", "sphere", "capsule", "cylinder", "ellipsoid"] as const;
    for (let i = 0; i < 20; i++) {
      const kind = kinds[i % kinds.length];
      geoms.push({ kind, size: [0.1, 0.1, 0.1], pos: [-3 + 0.3 * i, 0.5 * (i % 3), 0.6], rgba: RED });
    }
    const scene = sceneWith(...geoms);
    const height = 10;
    const settings = { lightDirection: [0, 0, 1] as [number, number, number] };
    // Seen from straight above the casters hide their shadows: look from the side of the light instead.
    const camera = { ...topCamera(height), elevationDeg: -60 };
    const lit = new RayCaster(SIZE, SIZE, { ...settings, shadows: false }).render(scene, camera);
    const shaded = new RayCaster(SIZE, SIZE, settings).render(scene, camera);
    const caster = new RayCaster(SIZE, SIZE, settings);
    caster.render(scene, camera);
    const project = (p: [number, number, number]) =>
      projectThrough(caster.cameraFrame, p, SIZE).map(Math.round);
    let darkened = 0;
    for (let i = 0; i < 20; i++) {
      const [x, y] = project([-3 + 0.3 * i, 0.5 * (i % 3), 0]);
      if (isRed(shaded, x, y)) continue; // hidden behind a caster from this view
      assert.ok(luminance(shaded, x, y) < 0.8 * luminance(lit, x, y), `caster ${i} casts a shadow`);
      darkened++;
    }
    assert.ok(darkened >= 10, `${darkened} shadows were visible`);
    // Between the rows of casters (y = 1.25) and beyond them the floor stays lit.
    for (const x of [-2.5, 0, 2.5]) {
      const [px, py] = project([x, 1.25, 0]);
      assert.equal(luminance(shaded, px, py), luminance(lit, px, py), `floor at (${x}, 1.25) is lit`);
    }
  });

  it("tracks the scene's focus: the followed object stays put in the picture while the floor moves", () => {
    const tracking = { ...sideCamera(4, 1), track: true, elevationDeg: -20 };
    const at = (x: number) => {
      const s = sceneWith(GREY_FLOOR, { kind: "sphere", size: [0.2], pos: [x, 0, 1], rgba: RED });
      s.focus.set([x, 0, 1]);
      return new RayCaster(SIZE, SIZE).render(s, tracking);
    };
    const a = at(0);
    const b = at(5.25);
    const ba = redBlob(a);
    const bb = redBlob(b);
    assertNear(bb.cx, ba.cx, 1e-9, "same column");
    assertNear(bb.cy, ba.cy, 1e-9, "same row");
    assertNear(ba.cx, (SIZE - 1) / 2, 0.6, "centred");
    assert.notDeepEqual(a.pixels, b.pixels, "the floor under the camera moved");
    // Without tracking the camera stays and the object leaves the middle.
    const fixed = new RayCaster(SIZE, SIZE).render(
      sceneWith(GREY_FLOOR, { kind: "sphere", size: [0.2], pos: [1, 0, 1], rgba: RED }),
      { ...tracking, track: false },
    );
    assert.ok(redBlob(fixed).cx > ba.cx + 5, "a fixed camera sees it move right");
  });

  it("renders any size, and supersampling keeps the picture in place", () => {
    const scene = sceneWith(GREY_FLOOR, { kind: "sphere", size: [0.3], pos: [0.5, 0, 1], rgba: RED });
    const wide = new RayCaster(120, 60).render(scene, sideCamera(4, 1));
    assert.equal(wide.pixels.length, 120 * 60 * 3);
    const blob = redBlob(wide);
    // Horizontal scale follows the vertical field of view (square pixels).
    const tan = Math.tan(Math.PI / 8);
    assertNear(blob.cx, (0.5 / 4 / tan) * 30 + 60 - 0.5, 0.6, "wide picture column");
    const smooth = redBlob(new RayCaster(SIZE, SIZE, { samplesPerAxis: 3 }).render(scene, sideCamera(4, 1)));
    const sharp = redBlob(new RayCaster(SIZE, SIZE).render(scene, sideCamera(4, 1)));
    assertNear(smooth.cx, sharp.cx, 0.5, "supersampled centre");
  });

  it("rejects bad sizes, cameras and geoms with one clear sentence", () => {
    assert.throws(() => new RayCaster(0, 10), /render size/);
    assert.throws(() => new RayCaster(8, 8, { samplesPerAxis: 0 }), /samplesPerAxis/);
    const s = sceneWith(GREY_FLOOR);
    assert.throws(() => new RayCaster(8, 8).render(s, { ...sideCamera(4, 1), distance: -1 }), /distance/);
    assert.throws(() => new RayCaster(8, 8).render(s, sideCamera(4, 1), new Uint8Array(5)), /output buffer/);
    assert.throws(() => addGeom(s, { kind: "capsule", size: [0.1], pos: [0, 0, 0] }), /capsule geom needs 2/);
    assert.throws(() => addGeom(s, { kind: "sphere", size: [0.1], pos: [0, Number.NaN, 0] }), /position/);
  });
});
