// The bf16 GEMM for CPUs with AVX512_BF16 (compiled with -mavx512f -mavx512bw -mavx512vl
// -mavx512bf16): C[:, n0:n1] = alpha * op(A) op(B) + beta * C, the contract of isa.h's gemm, with
// op(A) and op(B) rounded to bfloat16 (round to nearest even) while they are packed, and every
// product accumulated in fp32 by VDPBF16PS. C, alpha and beta stay fp32.
//
// Why: on this project's Zen CPUs VDPBF16PS does twice the multiply-adds of an fp32 FMA per cycle
// (README's native backend section has the measurement), and the products of a denoiser's training
// step dominate it. The inputs lose 16 bits of mantissa (bf16 has 8), the sums none beyond fp32's.
//
// VDPBF16PS takes pairs: lane j of the accumulator gets a[2j] b[2j] + a[2j+1] b[2j+1]. So the
// packed panels hold 32-bit words, each a pair of bf16 values at reduction steps 2q and 2q+1 (the
// even step in the low half): B's micro-panel has NR such words per pair q (one per column), and
// A's micro-panel one word per row and pair, broadcast to every lane. A is packed row by row (its
// words for one row contiguous: a straight conversion of a row of A) when A is not transposed, and
// pair by pair (MR words per pair, interleaving two rows of the stored A^T) when it is; the
// micro-kernel is compiled once for each layout. B not transposed interleaves two of its rows;
// B transposed converts its rows (contiguous in the reduction) and transposes 16 x 16 words.
//
// Blocking as the fp32 kernels (gemm_impl.h): a KC x NC block of op(B), an MC x KC block of op(A),
// an 8 x 32 register tile; every element of C is one sum over each KC block in order wherever its
// tile lies, so any split of the columns or rows over threads gives the same bits. A reduction of
// odd length ends with a pair whose second value is zero. Inputs that are fp32 subnormals become
// zero (the conversion flushes them), as do subnormal partial sums (VDPBF16PS flushes them).
#include <immintrin.h>
#include <stdint.h>

#include "gemm_edges.h"
#include "gemm_tile_avx512.h"
#include "isa.h"

#define MR 8
#define NR 32
/** Reduction steps per block (even: pairs never straddle blocks); its B micro-panel is 32 KiB, as fp32's. */
#define KC 512
#define KP (KC / 2)
#define MC 96
#define NC 1024

typedef uint32_t word;

/* ---- conversion ---- */

/**
 * 16 words from 32 consecutive floats (`count` of them valid, the rest read as zero): word q holds
 * src[2q] in its low half and src[2q + 1] in its high half, i.e. a row of pairs in order.
 */
static inline __m512i pairs_of_run(const float* src, int count) {
  const __m512 lo = _mm512_maskz_loadu_ps(lanes16(count), src);
  const __m512 hi = _mm512_maskz_loadu_ps(lanes16(count - 16), src + 16);
  return (__m512i)_mm512_cvtne2ps_pbh(hi, lo);
}

/**
 * 16 words interleaving two rows (`count` valid columns; `r1` NULL: a zero row): word j holds
 * r0[j] in its low half and r1[j] in its high half.
 */
static inline __m512i pairs_of_rows(const float* r0, const float* r1, int count) {
  const __mmask16 m = lanes16(count);
  const __m512 x0 = _mm512_maskz_loadu_ps(m, r0);
  const __m512 x1 = r1 ? _mm512_maskz_loadu_ps(m, r1) : _mm512_setzero_ps();
  // The conversion puts x0 in 16-bit elements 0..15 and x1 in 16..31; this index interleaves them.
  const __m512i interleave = _mm512_set_epi16(31, 15, 30, 14, 29, 13, 28, 12, 27, 11, 26, 10, 25, 9, 24, 8, 23, 7,
                                              22, 6, 21, 5, 20, 4, 19, 3, 18, 2, 17, 1, 16, 0);
  return _mm512_permutexvar_epi16(interleave, (__m512i)_mm512_cvtne2ps_pbh(x1, x0));
}

