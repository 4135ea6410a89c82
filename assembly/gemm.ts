// General matrix product, row-major: C[:, n0:n1] = alpha * op(A) op(B) + beta * C, op = transpose
// when its flag is set. BLIS-style: a KC x NC block of op(B) and an MC x KC block of op(A) are
// packed into the caller's scratch (gemmPack.ts), then one register-tile micro-kernel
// (gemmMicroKernel.ts) sweeps them; only the packing depends on the transpose flags, so A.B, A.B^T
// and A^T.B all run at the same speed. The column range lets threads split one product.
import { microKernel4x8, microKernelEdge, MR, NR } from "./gemmMicroKernel";
import { packA, packB } from "./gemmPack";

// Cache blocking for Zen 4 as this VM exposes it (32 KiB L1d, 512 KiB L2): a B micro-panel
// (KC x NR, 16 KiB) stays in L1 while A micro-panels (8 KiB) stream from the A block (MC x KC,
// 128 KiB) in L2. Other block sizes were about as fast, none ahead (results/engine.md).
const KC: i32 = 512;
const MC: i32 = 64;
const NC: i32 = 512;

const A_BLOCK_BYTES: usize = <usize>(MC * KC) << 2;
const B_BLOCK_BYTES: usize = <usize>(KC * NC) << 2;
const TILE_BYTES: usize = <usize>(MR * NR) << 2;

/** Bytes of scratch one thread needs for gemm(): packed A and B blocks and an edge tile. */
export function gemmScratchBytes(): i32 {
  return <i32>(A_BLOCK_BYTES + B_BLOCK_BYTES + TILE_BYTES);
}

export function gemm(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  n0: i32,
  n1: i32,
  scratch: usize,
): void {
  if (n1 > n) n1 = n;
  if (n0 < 0) n0 = 0;
  if (m <= 0 || n1 <= n0) return;
  if (k <= 0) {
    scaleColumns(m, c, ldc, n0, n1, beta);
    return;
  }
  const aBlock = scratch;
  const bBlock = scratch + A_BLOCK_BYTES;
  const tile = bBlock + B_BLOCK_BYTES;
  const ldcBytes = <usize>ldc << 2;
  for (let jc = n0; jc < n1; jc += NC) {
    const nc = min(NC, n1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // Later k-blocks accumulate onto what the first one wrote.
      const betaBlock: f32 = pc == 0 ? beta : 1;
      packB(transB, b, ldb, pc, kc, jc, nc, bBlock);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(transA, a, lda, ic, mc, pc, kc, aBlock);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bPanel = bBlock + (<usize>(jr * kc) << 2);
          const cCol = c + (<usize>(jc + jr) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const aPanel = aBlock + (<usize>(ir * kc) << 2);
            const cTile = cCol + <usize>(ic + ir) * ldcBytes;
            if (rows == MR && cols == NR) microKernel4x8(kc, aPanel, bPanel, cTile, ldcBytes, alpha, betaBlock);
            else microKernelEdge(kc, aPanel, bPanel, cTile, ldcBytes, rows, cols, alpha, betaBlock, tile);
          }
        }
      }
    }
  }
}

/** C[:, n0:n1] = beta * C (an empty product); beta == 0 writes zeros without reading C. */
function scaleColumns(m: i32, c: usize, ldc: i32, n0: i32, n1: i32, beta: f32): void {
  for (let i = 0; i < m; i++) {
    const row = c + (<usize>(i * ldc) << 2);
    for (let j = n0; j < n1; j++) {
      const cp = row + (<usize>j << 2);
      store<f32>(cp, beta == 0 ? 0 : beta * load<f32>(cp));
    }
  }
}
