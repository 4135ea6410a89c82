// The engine's memory: one WebAssembly.Memory (shared between threads when possible) holding every
// tensor. Allocation is a bump pointer plus exact-size free lists: a training step allocates the
// same sizes every time, so after the first step no memory is ever requested again.
const PAGE = 65536;
const ALIGN = 64; // cache line; also keeps every f32x4 load aligned

export class Heap {
  readonly memory: WebAssembly.Memory;
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  private f32Cache: Float32Array;
  private u8Cache: Uint8Array;
  /** Bytes currently handed out (not counting free-list blocks). */
  liveBytes = 0;
  /** Called after the memory has grown (the native backend then takes the new buffer). */
  onGrow: (() => void) | null = null;

  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory;
    this.top = alignUp(base, ALIGN);
    this.f32Cache = new Float32Array(memory.buffer);
    this.u8Cache = new Uint8Array(memory.buffer);
  }

  /** Allocates `bytes` bytes aligned to 64; returns the byte offset. */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, 4), ALIGN);
    const list = this.freeLists.get(size);
    this.liveBytes += size;
    if (list && list.length > 0) return list.pop()!;
    const ptr = this.top;
    this.top += size;
    const needed = this.top - this.memory.buffer.byteLength;
    if (needed > 0) {
      const pages = Math.ceil(needed / PAGE);
      // Grow generously to keep the number of grow calls small.
      const grow = Math.max(pages, Math.ceil(this.memory.buffer.byteLength / PAGE / 4));
      try {
        this.memory.grow(grow);
      } catch {
        this.memory.grow(pages);
      }
      this.onGrow?.();
    }
    return ptr;
  }

  free(ptr: number, bytes: number): void {
    const size = alignUp(Math.max(bytes, 4), ALIGN);
    this.liveBytes -= size;
    let list = this.freeLists.get(size);
    if (!list) {
      list = [];
      this.freeLists.set(size, list);
    }
    list.push(ptr);
  }

  /** Total bytes reserved from the memory so far. */
  get reservedBytes(): number {
    return this.top;
  }

  /** A Float32Array over the whole memory, refreshed when the memory has grown. */
  get f32(): Float32Array {
    if (
      this.f32Cache.buffer !== this.memory.buffer ||
      this.f32Cache.length * 4 < this.memory.buffer.byteLength
    )
      this.f32Cache = new Float32Array(this.memory.buffer);
    return this.f32Cache;
  }

  get u8(): Uint8Array {
    if (this.u8Cache.buffer !== this.memory.buffer || this.u8Cache.length < this.memory.buffer.byteLength)
      this.u8Cache = new Uint8Array(this.memory.buffer);
    return this.u8Cache;
  }

  /** A Float32Array view of `length` floats at byte offset `ptr` (valid until the memory grows). */
  view(ptr: number, length: number): Float32Array {
    return this.f32.subarray(ptr >>> 2, (ptr >>> 2) + length);
  }
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
