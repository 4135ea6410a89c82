// Types for the parts of gifenc (https://github.com/mattdesl/gifenc, no bundled types) we use.
declare module "gifenc" {
  type Palette = number[][];
  interface GifStream {
    writeFrame(
      index: Uint8Array,
      width: number,
      height: number,
      opts?: { palette?: Palette; delay?: number; repeat?: number; first?: boolean },
    ): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  interface Gifenc {
    GIFEncoder(opts?: { auto?: boolean; initialCapacity?: number }): GifStream;
    quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, opts?: { format?: string }): Palette;
    applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: string): Uint8Array;
  }
  const gifenc: Gifenc;
  export default gifenc;
}
