// The elementwise, reduction, row and optimizer kernels of the native backend, written once with
// GCC vector extensions over 16 floats and compiled per instruction set (ops_avx512.c, ops_avx2.c
// define OPS_NAME and include this file). Each mirrors the WebAssembly kernel of the same name
// (assembly/unary.ts, reduce.ts, rows.ts, optim.ts) in contract; the vector math uses the same
// range reductions and polynomials (assembly/vmath.ts), so the two backends agree to a few ulp.
// The tail of an array is computed in a zero-padded vector with the same arithmetic as the body.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ops_table.h"
#include "vmath_f64.h"

#define VW 16
typedef float vf __attribute__((vector_size(4 * VW)));
typedef int32_t vi __attribute__((vector_size(4 * VW)));
typedef uint32_t vu __attribute__((vector_size(4 * VW)));

static inline vf splat(float x) { return (vf){} + x; }
static inline vf load(const float* p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void store(float* p, vf v) { memcpy(p, &v, sizeof v); }
static inline vf load_part(const float* p, int n) {
  vf v = {};
  memcpy(&v, p, (size_t)n * 4);
  return v;
}
static inline void store_part(float* p, vf v, int n) { memcpy(p, &v, (size_t)n * 4); }
static inline vf select(vi mask, vf a, vf b) { return (vf)((mask & (vi)a) | (~mask & (vi)b)); }
/** max and min that keep a NaN in `a`, as WebAssembly's f32x4.max/min do (a NaN must not vanish in ReLU). */
static inline vf vmax(vf a, vf b) { return select((a > b) | (a != a), a, b); }
static inline vf vmin(vf a, vf b) { return select((a < b) | (a != a), a, b); }
static inline vf vabs(vf a) { return (vf)((vi)a & 0x7fffffff); }
static inline vf vsqrt(vf a) {
  vf r = a;
  for (int i = 0; i < VW; i++) r[i] = __builtin_sqrtf(a[i]);
  return r;
}
static inline float hsum(vf v) {
  float s = 0;
  for (int i = 0; i < VW; i++) s += v[i];
  return s;
}

static inline vf vexp(vf x) {
  x = vmin(vmax(x, splat(-87.3f)), splat(88.3f));
  // Round to nearest by the 1.5 * 2^23 trick (|x * log2 e| < 128 here).
  const vf fx = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  vf r = x - fx * 0.693359375f;
  r = r - fx * -2.12194440e-4f;
  vf p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const vf y = (p * (r * r) + r) + 1.0f;
  const vi n = __builtin_convertvector(fx, vi);
  return y * (vf)((n + 127) << 23);
}

static inline vf vlog(vf x0) {
  const vf x = vmax(x0, splat(1.17549435e-38f));
  vf e = __builtin_convertvector((vi)((vu)x >> 23) - 126, vf);
  vf m = (vf)(((vi)x & (int32_t)0x807fffff) | 0x3f000000);
  const vi small = m < 0.707106781186547524f;
  e = e - (vf)(small & (vi)splat(1.0f));
  m = (m - 1.0f) + (vf)(small & (vi)m);
  const vf z = m * m;
  vf y = splat(7.0376836292e-2f);
  y = y * m + -1.1514610310e-1f;
  y = y * m + 1.1676998740e-1f;
  y = y * m + -1.2420140846e-1f;
  y = y * m + 1.4249322787e-1f;
  y = y * m + -1.6668057665e-1f;
  y = y * m + 2.0000714765e-1f;
  y = y * m + -2.4999993993e-1f;
  y = y * m + 3.3333331174e-1f;
  y = (y * m) * z;
  y = e * -2.12194440e-4f + y;
  y = z * -0.5f + y;
  vf r = m + y;
  r = e * 0.693359375f + r;
  r = select(x0 == 0.0f, splat(-INFINITY), r);
  r = select(~(x0 >= 0.0f), splat(NAN), r);
  r = select(x0 == INFINITY, splat(INFINITY), r);
  return r;
}

static inline vf vsigmoid(vf x) { return 1.0f / (1.0f + vexp(-x)); }

static inline vf vtanh(vf x) {
  const vf ax = vabs(x);
  const vf big = 1.0f - 2.0f / (vexp(ax + ax) + 1.0f);
  const vf x2 = x * x;
  vf p = splat(0.021869488536155203f);
  p = p * x2 + -0.05396825396825397f;
  p = p * x2 + 0.13333333333333333f;
  p = p * x2 + -0.3333333333333333f;
  const vf small = (p * x2) * x + x;
  const vf sign = (vf)((vi)big | ((vi)x & (int32_t)0x80000000));
  return select(ax < 0.25f, small, sign);
}

static inline vf vlog1p(vf t) {
  const vf u = 1.0f + t;
  const vf d = u - 1.0f;
  return select(d == 0.0f, t, (vlog(u) * t) / d);
}

static inline vf vsoftplus(vf x) { return vmax(x, splat(0.0f)) + vlog1p(vexp(-vabs(x))); }

static inline vf fwd(int op, vf x) {
  switch (op) {
    case OP_RELU: return vmax(x, splat(0.0f));
    case OP_SILU: return x * vsigmoid(x);
    case OP_MISH: return x * vtanh(vsoftplus(x));
    case OP_TANH: return vtanh(x);
    case OP_SOFTPLUS: return vsoftplus(x);
    case OP_EXP: return vexp(x);
    case OP_LOG: return vlog(x);
    case OP_SQRT: return vsqrt(x);
    case OP_SIGMOID: return vsigmoid(x);
    case OP_SQUARE: return x * x;
    default: return x;
  }
}

/** f'(x) given the input x and the output y = f(x). */
static inline vf deriv(int op, vf x, vf y) {
  switch (op) {
    case OP_RELU: return (vf)((x > 0.0f) & (vi)splat(1.0f));
    case OP_SILU: {
      const vf s = vsigmoid(x);
      return s * (x * (1.0f - s) + 1.0f);
    }
    case OP_MISH: {
      const vf t = vtanh(vsoftplus(x));
      return (x * (1.0f - t * t)) * vsigmoid(x) + t;
    }
    case OP_TANH: return 1.0f - y * y;
    case OP_SOFTPLUS: return vsigmoid(x);
    case OP_EXP: return y;
    case OP_LOG: return 1.0f / x;
    case OP_SQRT: return 0.5f / y;
    case OP_SIGMOID: return y * (1.0f - y);
    case OP_SQUARE: return x + x;
    default: return splat(1.0f);
  }
}

/* Loops over n floats in vectors of VW, the tail in a zero-padded vector. BODY uses LD(p), ST(p, v). */
#define FOR_VECTORS(n, ...)            \
  do {                                 \
    int i_ = 0;                        \
    for (; i_ + VW <= (n); i_ += VW) { \
      const int w_ = VW;               \
      (void)w_;                        \
      __VA_ARGS__                      \
    }                                  \
    if (i_ < (n)) {                    \
      const int w_ = (n) - i_;         \
      __VA_ARGS__                      \
    }                                  \
  } while (0)
#define LD(p) (w_ == VW ? load((p) + i_) : load_part((p) + i_, w_))
#define ST(p, v) (w_ == VW ? store((p) + i_, (v)) : store_part((p) + i_, (v), w_))

static void unary_forward(int op, const float* x, float* out, int n) {
  switch (op) {
#define CASE(code) \
  case code: FOR_VECTORS(n, ST(out, fwd(code, LD(x)));); break;
    CASE(OP_RELU) CASE(OP_SILU) CASE(OP_MISH) CASE(OP_TANH) CASE(OP_SOFTPLUS) CASE(OP_EXP) CASE(OP_LOG)
    CASE(OP_SQRT) CASE(OP_SIGMOID) CASE(OP_SQUARE)
#undef CASE
    default: if (out != x) memmove(out, x, (size_t)n * 4);
  }
}

static void unary_backward(int op, const float* x, const float* y, const float* g, float* dx, int n) {
  FOR_VECTORS(n, ST(dx, LD(g) * deriv(op, LD(x), LD(y)) + LD(dx)););
}

static void activation_grad_in_place(int op, const float* x, const float* y, float* g, int n) {
  if (op == OP_IDENTITY) return;
  FOR_VECTORS(n, ST(g, LD(g) * deriv(op, LD(x), LD(y))););
}

static void bias_act_forward(int op, const float* x, const float* bias, float* out, int rows, int n) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + (size_t)r * n;
    float* yr = out + (size_t)r * n;
    switch (op) {
#define CASE(code) \
  case code: FOR_VECTORS(n, ST(yr, fwd(code, LD(xr) + LD(bias)));); break;
      CASE(OP_RELU) CASE(OP_SILU) CASE(OP_MISH) CASE(OP_TANH) CASE(OP_SOFTPLUS) CASE(OP_SIGMOID)
#undef CASE
      default: FOR_VECTORS(n, ST(yr, fwd(op, LD(xr) + LD(bias))););
    }
  }
}

