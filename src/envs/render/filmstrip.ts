// Lays equally sized frames out in a grid: left to right, then the next row.
import type { RgbImage } from "./rayCaster.js";

export interface FilmstripOptions {
  /** Frames per row; default all frames in one row, at most 8. */
  columns?: number;
  /** Pixels between frames (and none around the border). */
  gap?: number;
  /** Colour of the gaps and of unused cells in the last row. */
  background?: readonly [number, number, number];
}

export function filmstrip(frames: readonly RgbImage[], opts: FilmstripOptions = {}): RgbImage {
  if (frames.length === 0) throw new Error("A filmstrip needs at least one frame, got none.");
  const { width: w, height: h } = frames[0];
  for (const f of frames)
    if (f.width !== w || f.height !== h)
      throw new Error(`Filmstrip frames must all be ${w}x${h}, got one of ${f.width}x${f.height}.`);
  const columns = opts.columns ?? Math.min(frames.length, 8);
  const gap = opts.gap ?? 2;
  if (!Number.isInteger(columns) || columns < 1)
    throw new Error(`A filmstrip needs a positive integer number of columns, got ${columns}.`);
  if (!Number.isInteger(gap) || gap < 0)
    throw new Error(`A filmstrip gap must be an integer >= 0, got ${gap}.`);
  const cols = Math.min(columns, frames.length);
  const rows = Math.ceil(frames.length / cols);
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const pixels = new Uint8Array(width * height * 3);
  const [br, bg, bb] = opts.background ?? [255, 255, 255];
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = br;
    pixels[i + 1] = bg;
    pixels[i + 2] = bb;
  }
  frames.forEach((f, i) => {
    const x0 = (i % cols) * (w + gap);
    const y0 = Math.floor(i / cols) * (h + gap);
    for (let y = 0; y < h; y++)
      pixels.set(f.pixels.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * width + x0) * 3);
  });
  return { width, height, pixels };
}
