// Row-wise kernels: LayerNorm, strided 2-D copies (concat / slice), row gather and scatter-add,
// mean squared error.
import { madd } from "./simd";

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

// y = (x - mean) * rstd * gamma + beta per row of n; saves mean and rstd per row for backward.
// gamma/beta may be 0 (no affine parameters).
export function layerNormForward(
  x: usize, gamma: usize, beta: usize, y: usize, meanOut: usize, rstdOut: usize, rows: i32, n: i32, eps: f32,
): void {
  const nv = n & ~3;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * n) << 2);
    const yr = y + (<usize>(r * n) << 2);
    let acc = f32x4.splat(0);
    for (let j = 0; j < nv; j += 4) acc = f32x4.add(acc, v128.load(xr + (<usize>j << 2)));
    let s = hsum(acc);
    for (let j = nv; j < n; j++) s += load<f32>(xr + (<usize>j << 2));
    const mean = s / <f32>n;
    const vm = f32x4.splat(mean);
    acc = f32x4.splat(0);
    for (let j = 0; j < nv; j += 4) {
      const d = f32x4.sub(v128.load(xr + (<usize>j << 2)), vm);
      acc = madd(d, d, acc);
    }
    let ss = hsum(acc);
    for (let j = nv; j < n; j++) {
      const d = load<f32>(xr + (<usize>j << 2)) - mean;
      ss += d * d;
    }
    const rstd: f32 = 1.0 / Mathf.sqrt(ss / <f32>n + eps);
    store<f32>(meanOut + (<usize>r << 2), mean);
    store<f32>(rstdOut + (<usize>r << 2), rstd);
    const vr = f32x4.splat(rstd);
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      let v = f32x4.mul(f32x4.sub(v128.load(xr + o), vm), vr);
      if (gamma) v = madd(v, v128.load(gamma + o), v128.load(beta + o));
      v128.store(yr + o, v);
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      let v = (load<f32>(xr + o) - mean) * rstd;
      if (gamma) v = v * load<f32>(gamma + o) + load<f32>(beta + o);
      store<f32>(yr + o, v);
    }
  }
}

// dx += rstd * (gh - mean(gh) - xhat * mean(gh * xhat)), gh = g * gamma; dgamma += sum g*xhat;
// dbeta += sum g. Any of dx, dgamma (with dbeta) may be 0 when not needed.
export function layerNormBackward(
  x: usize, gamma: usize, g: usize, meanIn: usize, rstdIn: usize, rows: i32, n: i32,
  dx: usize, dgamma: usize, dbeta: usize,
): void {
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * n) << 2);
    const gr = g + (<usize>(r * n) << 2);
    const mean = load<f32>(meanIn + (<usize>r << 2));
    const rstd = load<f32>(rstdIn + (<usize>r << 2));
    let sumGh: f32 = 0;
    let sumGhXhat: f32 = 0;
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 2;
      const xhat = (load<f32>(xr + o) - mean) * rstd;
      const gv = load<f32>(gr + o);
      const gh = gamma ? gv * load<f32>(gamma + o) : gv;
      sumGh += gh;
      sumGhXhat += gh * xhat;
      if (dgamma) {
        store<f32>(dgamma + o, load<f32>(dgamma + o) + gv * xhat);
        store<f32>(dbeta + o, load<f32>(dbeta + o) + gv);
      }
    }
    if (!dx) continue;
    const mGh = sumGh / <f32>n;
    const mGhX = sumGhXhat / <f32>n;
    const dxr = dx + (<usize>(r * n) << 2);
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 2;
      const xhat = (load<f32>(xr + o) - mean) * rstd;
      const gv = load<f32>(gr + o);
      const gh = gamma ? gv * load<f32>(gamma + o) : gv;
      store<f32>(dxr + o, load<f32>(dxr + o) + rstd * (gh - mGh - xhat * mGhX));
    }
  }
}

// dst[r, 0:cols] (+)= src[r, 0:cols] with row strides in elements.
export function copy2d(src: usize, srcStride: i32, dst: usize, dstStride: i32, rows: i32, cols: i32, accumulate: i32): void {
  const nv = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const s = src + (<usize>(r * srcStride) << 2);
    const d = dst + (<usize>(r * dstStride) << 2);
    if (!accumulate) {
      memory.copy(d, s, <usize>cols << 2);
      continue;
    }
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      v128.store(d + o, f32x4.add(v128.load(d + o), v128.load(s + o)));
    }
    for (let j = nv; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
    }
  }
}

// out[i, :] = x[idx[i], :] (idx are i32)
export function gatherRows(x: usize, rowLen: i32, idx: usize, count: i32, out: usize): void {
  const bytes = <usize>rowLen << 2;
  for (let i = 0; i < count; i++) {
    const r = load<i32>(idx + (<usize>i << 2));
    memory.copy(out + <usize>i * bytes, x + <usize>r * bytes, bytes);
  }
}

// dx[idx[i], :] += g[i, :]
export function scatterAddRows(g: usize, rowLen: i32, idx: usize, count: i32, dx: usize): void {
  for (let i = 0; i < count; i++) {
    const r = load<i32>(idx + (<usize>i << 2));
    const s = g + (<usize>(i * rowLen) << 2);
    const d = dx + (<usize>(r * rowLen) << 2);
    for (let j = 0; j < rowLen; j++) {
      const o = <usize>j << 2;
      store<f32>(d + o, load<f32>(d + o) + load<f32>(s + o));
    }
  }
}

// sum (p - t)^2 in double precision.
export function sqDiffSum(p: usize, t: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i + 4 <= n) {
    let acc = f32x4.splat(0);
    const end = min(n & ~3, i + 4096);
    for (; i < end; i += 4) {
      const d = f32x4.sub(v128.load(p + (<usize>i << 2)), v128.load(t + (<usize>i << 2)));
      acc = madd(d, d, acc);
    }
    total += <f64>hsum(acc);
  }
  for (; i < n; i++) {
    const d = <f64>(load<f32>(p + (<usize>i << 2)) - load<f32>(t + (<usize>i << 2)));
    total += d * d;
  }
  return total;
}

// dp += c * (p - t); dt -= c * (p - t). Either may be 0.
export function sqDiffBackward(p: usize, t: usize, n: i32, c: f32, dp: usize, dt: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const d = c * (load<f32>(p + o) - load<f32>(t + o));
    if (dp) store<f32>(dp + o, load<f32>(dp + o) + d);
    if (dt) store<f32>(dt + o, load<f32>(dt + o) - d);
  }
}