static void affine(const float* x, float* out, int n, float a, float b) {
  FOR_VECTORS(n, ST(out, LD(x) * a + b););
}

static void axpy(const float* x, float* dst, int n, float a) { FOR_VECTORS(n, ST(dst, LD(x) * a + LD(dst));); }

static void sum_axis(const float* x, int outer, int n, int inner, float* out, float scale, int accumulate,
                     int col0, int col1) {
  if (inner == 1) {
    for (int o = 0; o < outer; o++) {
      const float* row = x + (size_t)o * n;
      vf acc = {};
      FOR_VECTORS(n, acc += LD(row););
      const float t = hsum(acc);
      out[o] = accumulate ? out[o] + scale * t : scale * t;
    }
    return;
  }
  const int width = col1 - col0;
  for (int o = 0; o < outer; o++) {
    float* dst = out + (size_t)o * inner + col0;
    if (!accumulate) memset(dst, 0, (size_t)width * 4);
    for (int a = 0; a < n; a++) {
      const float* src = x + ((size_t)o * n + a) * inner + col0;
      FOR_VECTORS(width, ST(dst, LD(src) * scale + LD(dst)););
    }
  }
}

static void adam_step(float* p, const float* g, float* m, float* v, int n, float lr, float beta1, float beta2,
                      float eps, float wd, int decoupled, float bc1, float bc2) {
  const float step = -lr / bc1;
  const float rsqrt_bc2 = 1.0f / sqrtf(bc2);
  const float decay = decoupled ? 1 - lr * wd : 1;
  const float l2 = decoupled ? 0 : wd;
  FOR_VECTORS(n, {
    const vf pv = LD(p);
    const vf gv = pv * l2 + LD(g);
    const vf mv = LD(m) * beta1 + gv * (1 - beta1);
    const vf vv = LD(v) * beta2 + (gv * gv) * (1 - beta2);
    ST(m, mv);
    ST(v, vv);
    const vf denom = vsqrt(vv) * rsqrt_bc2 + eps;
    ST(p, step * (mv / denom) + pv * decay);
  });
}

