// Animated GIF encoding (gifenc) of equally sized RGB frames with one shared 256-colour palette,
// so colours do not flicker from frame to frame.
import gifenc from "gifenc";
import type { RgbImage } from "./rayCaster.js";

export interface GifOptions {
  /** Time each frame is shown, milliseconds (GIF stores hundredths of a second). */
  delayMs: number;
  /** 0 loops forever (the default), -1 plays once, k repeats k times. */
  repeat?: number;
}

/** Frames sampled (evenly) to build the shared palette; enough to see every colour of a scene. */
const PALETTE_SAMPLE_FRAMES = 16;

function toRgba(image: RgbImage): Uint8Array {
  const rgba = new Uint8Array(image.width * image.height * 4);
  const p = image.pixels;
  for (let i = 0, j = 0; i < p.length; i += 3, j += 4) {
    rgba[j] = p[i];
    rgba[j + 1] = p[i + 1];
    rgba[j + 2] = p[i + 2];
    rgba[j + 3] = 255;
  }
  return rgba;
}

export function encodeGif(frames: readonly RgbImage[], opts: GifOptions): Uint8Array {
  if (frames.length === 0) throw new Error("An animated GIF needs at least one frame, got none.");
  const { width, height } = frames[0];
  for (const f of frames)
    if (f.width !== width || f.height !== height)
      throw new Error(`GIF frames must all be ${width}x${height}, got one of ${f.width}x${f.height}.`);
  if (!(opts.delayMs >= 0) || !Number.isFinite(opts.delayMs))
    throw new Error(`A GIF frame delay must be a number of milliseconds >= 0, got ${opts.delayMs}.`);
  const rgbaFrames = frames.map(toRgba);
  const sampleCount = Math.min(PALETTE_SAMPLE_FRAMES, frames.length);
  const frameBytes = width * height * 4;
  const sample = new Uint8Array(sampleCount * frameBytes);
  for (let k = 0; k < sampleCount; k++) {
    const i = Math.floor((k * frames.length) / sampleCount);
    sample.set(rgbaFrames[i], k * frameBytes);
  }
  const palette = gifenc.quantize(sample, 256);
  const gif = gifenc.GIFEncoder();
  rgbaFrames.forEach((rgba, i) => {
    const index = gifenc.applyPalette(rgba, palette);
    // The first frame's palette becomes the global colour table that the other frames use.
    gif.writeFrame(index, width, height, {
      palette: i === 0 ? palette : undefined,
      delay: opts.delayMs,
      repeat: opts.repeat ?? 0,
    });
  });
  gif.finish();
  return gif.bytes();
}
