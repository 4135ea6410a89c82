// The table of native kernels one instruction-set build provides (see ops.h), and the op codes
// shared with src/engine/ops/opCodes.ts and assembly/unary.ts.
#ifndef ATRADIFF_OPS_TABLE_H
#define ATRADIFF_OPS_TABLE_H
#include "ops.h"

enum {
  OP_IDENTITY = 0,
  OP_RELU = 1,
  OP_SILU = 2,
  OP_MISH = 3,
  OP_TANH = 4,
  OP_SOFTPLUS = 5,
  OP_EXP = 6,
  OP_LOG = 7,
  OP_SQRT = 8,
  OP_SIGMOID = 9,
  OP_SQUARE = 10,
};

struct isa_ops {
  /**
   * out[i] (+)= a[i * sa] op b[i * sb] for i < n, sa and sb 1 (contiguous) or 0 (broadcast); op as
   * assembly/binary.ts (0 add, 1 sub, 2 mul, 3 div).
   */
  void (*binary_row)(int op, int accumulate, int n, const float* a, int sa, const float* b, int sb, float* out);
  /** Box-Muller in place: u[i] becomes sqrt(-2 log u[i]) cos(2 pi v[i]), v[i] the same with sin. */
  void (*gaussian_pairs)(double* u, double* v, int n);
  double (*sum_squares)(const float* x, int n);
  void (*unary_forward)(int op, const float* x, float* out, int n);
  void (*unary_backward)(int op, const float* x, const float* y, const float* g, float* dx, int n);
  void (*activation_grad_in_place)(int op, const float* x, const float* y, float* g, int n);
  void (*bias_act_forward)(int op, const float* x, const float* bias, float* out, int rows, int n);
  void (*affine)(const float* x, float* out, int n, float a, float b);
  void (*axpy)(const float* x, float* dst, int n, float a);
  /** Sums over the middle axis of [outer, n, inner]; with inner > 1, only output columns col0..col1. */
  void (*sum_axis)(const float* x, int outer, int n, int inner, float* out, float scale, int accumulate, int col0,
                   int col1);
  void (*adam_step)(float* p, const float* g, float* m, float* v, int n, float lr, float beta1, float beta2,
                    float eps, float wd, int decoupled, float bc1, float bc2);
  void (*lerp_into)(float* dst, const float* src, int n, float w);
  void (*fill)(float* x, int n, float value);
  void (*layer_norm_forward)(const float* x, const float* gamma, const float* beta, float* y, float* mean,
                             float* rstd, int rows, int n, float eps);
  void (*layer_norm_backward)(const float* x, const float* gamma, const float* g, const float* mean,
                              const float* rstd, int rows, int n, float* dx, float* dgamma, float* dbeta);
};
#endif