/** Transposes a 16 x 16 matrix of words held as 16 row vectors. */
static inline void transpose16(__m512i r[16]) {
  __m512i t[16];
  // Stage 1: 2 x 2 blocks of words, stage 2: of 64-bit pairs, stages 3 and 4: of 128-bit lanes.
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
    r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
    r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
    r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
  }
  // Now r[4g + s] holds, in 128-bit lane l, words 4l..4l+3 of column s of rows 4g..4g+3 (s in 0..3).
  for (int i = 0; i < 4; i++) {
    t[i] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0x88);
    t[i + 4] = _mm512_shuffle_i32x4(r[i], r[i + 4], 0xdd);
    t[i + 8] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0x88);
    t[i + 12] = _mm512_shuffle_i32x4(r[i + 8], r[i + 12], 0xdd);
  }
  for (int i = 0; i < 4; i++) {
    r[i] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0x88);
    r[i + 8] = _mm512_shuffle_i32x4(t[i], t[i + 8], 0xdd);
    r[i + 4] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0x88);
    r[i + 12] = _mm512_shuffle_i32x4(t[i + 4], t[i + 12], 0xdd);
  }
}

/* ---- packing ---- */

/**
 * Interleaved panels of `width` words per pair from a matrix stored with the panel's columns
 * contiguous: element (step p, column j) at src[(p0 + p) * ld + j0 + j], steps 0..kc, columns
 * 0..cols. Panel t (columns t*width..) starts at dst + t * panel_words; pair q at q * width in it.
 */
static void pack_interleaved(const float* src, int ld, int p0, int kc, int j0, int cols, int width,
                             size_t panel_words, word* dst) {
  for (int t = 0; t < cols; t += width) {
    const int valid = cols - t < width ? cols - t : width;
    word* panel = dst + (size_t)(t / width) * panel_words;
    for (int q = 0; 2 * q < kc; q++) {
      const float* r0 = src + (size_t)(p0 + 2 * q) * ld + j0 + t;
      const float* r1 = 2 * q + 1 < kc ? r0 + ld : NULL;
      for (int j = 0; j < width; j += 16) {
        const __m512i w = pairs_of_rows(r0 + j, r1 ? r1 + j : NULL, valid - j);
        _mm512_mask_storeu_epi32(panel + (size_t)q * width + j, lanes16(width - j), w);
      }
    }
  }
}

/**
 * A not transposed (rows contiguous in the reduction): rows i0..i0+rows, steps p0..p0+kc as
 * panels of MR rows, each row's kc/2 pair words contiguous at a stride of KP words; rows past
 * the end are zero.
 */
static void pack_a_rows(const float* a, int lda, int i0, int rows, int p0, int kc, word* dst) {
  const int pairs = (kc + 1) / 2;
  const int padded = (rows + MR - 1) / MR * MR;
  for (int r = 0; r < padded; r++) {
    word* d = dst + (size_t)(r / MR) * MR * KP + (size_t)(r % MR) * KP;
    const float* src = a + (size_t)(i0 + r) * lda + p0;
    for (int q = 0; q < pairs; q += 16) {
      const __m512i w = r < rows ? pairs_of_run(src + 2 * q, kc - 2 * q) : _mm512_setzero_si512();
      _mm512_mask_storeu_epi32(d + q, lanes16(pairs - q), w);
    }
  }
}

/**
 * B transposed (rows of the stored B^T contiguous in the reduction): steps p0..p0+kc, columns
 * j0..j0+cols of op(B) as panels of NR columns, pair q at q * NR; columns past the end are zero.
 * Sixteen columns by sixteen pairs are converted, transposed and stored at a time.
 */
static void pack_b_transposed(const float* b, int ldb, int p0, int kc, int j0, int cols, word* dst) {
  const int pairs = (kc + 1) / 2;
  const int padded = (cols + NR - 1) / NR * NR;
  for (int j = 0; j < padded; j += 16) {
    word* panel = dst + (size_t)(j / NR) * NR * pairs + j % NR;
    for (int q = 0; q < pairs; q += 16) {
      __m512i block[16];
      for (int c = 0; c < 16; c++)
        block[c] = j + c < cols ? pairs_of_run(b + (size_t)(j0 + j + c) * ldb + p0 + 2 * q, kc - 2 * q)
                                : _mm512_setzero_si512();
      transpose16(block);
      const int steps = pairs - q < 16 ? pairs - q : 16;
      for (int s = 0; s < steps; s++) _mm512_storeu_si512(panel + (size_t)(q + s) * NR, block[s]);
    }
  }
}

