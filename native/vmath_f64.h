// Vector double-precision log, sin and cos for the native Gaussian fill (ops_impl.h's
// gaussian_pairs), written with GCC vector extensions over 8 doubles. The polynomials and range
// reductions are fdlibm's (e_log.c, k_sin.c, k_cos.c), which V8's Math.log, Math.sin and Math.cos
// also descend from: on the inputs of Box-Muller (log of u in (0, 1], sin and cos of 2 pi v with v
// in [0, 1)) they agree with JavaScript's to about an ulp (test/engine/nativeBackend.test.ts).
#ifndef ATRADIFF_VMATH_F64_H
#define ATRADIFF_VMATH_F64_H
#include <stdint.h>

#define VD 8
typedef double vd __attribute__((vector_size(8 * VD)));
typedef int64_t vl __attribute__((vector_size(8 * VD)));

static inline vd dsplat(double x) { return (vd){} + x; }
static inline vd dselect(vl mask, vd a, vd b) { return (vd)((mask & (vl)a) | (~mask & (vl)b)); }

/** log(x) for finite x > 0 (fdlibm's __ieee754_log without its special cases). */
static inline vd vlog_f64(vd x) {
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01, Lg3 = 2.857142874366239149e-01,
               Lg4 = 2.222219843214978396e-01, Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
               Lg7 = 1.479819860511658591e-01;
  // Subnormal x: scale into the normal range first.
  const vl tiny = x < 2.2250738585072014e-308;
  x = dselect(tiny, x * 18014398509481984.0, x);  // 2^54
  vl bits = (vl)x;
  vl hx = bits >> 32;
  vl k = (hx >> 20) - 1023 - (tiny & 54);
  hx &= 0x000fffff;
  // Normalize the mantissa into [sqrt(2)/2, sqrt(2)): i is 0x100000 when it is at least sqrt(2).
  const vl i = (hx + 0x95f64) & 0x100000;
  bits = (bits & 0x000fffffffffffffLL) | ((i ^ 0x3ff00000) << 32);
  k += i >> 20;
  const vd f = (vd)bits - 1.0;
  const vd dk = __builtin_convertvector(k, vd);
  const vd s = f / (2.0 + f);
  const vd z = s * s;
  const vd w = z * z;
  const vd t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const vd t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  const vd R = t2 + t1;
  const vd hfsq = 0.5 * f * f;
  return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
}

/** sin and cos of x in [-pi/4, pi/4] (fdlibm's __kernel_sin and __kernel_cos with no tail). */
static inline void vsincos_kernel(vd x, vd* s, vd* c) {
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
               S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
               C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const vd z = x * x;
  const vd v = z * x;
  const vd rs = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  *s = x + v * (S1 + z * rs);
  const vd rc = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  const vd hz = 0.5 * z;
  const vd w = 1.0 - hz;
  *c = w + (((1.0 - w) - hz) + z * rc);
}

/** sin and cos of x for 0 <= x < 8 (Box-Muller's 2 pi v): x less a multiple q of pi/2, then by quadrant. */
static inline void vsincos_f64(vd x, vd* s, vd* c) {
  const double pio2_1 = 1.57079632673412561417e+00, pio2_1t = 6.07710050650619224932e-11;
  const double invpio2 = 6.36619772367581382433e-01;
  // Round to nearest by adding and removing 1.5 * 2^52 (x * 2/pi < 8 here).
  const vd q = (x * invpio2 + 6755399441055744.0) - 6755399441055744.0;
  const vd r = (x - q * pio2_1) - q * pio2_1t;
  vd sr, cr;
  vsincos_kernel(r, &sr, &cr);
  const vl quadrant = __builtin_convertvector(q, vl) & 3;
  const vl odd = (quadrant & 1) != 0;
  const vd sin_abs = dselect(odd, cr, sr);
  const vd cos_abs = dselect(odd, sr, cr);
  // sin is negated in quadrants 2 and 3, cos in quadrants 1 and 2.
  const vl neg_sin = (quadrant & 2) != 0;
  const vl neg_cos = ((quadrant + 1) & 2) != 0;
  *s = dselect(neg_sin, -sin_abs, sin_abs);
  *c = dselect(neg_cos, -cos_abs, cos_abs);
}
#endif
