// Packing for the GEMM: copies a block of op(A) or op(B) into the contiguous micro-panel layout the
// micro-kernel reads (gemmMicroKernel.ts), so that one kernel serves every transpose case.
//   A block (rows x kc) -> ceil(rows / MR) panels, each kc steps of MR floats: panel[p*MR + r]
//   B block (kc x cols) -> ceil(cols / NR) panels, each kc steps of NR floats: panel[p*NR + j]
// Rows / columns past the edge are packed as zeros. Every source read is a vector load: an operand
// whose panel values lie across rows is read in 4x4 blocks and transposed in registers; one whose
// panel values lie along a row is copied four steps at a time across all panels, so that the
// source is read row by row instead of jumping a whole row (often 4 KiB, one page) per step.
import { MR, NR } from "./gemmMicroKernel";

// @ts-ignore: decorator
@inline
function byteOffset(row: i32, col: i32, ld: i32): usize {
  return <usize>(row * ld + col) << 2;
}

/**
 * Stores the 4x4 block with rows r0..r3 (r_i holds x[i][0..3]) transposed: x[0..3][j] goes to
 * dst + j * stepBytes.
 */
// @ts-ignore: decorator
@inline
function storeTransposed4x4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stepBytes: usize): void {
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5); // x00 x10 x01 x11
  const t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5); // x20 x30 x21 x31
  const t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7); // x02 x12 x03 x13
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7); // x22 x32 x23 x33
  v128.store(dst, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
  v128.store(dst + stepBytes, f32x4.shuffle(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * stepBytes, f32x4.shuffle(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stepBytes, f32x4.shuffle(t2, t3, 2, 3, 6, 7));
}

/**
 * Packs rows i0..i0+rows and steps p0..p0+kc of op(A) (op(A)[i][p] = A[i][p], or A[p][i] when
 * transA) into `dst`.
 */
export function packA(transA: i32, a: usize, lda: i32, i0: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  const panelBytes = <usize>(kc * MR) << 2;
  const fullPanels = rows / MR;
  if (transA) packAlongRows(a, lda, p0, kc, i0, fullPanels, MR, dst);
  else for (let t = 0; t < fullPanels; t++) packATransposing(a, lda, i0 + t * MR, p0, kc, dst + <usize>t * panelBytes);
  const done = fullPanels * MR;
  if (done < rows) packAEdge(transA, a, lda, i0 + done, rows - done, p0, kc, dst + <usize>fullPanels * panelBytes);
}

/**
 * Packs steps p0..p0+kc and columns j0..j0+cols of op(B) (op(B)[p][j] = B[p][j], or B[j][p] when
 * transB) into `dst`.
 */
export function packB(transB: i32, b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, cols: i32, dst: usize): void {
  const panelBytes = <usize>(kc * NR) << 2;
  const fullPanels = cols / NR;
  if (!transB) packAlongRows(b, ldb, p0, kc, j0, fullPanels, NR, dst);
  else for (let t = 0; t < fullPanels; t++) packBTransposing(b, ldb, p0, kc, j0 + t * NR, dst + <usize>t * panelBytes);
  const done = fullPanels * NR;
  if (done < cols) packBEdge(transB, b, ldb, p0, kc, j0 + done, cols - done, dst + <usize>fullPanels * panelBytes);
}

/**
 * `panels` full panels of `width` (4 or 8) floats per step from a source whose step p is row p:
 * panel t, step p = src[p0 + p][q0 + t*width ..].
 */
// @ts-ignore: decorator
@inline
function packAlongRows(src: usize, ld: i32, p0: i32, kc: i32, q0: i32, panels: i32, width: i32, dst: usize): void {
  const stepBytes = <usize>width << 2;
  const panelBytes = <usize>kc * stepBytes;
  const ldBytes = <usize>ld << 2;
  let row = src + byteOffset(p0, q0, ld);
  for (let p = 0; p < kc; p += 4) {
    const steps = min(4, kc - p);
    const rowEnd = row + <usize>steps * ldBytes;
    let d = dst + <usize>p * stepBytes;
    for (let t = 0; t < panels; t++) {
      const s0 = row + <usize>t * stepBytes;
      let dd = d;
      for (let s = s0; s < rowEnd; s += ldBytes) {
        v128.store(dd, v128.load(s));
        if (width == 8) v128.store(dd, v128.load(s, 16), 16);
        dd += stepBytes;
      }
      d += panelBytes;
    }
    row = rowEnd;
  }
}

/** One full A panel (MR = 4 rows) from a row-major A: 4x4 blocks transposed. */
function packATransposing(a: usize, lda: i32, i0: i32, p0: i32, kc: i32, panel: usize): void {
  const ldaBytes = <usize>lda << 2;
  const a0 = a + byteOffset(i0, p0, lda);
  const a1 = a0 + ldaBytes;
  const a2 = a1 + ldaBytes;
  const a3 = a2 + ldaBytes;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const off = <usize>p << 2;
    const d = panel + (<usize>(p * MR) << 2);
    storeTransposed4x4(v128.load(a0 + off), v128.load(a1 + off), v128.load(a2 + off), v128.load(a3 + off), d, 16);
  }
  for (; p < kc; p++) {
    const off = <usize>p << 2;
    const d = panel + (<usize>(p * MR) << 2);
    store<f32>(d, load<f32>(a0 + off));
    store<f32>(d, load<f32>(a1 + off), 4);
    store<f32>(d, load<f32>(a2 + off), 8);
    store<f32>(d, load<f32>(a3 + off), 12);
  }
}

/** One full B panel (NR = 8 columns) from a transposed B (row j holds column j): two 4x4 blocks per 4 steps. */
function packBTransposing(b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, panel: usize): void {
  const ldbBytes = <usize>ldb << 2;
  const stepBytes = <usize>NR << 2;
  const b0 = b + byteOffset(j0, p0, ldb);
  const b1 = b0 + ldbBytes;
  const b2 = b1 + ldbBytes;
  const b3 = b2 + ldbBytes;
  const b4 = b3 + ldbBytes;
  const b5 = b4 + ldbBytes;
  const b6 = b5 + ldbBytes;
  const b7 = b6 + ldbBytes;
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    const off = <usize>p << 2;
    const d = panel + <usize>p * stepBytes;
    storeTransposed4x4(v128.load(b0 + off), v128.load(b1 + off), v128.load(b2 + off), v128.load(b3 + off), d, stepBytes);
    storeTransposed4x4(
      v128.load(b4 + off),
      v128.load(b5 + off),
      v128.load(b6 + off),
      v128.load(b7 + off),
      d + 16,
      stepBytes,
    );
  }
  for (; p < kc; p++) {
    const off = <usize>p << 2;
    const d = panel + <usize>p * stepBytes;
    store<f32>(d, load<f32>(b0 + off));
    store<f32>(d, load<f32>(b1 + off), 4);
    store<f32>(d, load<f32>(b2 + off), 8);
    store<f32>(d, load<f32>(b3 + off), 12);
    store<f32>(d, load<f32>(b4 + off), 16);
    store<f32>(d, load<f32>(b5 + off), 20);
    store<f32>(d, load<f32>(b6 + off), 24);
    store<f32>(d, load<f32>(b7 + off), 28);
  }
}

/** The last A panel, with valid < MR rows; the rest is zero. */
function packAEdge(transA: i32, a: usize, lda: i32, i0: i32, valid: i32, p0: i32, kc: i32, panel: usize): void {
  for (let p = 0; p < kc; p++) {
    const d = panel + (<usize>(p * MR) << 2);
    for (let r = 0; r < MR; r++) {
      let v: f32 = 0;
      if (r < valid) v = load<f32>(a + (transA ? byteOffset(p0 + p, i0 + r, lda) : byteOffset(i0 + r, p0 + p, lda)));
      store<f32>(d + (<usize>r << 2), v);
    }
  }
}

/** The last B panel, with valid < NR columns; the rest is zero. */
function packBEdge(transB: i32, b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, valid: i32, panel: usize): void {
  for (let p = 0; p < kc; p++) {
    const d = panel + (<usize>(p * NR) << 2);
    for (let j = 0; j < NR; j++) {
      let v: f32 = 0;
      if (j < valid) v = load<f32>(b + (transB ? byteOffset(j0 + j, p0 + p, ldb) : byteOffset(p0 + p, j0 + j, ldb)));
      store<f32>(d + (<usize>j << 2), v);
    }
  }
}
