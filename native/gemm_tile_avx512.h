// Stores an AVX-512 register tile of C (rows of two 16-float accumulators), shared by the fp32 and
// bf16 micro-kernels: C = alpha * acc + beta * C, edge tiles with lane masks; beta == 0 writes C
// without reading it.
#ifndef ATRADIFF_GEMM_TILE_AVX512_H
#define ATRADIFF_GEMM_TILE_AVX512_H
#include <immintrin.h>
#include <stddef.h>

/** Lanes 0..count-1 set (count clamped to 0..16). */
static inline __mmask16 lanes16(int count) {
  return count >= 16 ? (__mmask16)0xffff : count <= 0 ? 0 : (__mmask16)((1u << count) - 1);
}

static inline __attribute__((always_inline)) void store_row(float* c, __m512 v0, __m512 v1, __mmask16 m0,
                                                            __mmask16 m1, __m512 va, __m512 vb, float beta) {
  if (beta == 0.0f) {
    _mm512_mask_storeu_ps(c, m0, _mm512_mul_ps(va, v0));
    _mm512_mask_storeu_ps(c + 16, m1, _mm512_mul_ps(va, v1));
  } else {
    __m512 c0 = _mm512_maskz_loadu_ps(m0, c);
    __m512 c1 = _mm512_maskz_loadu_ps(m1, c + 16);
    _mm512_mask_storeu_ps(c, m0, _mm512_fmadd_ps(va, v0, _mm512_mul_ps(vb, c0)));
    _mm512_mask_storeu_ps(c + 16, m1, _mm512_fmadd_ps(va, v1, _mm512_mul_ps(vb, c1)));
  }
}

/** The first `rows` of an `mr`-row tile (acc0: columns 0..15, acc1: 16..31), `cols` columns of them. */
static inline __attribute__((always_inline)) void store_tile(float* c, size_t ldc, const __m512* acc0,
                                                             const __m512* acc1, int mr, int rows, int cols,
                                                             float alpha, float beta) {
  const __m512 va = _mm512_set1_ps(alpha);
  const __m512 vb = _mm512_set1_ps(beta);
  const __mmask16 m0 = lanes16(cols), m1 = lanes16(cols - 16);
  if (rows == mr) {
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++) store_row(c + r * ldc, acc0[r], acc1[r], m0, m1, va, vb, beta);
  } else {
#pragma GCC unroll 16
    for (int r = 0; r < mr; r++)
      if (r < rows) store_row(c + r * ldc, acc0[r], acc1[r], m0, m1, va, vb, beta);
  }
}
#endif
