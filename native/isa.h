// What each instruction-set build (gemm_avx512.c, gemm_avx2.c, ops_*.c) provides to the addon
// (addon.c), which picks one at load time from the CPU's features.
#ifndef ATRADIFF_ISA_H
#define ATRADIFF_ISA_H
#include <stddef.h>

typedef struct {
  const char* name;
  /** Register tile of the GEMM micro-kernel: split edges of a product fall on tile edges. */
  int mr;
  int nr;
  /** Floats of packing scratch one thread needs for gemm. */
  size_t scratch_floats;
  /**
   * C[:, n0:n1] = alpha * op(A) op(B) + beta * C, row-major, op = transpose when its flag is set
   * (the contract of assembly/gemm.ts). beta == 0 writes C without reading it.
   */
  void (*gemm)(int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a, int lda,
               const float* b, int ldb, float beta, float* c, int ldc, int n0, int n1, float* scratch);
} isa_kernels;

extern const isa_kernels isa_avx512;
extern const isa_kernels isa_avx2;
/** The bf16 GEMM with fp32 sums (gemm_bf16.c); use it only when bf16_gemm_supported(). */
extern const isa_kernels isa_avx512_bf16;
int bf16_gemm_supported(void);
#endif
