// Broadcasting binary ops over up to four dimensions with element strides (0 = broadcast), and
// the reduction that undoes broadcasting in the backward pass. The output is contiguous.
import { madd } from "./simd";

export const BIN_ADD: i32 = 0;
export const BIN_SUB: i32 = 1;
export const BIN_MUL: i32 = 2;
export const BIN_DIV: i32 = 3;

// @ts-ignore: decorator
@inline
function apply(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case BIN_ADD: return f32x4.add(a, b);
    case BIN_SUB: return f32x4.sub(a, b);
    case BIN_MUL: return f32x4.mul(a, b);
    default: return f32x4.div(a, b);
  }
}

// Innermost loop of length n; sa/sb are 1 (contiguous) or 0 (broadcast scalar).
// @ts-ignore: decorator
@inline
function row(op: i32, n: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, accumulate: bool): void {
  const nv = n & ~3;
  if (sa == 1 && sb == 1) {
    for (let i = 0; i < nv; i += 4) {
      const o = <usize>i << 2;
      let v = apply(op, v128.load(a + o), v128.load(b + o));
      if (accumulate) v = f32x4.add(v, v128.load(out + o));
      v128.store(out + o, v);
    }
  } else if (sa == 1) {
    const vb = v128.load32_splat(b);
    for (let i = 0; i < nv; i += 4) {
      const o = <usize>i << 2;
      let v = apply(op, v128.load(a + o), vb);
      if (accumulate) v = f32x4.add(v, v128.load(out + o));
      v128.store(out + o, v);
    }
  } else if (sb == 1) {
    const va = v128.load32_splat(a);
    for (let i = 0; i < nv; i += 4) {
      const o = <usize>i << 2;
      let v = apply(op, va, v128.load(b + o));
      if (accumulate) v = f32x4.add(v, v128.load(out + o));
      v128.store(out + o, v);
    }
  } else {
    const v0 = apply(op, v128.load32_splat(a), v128.load32_splat(b));
    for (let i = 0; i < nv; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, accumulate ? f32x4.add(v0, v128.load(out + o)) : v0);
    }
  }
  for (let i = nv; i < n; i++) {
    const va = f32x4.splat(load<f32>(a + ((<usize>(i * sa)) << 2)));
    const vb = f32x4.splat(load<f32>(b + ((<usize>(i * sb)) << 2)));
    let v = f32x4.extract_lane(apply(op, va, vb), 0);
    const o = <usize>i << 2;
    if (accumulate) v += load<f32>(out + o);
    store<f32>(out + o, v);
  }
}

// out[i0,i1,i2,i3] (+)= a[i . sa] op b[i . sb], out contiguous with shape d0 x d1 x d2 x d3.
export function binary(
  op: i32, accumulate: i32, d0: i32, d1: i32, d2: i32, d3: i32,
  a: usize, sa0: i32, sa1: i32, sa2: i32, sa3: i32,
  b: usize, sb0: i32, sb1: i32, sb2: i32, sb3: i32,
  out: usize,
): void {
  let o = out;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const ao = a + (<usize>(i0 * sa0 + i1 * sa1 + i2 * sa2) << 2);
        const bo = b + (<usize>(i0 * sb0 + i1 * sb1 + i2 * sb2) << 2);
        row(op, d3, ao, sa3, bo, sb3, o, accumulate != 0);
        o += <usize>d3 << 2;
      }
    }
  }
}

// dst[i . sd] += scale * src[i], src contiguous with shape d0 x d1 x d2 x d3: sums a gradient
// over the dimensions an input was broadcast along (stride 0).
export function accumulateStrided(
  d0: i32, d1: i32, d2: i32, d3: i32, src: usize,
  dst: usize, sd0: i32, sd1: i32, sd2: i32, sd3: i32, scale: f32,
): void {
  let s = src;
  const vs = f32x4.splat(scale);
  const nv = d3 & ~3;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const d = dst + (<usize>(i0 * sd0 + i1 * sd1 + i2 * sd2) << 2);
        if (sd3 == 1) {
          for (let i = 0; i < nv; i += 4) {
            const o = <usize>i << 2;
            v128.store(d + o, madd(v128.load(s + o), vs, v128.load(d + o)));
          }
          for (let i = nv; i < d3; i++) {
            const o = <usize>i << 2;
            store<f32>(d + o, load<f32>(d + o) + scale * load<f32>(s + o));
          }
        } else {
          let acc = f32x4.splat(0);
          for (let i = 0; i < nv; i += 4) acc = f32x4.add(acc, v128.load(s + (<usize>i << 2)));
          let t: f32 =
            f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
          for (let i = nv; i < d3; i++) t += load<f32>(s + (<usize>i << 2));
          store<f32>(d, load<f32>(d) + scale * t);
        }
        s += <usize>d3 << 2;
      }
    }
  }
}
