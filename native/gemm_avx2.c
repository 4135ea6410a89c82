// The GEMM for CPUs with AVX2 and FMA (compiled with -mavx2 -mfma): a register tile of 6 rows by
// two 8-float vectors, 12 accumulators of the 16 vector registers; edge tiles go through a
// temporary tile.
#include <immintrin.h>

#include "isa.h"

#define MR 6
#define NR 16
#define KC 256
#define MC 96
#define NC 1024

static inline __attribute__((always_inline)) void micro_kernel(int kc, const float* ap, const float* bp, float* c,
                                                               size_t ldc, int rows, int cols, float alpha,
                                                               float beta) {
  __m256 acc0[MR], acc1[MR];
#pragma GCC unroll 8
  for (int r = 0; r < MR; r++) {
    acc0[r] = _mm256_setzero_ps();
    acc1[r] = _mm256_setzero_ps();
  }
  for (int p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_load_ps(bp);
    const __m256 b1 = _mm256_load_ps(bp + 8);
#pragma GCC unroll 8
    for (int r = 0; r < MR; r++) {
      const __m256 av = _mm256_broadcast_ss(ap + r);
      acc0[r] = _mm256_fmadd_ps(av, b0, acc0[r]);
      acc1[r] = _mm256_fmadd_ps(av, b1, acc1[r]);
    }
    ap += MR;
    bp += NR;
  }
  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
  if (rows == MR && cols == NR) {
#pragma GCC unroll 8
    for (int r = 0; r < MR; r++) {
      float* cr = c + r * ldc;
      if (beta == 0.0f) {
        _mm256_storeu_ps(cr, _mm256_mul_ps(va, acc0[r]));
        _mm256_storeu_ps(cr + 8, _mm256_mul_ps(va, acc1[r]));
      } else {
        _mm256_storeu_ps(cr, _mm256_fmadd_ps(va, acc0[r], _mm256_mul_ps(vb, _mm256_loadu_ps(cr))));
        _mm256_storeu_ps(cr + 8, _mm256_fmadd_ps(va, acc1[r], _mm256_mul_ps(vb, _mm256_loadu_ps(cr + 8))));
      }
    }
    return;
  }
  // The same arithmetic lane by lane for the valid part of an edge tile.
  float tile[MR * NR] __attribute__((aligned(32)));
  for (int r = 0; r < MR; r++) {
    _mm256_store_ps(tile + r * NR, acc0[r]);
    _mm256_store_ps(tile + r * NR + 8, acc1[r]);
  }
  for (int r = 0; r < rows; r++)
    for (int j = 0; j < cols; j++) {
      float* cp = c + r * ldc + j;
      *cp = beta == 0.0f ? alpha * tile[r * NR + j] : __builtin_fmaf(alpha, tile[r * NR + j], beta * *cp);
    }
}

#include "gemm_impl.h"

const isa_kernels isa_avx2 = {
    .name = "AVX2",
    .mr = MR,
    .nr = NR,
    .scratch_floats = (size_t)MC * KC + (size_t)KC * NC,
    .gemm = gemm,
};
