// The GEMM for CPUs with AVX-512F (compiled with -mavx512f -mfma): a register tile of 8 rows by
// two 16-float vectors, 16 accumulators of the 32 vector registers; edge tiles are stored with lane
// masks. 8 rows rather than 12 or 14: not slower in any transpose case (results/engine.md), and the
// engine's batch sizes (multiples of 8) then leave no edge rows.
#include <immintrin.h>

#include "gemm_tile_avx512.h"
#include "isa.h"

#define MR 8
#define NR 32
// A B micro-panel (KC x NR, 32 KiB) stays in L1 while A micro-panels stream from the A block
// (MC x KC) in L2; the B block (KC x NC) sits in L2/L3. MC is a multiple of MR (packed A fills
// whole panels).
#define KC 256
#define MC 96
#define NC 1024

static inline __attribute__((always_inline)) void micro_kernel(int kc, const float* ap, const float* bp, float* c,
                                                               size_t ldc, int rows, int cols, float alpha,
                                                               float beta) {
  __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) {
    acc0[r] = _mm512_setzero_ps();
    acc1[r] = _mm512_setzero_ps();
  }
  for (int p = 0; p < kc; p++) {
    const __m512 b0 = _mm512_load_ps(bp);
    const __m512 b1 = _mm512_load_ps(bp + 16);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const __m512 av = _mm512_set1_ps(ap[r]);
      acc0[r] = _mm512_fmadd_ps(av, b0, acc0[r]);
      acc1[r] = _mm512_fmadd_ps(av, b1, acc1[r]);
    }
    ap += MR;
    bp += NR;
  }
  store_tile(c, ldc, acc0, acc1, MR, rows, cols, alpha, beta);
}

#include "gemm_impl.h"

const isa_kernels isa_avx512 = {
    .name = "AVX-512",
    .mr = MR,
    .nr = NR,
    .scratch_floats = (size_t)MC * KC + (size_t)KC * NC,
    .gemm = gemm,
};