static void lerp_into(float* dst, const float* src, int n, float w) {
  FOR_VECTORS(n, {
    const vf d = LD(dst);
    ST(dst, (LD(src) - d) * w + d);
  });
}

static void fill(float* x, int n, float value) { FOR_VECTORS(n, ST(x, splat(value));); }

static void layer_norm_forward(const float* x, const float* gamma, const float* beta, float* y, float* mean_out,
                               float* rstd_out, int rows, int n, float eps) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + (size_t)r * n;
    float* yr = y + (size_t)r * n;
    vf acc = {};
    FOR_VECTORS(n, acc += LD(xr););
    const float mean = hsum(acc) / (float)n;
    acc = (vf){};
    FOR_VECTORS(n, {
      const vf d = LD(xr) - mean;
      acc += select(i_ + (vi){0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15} < n, d * d, splat(0.0f));
    });
    const float rstd = 1.0f / sqrtf(hsum(acc) / (float)n + eps);
    mean_out[r] = mean;
    rstd_out[r] = rstd;
    if (gamma)
      FOR_VECTORS(n, ST(yr, ((LD(xr) - mean) * rstd) * LD(gamma) + LD(beta)););
    else
      FOR_VECTORS(n, ST(yr, (LD(xr) - mean) * rstd););
  }
}

