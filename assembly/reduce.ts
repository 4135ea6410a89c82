// Reductions over one axis of a contiguous tensor viewed as [outer, n, inner].
import { madd } from "./simd";

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

// out[o, i] (+)= scale * sum_a x[o, a, i]
export function sumAxis(x: usize, outer: i32, n: i32, inner: i32, out: usize, scale: f32, accumulate: i32): void {
  const vs = f32x4.splat(scale);
  if (inner == 1) {
    const nv = n & ~3;
    for (let o = 0; o < outer; o++) {
      const row = x + (<usize>(o * n) << 2);
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let i = 0;
      for (; i + 8 <= n; i += 8) {
        acc0 = f32x4.add(acc0, v128.load(row + (<usize>i << 2)));
        acc1 = f32x4.add(acc1, v128.load(row + (<usize>i << 2), 16));
      }
      for (; i < nv; i += 4) acc0 = f32x4.add(acc0, v128.load(row + (<usize>i << 2)));
      let t = hsum(f32x4.add(acc0, acc1));
      for (; i < n; i++) t += load<f32>(row + (<usize>i << 2));
      const dst = out + (<usize>o << 2);
      store<f32>(dst, accumulate ? load<f32>(dst) + scale * t : scale * t);
    }
    return;
  }
  const nv = inner & ~3;
  for (let o = 0; o < outer; o++) {
    const dst = out + (<usize>(o * inner) << 2);
    if (!accumulate) memory.fill(dst, 0, <usize>inner << 2);
    for (let a = 0; a < n; a++) {
      const src = x + (<usize>((o * n + a) * inner) << 2);
      for (let i = 0; i < nv; i += 4) {
        const off = <usize>i << 2;
        v128.store(dst + off, madd(v128.load(src + off), vs, v128.load(dst + off)));
      }
      for (let i = nv; i < inner; i++) {
        const off = <usize>i << 2;
        store<f32>(dst + off, load<f32>(dst + off) + scale * load<f32>(src + off));
      }
    }
  }
}

// out[o, i] = min_a x[o, a, i], arg[o, i] = the index a of the minimum (first on ties).
export function minAxis(x: usize, outer: i32, n: i32, inner: i32, out: usize, arg: usize): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = load<f32>(x + (<usize>(o * n * inner + i) << 2));
      let bestA = 0;
      for (let a = 1; a < n; a++) {
        const v = load<f32>(x + (<usize>((o * n + a) * inner + i) << 2));
        if (v < best) {
          best = v;
          bestA = a;
        }
      }
      const k = <usize>(o * inner + i) << 2;
      store<f32>(out + k, best);
      store<i32>(arg + k, bestA);
    }
  }
}

// dx[o, arg[o,i], i] += g[o, i]
export function minAxisBackward(g: usize, arg: usize, outer: i32, n: i32, inner: i32, dx: usize): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const k = <usize>(o * inner + i) << 2;
      const a = load<i32>(arg + k);
      const d = dx + (<usize>((o * n + a) * inner + i) << 2);
      store<f32>(d, load<f32>(d) + load<f32>(g + k));
    }
  }
}

// sum of squares in double precision (gradient norms).
export function sumSquares(x: usize, n: i32): f64 {
  let acc0 = f32x4.splat(0);
  let total: f64 = 0;
  let i = 0;
  // Flush the f32 accumulator to f64 every 4096 elements to keep rounding error small.
  while (i + 4 <= n) {
    const end = min(n & ~3, i + 4096);
    for (; i < end; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      acc0 = madd(v, v, acc0);
    }
    total += <f64>hsum(acc0);
    acc0 = f32x4.splat(0);
  }
  for (; i < n; i++) {
    const v = <f64>load<f32>(x + (<usize>i << 2));
    total += v * v;
  }
  return total;
}

// sum of x in double precision.
export function sumAll(x: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 4 <= n) {
    let acc = f32x4.splat(0);
    const end = min(n & ~3, i + 4096);
    for (; i < end; i += 4) acc = f32x4.add(acc, v128.load(x + (<usize>i << 2)));
    total += <f64>hsum(acc);
  }
  for (; i < n; i++) total += <f64>load<f32>(x + (<usize>i << 2));
  return total;
}
