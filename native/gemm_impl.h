// The packed GEMM driver, shared by the instruction-set builds: each build defines MR, NR, KC, MC,
// NC, the name prefix GEMM_NAME and micro_kernel(), then includes this file. BLIS-style, as the
// WebAssembly GEMM (assembly/gemm.ts): a KC x NC block of op(B) and an MC x KC block of op(A) are
// packed into contiguous micro-panels, then the register-tile micro-kernel sweeps them; only the
// packing depends on the transpose flags, so A.B, A.B^T and A^T.B run at the same speed.
//
// Every element of C is computed the same way wherever its tile lies (edge tiles run the full
// kernel on zero-padded panels): one sum over each KC block in order, so any split of the columns
// or rows over threads gives the same bits.
#include <string.h>

#include "gemm_edges.h"

/** Steps of a transposed B panel packed at a time (see pack_b). */
#define PACK_STEPS 16

/* Packs rows i0..i0+rows, steps p0..p0+kc of op(A) as ceil(rows/MR) panels of kc steps x MR. */
static void pack_a(int trans_a, const float* a, int lda, int i0, int rows, int p0, int kc, float* dst) {
  for (int t = 0; t < rows; t += MR) {
    const int valid = rows - t < MR ? rows - t : MR;
    float* panel = dst + (size_t)t * kc;
    if (!trans_a) {
      for (int r = 0; r < MR; r++) {
        if (r < valid) {
          const float* src = a + (size_t)(i0 + t + r) * lda + p0;
          for (int p = 0; p < kc; p++) panel[(size_t)p * MR + r] = src[p];
        } else
          for (int p = 0; p < kc; p++) panel[(size_t)p * MR + r] = 0.0f;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        const float* src = a + (size_t)(p0 + p) * lda + i0 + t;
        float* d = panel + (size_t)p * MR;
        int r = 0;
        for (; r < valid; r++) d[r] = src[r];
        for (; r < MR; r++) d[r] = 0.0f;
      }
    }
  }
}

/* Packs steps p0..p0+kc, columns j0..j0+cols of op(B) as ceil(cols/NR) panels of kc steps x NR. */
static void pack_b(int trans_b, const float* b, int ldb, int p0, int kc, int j0, int cols, float* dst) {
  for (int t = 0; t < cols; t += NR) {
    const int valid = cols - t < NR ? cols - t : NR;
    float* panel = dst + (size_t)t * kc;
    if (!trans_b) {
      for (int p = 0; p < kc; p++) {
        const float* src = b + (size_t)(p0 + p) * ldb + j0 + t;
        float* d = panel + (size_t)p * NR;
        if (valid == NR)
          memcpy(d, src, NR * sizeof(float));
        else {
          int j = 0;
          for (; j < valid; j++) d[j] = src[j];
          for (; j < NR; j++) d[j] = 0.0f;
        }
      }
    } else {
      // In blocks of PACK_STEPS steps, so that the part of the panel being written stays in L1.
      for (int p0b = 0; p0b < kc; p0b += PACK_STEPS) {
        const int steps = kc - p0b < PACK_STEPS ? kc - p0b : PACK_STEPS;
        float* d = panel + (size_t)p0b * NR;
        for (int j = 0; j < NR; j++) {
          if (j < valid) {
            const float* src = b + (size_t)(j0 + t + j) * ldb + p0 + p0b;
            for (int p = 0; p < steps; p++) d[(size_t)p * NR + j] = src[p];
          } else
            for (int p = 0; p < steps; p++) d[(size_t)p * NR + j] = 0.0f;
        }
      }
    }
  }
}

/** Products with at most this many columns of A.B^T go to gemm_dots (a layer with 1 to 8 outputs). */
#define DOTS_MAX_COLUMNS 8

typedef float dot_vec __attribute__((vector_size(64)));

/**
 * C[:, n0:n1] for A.B^T with few columns: each element is one dot product of a row of A and a row
 * of B, both contiguous, instead of a micro-kernel tile that would be mostly zero padding.
 */
static void gemm_dots(int m, int k, float alpha, const float* a, int lda, const float* b, int ldb, float beta,
                      float* c, int ldc, int n0, int n1) {
  const int lanes = 16;
  for (int i = 0; i < m; i++) {
    const float* ar = a + (size_t)i * lda;
    for (int j = n0; j < n1; j++) {
      const float* br = b + (size_t)j * ldb;
      dot_vec acc0 = {}, acc1 = {};
      int p = 0;
      for (; p + 2 * lanes <= k; p += 2 * lanes) {
        dot_vec x0, y0, x1, y1;
        memcpy(&x0, ar + p, sizeof x0);
        memcpy(&y0, br + p, sizeof y0);
        memcpy(&x1, ar + p + lanes, sizeof x1);
        memcpy(&y1, br + p + lanes, sizeof y1);
        acc0 += x0 * y0;
        acc1 += x1 * y1;
      }
      acc0 += acc1;
      float sum = 0;
      for (int l = 0; l < lanes; l++) sum += acc0[l];
      for (; p < k; p++) sum += ar[p] * br[p];
      float* cp = c + (size_t)i * ldc + j;
      *cp = beta == 0.0f ? alpha * sum : alpha * sum + beta * *cp;
    }
  }
}

static void gemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc, int n0, int n1, float* scratch) {
  if (!gemm_has_products(m, n, k, beta, c, ldc, &n0, &n1)) return;
  // Decided by the whole product's width, so that every split of it over threads takes one path.
  if (!trans_a && trans_b && n <= DOTS_MAX_COLUMNS) {
    gemm_dots(m, k, alpha, a, lda, b, ldb, beta, c, ldc, n0, n1);
    return;
  }
  float* a_block = scratch;
  float* b_block = scratch + (size_t)MC * KC;
  for (int jc = n0; jc < n1; jc += NC) {
    const int nc = n1 - jc < NC ? n1 - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      const int kc = k - pc < KC ? k - pc : KC;
      // Later k-blocks accumulate onto what the first one wrote.
      const float beta_block = pc == 0 ? beta : 1.0f;
      pack_b(trans_b, b, ldb, pc, kc, jc, nc, b_block);
      for (int ic = 0; ic < m; ic += MC) {
        const int mc = m - ic < MC ? m - ic : MC;
        pack_a(trans_a, a, lda, ic, mc, pc, kc, a_block);
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = nc - jr < NR ? nc - jr : NR;
          const float* b_panel = b_block + (size_t)jr * kc;
          float* c_col = c + jc + jr;
          for (int ir = 0; ir < mc; ir += MR) {
            const int rows = mc - ir < MR ? mc - ir : MR;
            micro_kernel(kc, a_block + (size_t)ir * kc, b_panel, c_col + (size_t)(ic + ir) * ldc, (size_t)ldc,
                         rows, cols, alpha, beta_block);
          }
        }
      }
    }
  }
}