static void layer_norm_backward(const float* x, const float* gamma, const float* g, const float* mean_in,
                                const float* rstd_in, int rows, int n, float* dx, float* dgamma, float* dbeta) {
  for (int r = 0; r < rows; r++) {
    const float* xr = x + (size_t)r * n;
    const float* gr = g + (size_t)r * n;
    const float mean = mean_in[r];
    const float rstd = rstd_in[r];
    vf sum_gh = {}, sum_ghx = {};
    FOR_VECTORS(n, {
      const vf xhat = (LD(xr) - mean) * rstd;
      const vf gv = LD(gr);
      const vf gh = gamma ? gv * LD(gamma) : gv;
      sum_gh += gh;
      sum_ghx += gh * xhat;
      if (dgamma) {
        ST(dgamma, LD(dgamma) + gv * xhat);
        ST(dbeta, LD(dbeta) + gv);
      }
    });
    if (!dx) continue;
    const float m_gh = hsum(sum_gh) / (float)n;
    const float m_ghx = hsum(sum_ghx) / (float)n;
    float* dxr = dx + (size_t)r * n;
    FOR_VECTORS(n, {
      const vf xhat = (LD(xr) - mean) * rstd;
      const vf gh = gamma ? LD(gr) * LD(gamma) : LD(gr);
      ST(dxr, LD(dxr) + rstd * ((gh - m_gh) - xhat * m_ghx));
    });
  }
}

static inline vf apply_binary(int op, vf a, vf b) {
  switch (op) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b;
    default: return a / b;
  }
}

static void binary_row(int op, int accumulate, int n, const float* a, int sa, const float* b, int sb, float* out) {
  const vf a0 = splat(a[0]), b0 = splat(b[0]);
#define BINARY_LOOP(A, B)                                        \
  do {                                                           \
    if (accumulate)                                              \
      FOR_VECTORS(n, ST(out, apply_binary(op, A, B) + LD(out));); \
    else                                                         \
      FOR_VECTORS(n, ST(out, apply_binary(op, A, B)););           \
  } while (0)
  if (sa && sb)
    BINARY_LOOP(LD(a), LD(b));
  else if (sa)
    BINARY_LOOP(LD(a), b0);
  else if (sb)
    BINARY_LOOP(a0, LD(b));
  else
    BINARY_LOOP(a0, b0);
#undef BINARY_LOOP
}

/**
 * Box-Muller on n pairs of uniforms: u in (0, 1] becomes r cos(2 pi v) and v becomes r sin(2 pi v),
 * r = sqrt(-2 log u), in place, in double precision (as Rng.gaussian in src/engine/rng.ts).
 */
static void gaussian_pairs(double* u, double* v, int n) {
  for (int i = 0; i < n; i += VD) {
    const int w = n - i < VD ? n - i : VD;
    vd uv = dsplat(1.0), vv = {};
    memcpy(&uv, u + i, (size_t)w * 8);
    memcpy(&vv, v + i, (size_t)w * 8);
    vd r = -2.0 * vlog_f64(uv);
    for (int j = 0; j < VD; j++) r[j] = __builtin_sqrt(r[j]);
    vd s, c;
    vsincos_f64(2 * 3.141592653589793 * vv, &s, &c);
    c *= r;
    s *= r;
    memcpy(u + i, &c, (size_t)w * 8);
    memcpy(v + i, &s, (size_t)w * 8);
  }
}

/** Sum of squares of n floats, in float vectors flushed to a double every 4096 elements (as assembly/reduce.ts). */
static double sum_squares(const float* x, int n) {
  double total = 0;
  for (int i = 0; i < n; i += 4096) {
    const int m = n - i < 4096 ? n - i : 4096;
    const float* p = x + i;
    vf acc = {};
    FOR_VECTORS(m, {
      const vf t = LD(p);
      acc += t * t;
    });
    total += hsum(acc);
  }
  return total;
}

const isa_ops OPS_NAME = {
    .binary_row = binary_row,
    .gaussian_pairs = gaussian_pairs,
    .sum_squares = sum_squares,
    .unary_forward = unary_forward,
    .unary_backward = unary_backward,
    .activation_grad_in_place = activation_grad_in_place,
    .bias_act_forward = bias_act_forward,
    .affine = affine,
    .axpy = axpy,
    .sum_axis = sum_axis,
    .adam_step = adam_step,
    .lerp_into = lerp_into,
    .fill = fill,
    .layer_norm_forward = layer_norm_forward,
    .layer_norm_backward = layer_norm_backward,
};
