// Helpers for the renderer tests: an independent pinhole projection for the side camera the tests
// use (and one through the camera frame the renderer reports), and the region of "red" pixels in a
// picture.
import type { CameraFrame, CameraSettings } from "../../src/envs/render/camera.js";
import type { RgbImage } from "../../src/envs/render/rayCaster.js";

/** A camera at (0, -distance, lookZ) looking along +y: +x is right and +z is up in the picture. */
export function sideCamera(distance: number, lookZ: number, fovyDeg = 45): CameraSettings {
  return { distance, azimuthDeg: 90, elevationDeg: 0, fovyDeg, lookat: [0, 0, lookZ], track: false };
}

/**
 * Where the point (x, y, z) lands (pixel coordinates, pixel centres at integers) for
 * sideCamera(distance, lookZ) on a size x size picture, written out by hand.
 */
export function projectSide(
  p: readonly [number, number, number],
  distance: number,
  lookZ: number,
  size: number,
  fovyDeg = 45,
): [number, number] {
  const depth = p[1] + distance;
  const tan = Math.tan((fovyDeg * Math.PI) / 360);
  const col = ((p[0] / depth / tan + 1) * size) / 2 - 0.5;
  const row = ((1 - (p[2] - lookZ) / depth / tan) * size) / 2 - 0.5;
  return [col, row];
}

/** A straight-down camera over (0, 0, 0) from `height`: +x right, +y up in the picture. */
export function topCamera(height: number, fovyDeg = 45): CameraSettings {
  return { distance: height, azimuthDeg: 90, elevationDeg: -90, fovyDeg, lookat: [0, 0, 0], track: false };
}

export function projectTop(
  p: readonly [number, number],
  height: number,
  size: number,
  fovyDeg = 45,
): [number, number] {
  const tan = Math.tan((fovyDeg * Math.PI) / 360);
  return [((p[0] / height / tan + 1) * size) / 2 - 0.5, ((1 - p[1] / height / tan) * size) / 2 - 0.5];
}

/** Where the point p lands (pixel coordinates) through a camera frame the renderer reports, on a size x size picture. */
export function projectThrough(
  frame: CameraFrame,
  p: readonly [number, number, number],
  size: number,
): [number, number] {
  const q = [p[0] - frame.origin[0], p[1] - frame.origin[1], p[2] - frame.origin[2]];
  const dot = (a: Float64Array) => q[0] * a[0] + q[1] * a[1] + q[2] * a[2];
  const z = dot(frame.forward);
  const t = frame.tanHalfFovy;
  return [((dot(frame.right) / z / t + 1) * size) / 2 - 0.5, ((1 - dot(frame.up) / z / t) * size) / 2 - 0.5];
}

export interface Blob {
  count: number;
  cx: number;
  cy: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function isRed(img: RgbImage, x: number, y: number): boolean {
  const i = 3 * (y * img.width + x);
  const [r, g, b] = [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]];
  return r > 40 && r > 2 * g && r > 2 * b;
}

/** Centroid and bounding box of the red pixels. */
export function redBlob(img: RgbImage): Blob {
  const blob: Blob = {
    count: 0,
    cx: 0,
    cy: 0,
    minX: Infinity,
    maxX: -Infinity,
    minY: Infinity,
    maxY: -Infinity,
  };
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      if (!isRed(img, x, y)) continue;
      blob.count++;
      blob.cx += x;
      blob.cy += y;
      blob.minX = Math.min(blob.minX, x);
      blob.maxX = Math.max(blob.maxX, x);
      blob.minY = Math.min(blob.minY, y);
      blob.maxY = Math.max(blob.maxY, y);
    }
  if (blob.count > 0) {
    blob.cx /= blob.count;
    blob.cy /= blob.count;
  }
  return blob;
}

export function luminance(img: RgbImage, x: number, y: number): number {
  const i = 3 * (Math.round(y) * img.width + Math.round(x));
  return 0.299 * img.pixels[i] + 0.587 * img.pixels[i + 1] + 0.114 * img.pixels[i + 2];
}
