// The register-tile micro-kernel of the packed GEMM: one MR x NR block of C from an A micro-panel
// (kc steps of MR floats) and a B micro-panel (kc steps of NR floats), both packed by gemmPack.ts.
// 4 x 8 keeps 8 f32x4 accumulators, 2 B vectors and 4 broadcast A values in registers: V8 hoists
// all of a step's loads to its start and has 15 usable vector registers on x64, so taller or wider
// tiles (5x8, 6x8, 4x12) spill and run much slower (results/engine.md).
import { madd } from "./simd";

export const MR: i32 = 4;
export const NR: i32 = 8;

/**
 * C[0:4, 0:8] = alpha * (A panel . B panel) + beta * C, with C rows `ldcBytes` apart.
 * beta == 0 writes C without reading it (it may hold NaN).
 * Inlined into the loops that call it: V8 unrolls the k-loop there and hoists the address
 * arithmetic out of it, but not in a function of its own (17 instead of 26 instructions per step).
 */
// @ts-ignore: decorator
@inline
export function microKernel4x8(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldcBytes: usize,
  alpha: f32,
  beta: f32,
): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  // Ending on a pointer comparison saves a counter.
  const bEnd = bp + (<usize>(kc * NR) << 2);
  while (bp < bEnd) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    c00 = madd(a0, b0, c00);
    c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(ap, 4);
    c10 = madd(a1, b0, c10);
    c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(ap, 8);
    c20 = madd(a2, b0, c20);
    c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(ap, 12);
    c30 = madd(a3, b0, c30);
    c31 = madd(a3, b1, c31);
    ap += 16;
    bp += 32;
  }
  const va = f32x4.splat(alpha);
  const c1 = c + ldcBytes;
  const c2 = c1 + ldcBytes;
  const c3 = c2 + ldcBytes;
  if (beta == 0) {
    v128.store(c, f32x4.mul(va, c00));
    v128.store(c, f32x4.mul(va, c01), 16);
    v128.store(c1, f32x4.mul(va, c10));
    v128.store(c1, f32x4.mul(va, c11), 16);
    v128.store(c2, f32x4.mul(va, c20));
    v128.store(c2, f32x4.mul(va, c21), 16);
    v128.store(c3, f32x4.mul(va, c30));
    v128.store(c3, f32x4.mul(va, c31), 16);
  } else {
    const vb = f32x4.splat(beta);
    v128.store(c, madd(va, c00, f32x4.mul(vb, v128.load(c))));
    v128.store(c, madd(va, c01, f32x4.mul(vb, v128.load(c, 16))), 16);
    v128.store(c1, madd(va, c10, f32x4.mul(vb, v128.load(c1))));
    v128.store(c1, madd(va, c11, f32x4.mul(vb, v128.load(c1, 16))), 16);
    v128.store(c2, madd(va, c20, f32x4.mul(vb, v128.load(c2))));
    v128.store(c2, madd(va, c21, f32x4.mul(vb, v128.load(c2, 16))), 16);
    v128.store(c3, madd(va, c30, f32x4.mul(vb, v128.load(c3))));
    v128.store(c3, madd(va, c31, f32x4.mul(vb, v128.load(c3, 16))), 16);
  }
}

/**
 * The same for a tile cut by the edge of C (rows < MR or cols < NR): the full tile goes to
 * `tmp` (MR*NR floats), then only the valid part is merged into C.
 */
export function microKernelEdge(
  kc: i32,
  ap: usize,
  bp: usize,
  c: usize,
  ldcBytes: usize,
  rows: i32,
  cols: i32,
  alpha: f32,
  beta: f32,
  tmp: usize,
): void {
  microKernel4x8(kc, ap, bp, tmp, <usize>NR << 2, 1, 0);
  for (let i = 0; i < rows; i++) {
    const crow = c + <usize>i * ldcBytes;
    const trow = tmp + (<usize>(i * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const cp = crow + (<usize>j << 2);
      const v = alpha * load<f32>(trow + (<usize>j << 2));
      store<f32>(cp, beta == 0 ? v : v + beta * load<f32>(cp));
    }
  }
}
