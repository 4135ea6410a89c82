// PNG encoding and decoding of RGB pictures (pngjs).
import { PNG } from "pngjs";
import type { RgbImage } from "./rayCaster.js";

export function encodePng(image: RgbImage): Buffer {
  const { width, height, pixels } = image;
  if (pixels.length !== width * height * 3)
    throw new Error(
      `An RGB image of ${width}x${height} needs ${width * height * 3} bytes, got ${pixels.length}.`,
    );
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    rgba[j] = pixels[i];
    rgba[j + 1] = pixels[i + 1];
    rgba[j + 2] = pixels[i + 2];
    rgba[j + 3] = 255;
  }
  // colorType 2: stored as RGB without alpha.
  return PNG.sync.write({ width, height, data: rgba } as PNG, { colorType: 2 });
}

/** Decodes a PNG into RGB (alpha, if any, is dropped). */
export function decodePng(bytes: Uint8Array): RgbImage {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const pixels = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < pixels.length; i += 3, j += 4) {
    pixels[i] = png.data[j];
    pixels[i + 1] = png.data[j + 1];
    pixels[i + 2] = png.data[j + 2];
  }
  return { width: png.width, height: png.height, pixels };
}
