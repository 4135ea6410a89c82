// Vectorized transcendental functions on f32x4 (Cephes-style range reduction + polynomials),
// accurate to a few ulp: exp, log, sigmoid, tanh, softplus. SiLU, Mish and tanh layers need a
// vector exp: a scalar one would be a large part of a wide denoiser's step (results/engine.md).
import { madd } from "./simd";

// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const fx = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1.0));
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const pow2n = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

// Natural log for x > 0; log(0) = -inf, log(x < 0) = NaN, log(inf) = inf.
// @ts-ignore: decorator
@inline
export function vlog(x0: v128): v128 {
  const x = f32x4.max(x0, f32x4.splat(1.17549435e-38)); // smallest normal: denormals -> tiny
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  let m = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000)); // [0.5, 1)
  const small = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, f32x4.splat(1.0)));
  m = f32x4.add(f32x4.sub(m, f32x4.splat(1.0)), v128.and(small, m));
  const z = f32x4.mul(m, m);
  let y = f32x4.splat(7.0376836292e-2);
  y = madd(y, m, f32x4.splat(-1.1514610310e-1));
  y = madd(y, m, f32x4.splat(1.1676998740e-1));
  y = madd(y, m, f32x4.splat(-1.2420140846e-1));
  y = madd(y, m, f32x4.splat(1.4249322787e-1));
  y = madd(y, m, f32x4.splat(-1.6668057665e-1));
  y = madd(y, m, f32x4.splat(2.0000714765e-1));
  y = madd(y, m, f32x4.splat(-2.4999993993e-1));
  y = madd(y, m, f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, m), z);
  y = madd(e, f32x4.splat(-2.12194440e-4), y);
  y = madd(z, f32x4.splat(-0.5), y);
  let r = f32x4.add(m, y);
  r = madd(e, f32x4.splat(0.693359375), r);
  // Special cases: x == 0 -> -inf, x < 0 or NaN -> NaN, x == inf -> inf.
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x0, f32x4.splat(0)));
  r = v128.bitselect(f32x4.splat(NaN), r, v128.not(f32x4.ge(x0, f32x4.splat(0))));
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x0, f32x4.splat(Infinity)));
  return r;
}

// @ts-ignore: decorator
@inline
export function vsigmoid(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), vexp(f32x4.neg(x))));
}

// tanh: odd polynomial for |x| < 0.25 (no cancellation), 1 - 2/(e^{2|x|}+1) elsewhere.
// @ts-ignore: decorator
@inline
export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(vexp(f32x4.add(ax, ax)), f32x4.splat(1.0))));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(0.021869488536155203); // 62/2835
  p = madd(p, x2, f32x4.splat(-0.05396825396825397)); // -17/315
  p = madd(p, x2, f32x4.splat(0.13333333333333333)); // 2/15
  p = madd(p, x2, f32x4.splat(-0.3333333333333333));
  const smallVal = madd(f32x4.mul(p, x2), x, x);
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(smallVal, signed, f32x4.lt(ax, f32x4.splat(0.25)));
}

// log(1 + t) accurate for small t: log(u) * t / (u - 1) with u = 1 + t cancels u's rounding error
// (Goldberg's trick); t itself when u rounds to 1.
// @ts-ignore: decorator
@inline
export function vlog1p(t: v128): v128 {
  const u = f32x4.add(f32x4.splat(1.0), t);
  const d = f32x4.sub(u, f32x4.splat(1.0));
  const corrected = f32x4.div(f32x4.mul(vlog(u), t), d);
  return v128.bitselect(t, corrected, f32x4.eq(d, f32x4.splat(0)));
}

// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}), stable for large |x|.
// @ts-ignore: decorator
@inline
export function vsoftplus(x: v128): v128 {
  const t = vexp(f32x4.neg(f32x4.abs(x)));
  return f32x4.add(f32x4.max(x, f32x4.splat(0)), vlog1p(t));
}
