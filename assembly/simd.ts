// Vector helpers shared by all kernels. ASC_FEATURE_RELAXED_SIMD is a compile-time constant,
// so each build keeps exactly one branch: a fused multiply-add in the relaxed build,
// a multiply then add in the plain-SIMD build.

// a * b + c, four lanes.
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