/* ---- micro-kernel ---- */

/**
 * One MR x NR tile of C over `pairs` pairs: row r's word for pair q is ap[q * pair_stride + r *
 * row_stride] (constants at each call, so each A layout gets its own loop).
 */
static inline __attribute__((always_inline)) void micro_kernel(int pairs, const word* ap, size_t pair_stride,
                                                               size_t row_stride, const word* bp, float* c,
                                                               size_t ldc, int rows, int cols, float alpha,
                                                               float beta) {
  __m512 acc0[MR], acc1[MR];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) {
    acc0[r] = _mm512_setzero_ps();
    acc1[r] = _mm512_setzero_ps();
  }
  for (int q = 0; q < pairs; q++) {
    const __m512bh b0 = (__m512bh)_mm512_load_si512(bp);
    const __m512bh b1 = (__m512bh)_mm512_load_si512(bp + 16);
#pragma GCC unroll 16
    for (int r = 0; r < MR; r++) {
      const __m512bh av = (__m512bh)_mm512_set1_epi32((int)ap[r * row_stride]);
      acc0[r] = _mm512_dpbf16_ps(acc0[r], av, b0);
      acc1[r] = _mm512_dpbf16_ps(acc1[r], av, b1);
    }
    ap += pair_stride;
    bp += NR;
  }
  store_tile(c, ldc, acc0, acc1, MR, rows, cols, alpha, beta);
}

/* ---- driver ---- */

/** The tiles of one packed A block (mc rows) against one packed B block (nc columns). */
static void block_product(int trans_a, int pairs, int mc, int nc, const word* a_block, const word* b_block,
                          float* c, int ldc, float alpha, float beta) {
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = nc - jr < NR ? nc - jr : NR;
    const word* b_panel = b_block + (size_t)jr * pairs;
    for (int ir = 0; ir < mc; ir += MR) {
      const int rows = mc - ir < MR ? mc - ir : MR;
      const word* a_panel = a_block + (size_t)ir * KP;
      float* ct = c + (size_t)ir * ldc + jr;
      if (trans_a)
        micro_kernel(pairs, a_panel, MR, 1, b_panel, ct, (size_t)ldc, rows, cols, alpha, beta);
      else
        micro_kernel(pairs, a_panel, 1, KP, b_panel, ct, (size_t)ldc, rows, cols, alpha, beta);
    }
  }
}

static void gemm_bf16(int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
                      const float* b, int ldb, float beta, float* c, int ldc, int n0, int n1, float* scratch) {
  if (!gemm_has_products(m, n, k, beta, c, ldc, &n0, &n1)) return;
  word* a_block = (word*)scratch;
  word* b_block = a_block + (size_t)MC * KP;
  for (int jc = n0; jc < n1; jc += NC) {
    const int nc = n1 - jc < NC ? n1 - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      const int kc = k - pc < KC ? k - pc : KC;
      const int pairs = (kc + 1) / 2;
      // Later k-blocks accumulate onto what the first one wrote.
      const float beta_block = pc == 0 ? beta : 1.0f;
      if (trans_b)
        pack_b_transposed(b, ldb, pc, kc, jc, nc, b_block);
      else
        pack_interleaved(b, ldb, pc, kc, jc, nc, NR, (size_t)NR * pairs, b_block);
      for (int ic = 0; ic < m; ic += MC) {
        const int mc = m - ic < MC ? m - ic : MC;
        if (trans_a)
          pack_interleaved(a, lda, pc, kc, ic, mc, MR, (size_t)MR * KP, a_block);
        else
          pack_a_rows(a, lda, ic, mc, pc, kc, a_block);
        block_product(trans_a, pairs, mc, nc, a_block, b_block, c + (size_t)ic * ldc + jc, ldc, alpha,
                      beta_block);
      }
    }
  }
}

int bf16_gemm_supported(void) {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bf16");
}

const isa_kernels isa_avx512_bf16 = {
    .name = "AVX-512 BF16",
    .mr = MR,
    .nr = NR,
    // Words are the size of floats: an A block and a B block of pair words.
    .scratch_floats = (size_t)MC * KP + (size_t)KP * NC,
    .gemm = gemm_bf16,
};
