// Elementwise activations and math functions, forward and backward, plus fused bias + activation.
// Op codes are shared with src/engine/ops/unaryOps.ts.
import { vexp, vlog, vsigmoid, vsoftplus, vtanh } from "./vmath";
import { madd } from "./simd";

export const OP_IDENTITY: i32 = 0;
export const OP_RELU: i32 = 1;
export const OP_SILU: i32 = 2;
export const OP_MISH: i32 = 3;
export const OP_TANH: i32 = 4;
export const OP_SOFTPLUS: i32 = 5;
export const OP_EXP: i32 = 6;
export const OP_LOG: i32 = 7;
export const OP_SQRT: i32 = 8;
export const OP_SIGMOID: i32 = 9;
export const OP_SQUARE: i32 = 10;

// @ts-ignore: decorator
@inline
function fwd(op: i32, x: v128): v128 {
  switch (op) {
    case OP_RELU: return f32x4.max(x, f32x4.splat(0));
    case OP_SILU: return f32x4.mul(x, vsigmoid(x));
    case OP_MISH: return f32x4.mul(x, vtanh(vsoftplus(x)));
    case OP_TANH: return vtanh(x);
    case OP_SOFTPLUS: return vsoftplus(x);
    case OP_EXP: return vexp(x);
    case OP_LOG: return vlog(x);
    case OP_SQRT: return f32x4.sqrt(x);
    case OP_SIGMOID: return vsigmoid(x);
    case OP_SQUARE: return f32x4.mul(x, x);
    default: return x;
  }
}

// Derivative f'(x) given the input x and the output y = f(x).
// @ts-ignore: decorator
@inline
function deriv(op: i32, x: v128, y: v128): v128 {
  const one = f32x4.splat(1.0);
  switch (op) {
    case OP_RELU: return v128.and(f32x4.gt(x, f32x4.splat(0)), one);
    case OP_SILU: {
      const s = vsigmoid(x);
      return f32x4.mul(s, madd(x, f32x4.sub(one, s), one));
    }
    case OP_MISH: {
      const t = vtanh(vsoftplus(x));
      return madd(f32x4.mul(x, f32x4.sub(one, f32x4.mul(t, t))), vsigmoid(x), t);
    }
    case OP_TANH: return f32x4.sub(one, f32x4.mul(y, y));
    case OP_SOFTPLUS: return vsigmoid(x);
    case OP_EXP: return y;
    case OP_LOG: return f32x4.div(one, x);
    case OP_SQRT: return f32x4.div(f32x4.splat(0.5), y);
    case OP_SIGMOID: return f32x4.mul(y, f32x4.sub(one, y));
    case OP_SQUARE: return f32x4.add(x, x);
    default: return one;
  }
}

// out[i] = f(x[i]); out may alias x.
export function unaryForward(op: i32, x: usize, out: usize, n: i32): void {
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, fwd(op, v128.load(x + o)));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(fwd(op, f32x4.splat(load<f32>(x + o))), 0));
  }
}

// dx[i] += g[i] * f'(x[i]) (y = f(x) is passed for ops whose derivative uses it).
export function unaryBackward(op: i32, x: usize, y: usize, g: usize, dx: usize, n: i32): void {
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    const d = deriv(op, v128.load(x + o), v128.load(y + o));
    v128.store(dx + o, madd(v128.load(g + o), d, v128.load(dx + o)));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    const d = f32x4.extract_lane(deriv(op, f32x4.splat(load<f32>(x + o)), f32x4.splat(load<f32>(y + o))), 0);
    store<f32>(dx + o, load<f32>(dx + o) + load<f32>(g + o) * d);
  }
}

// out[i] = min(max(x[i], lo), hi)
export function clampForward(x: usize, out: usize, n: i32, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.min(f32x4.max(v128.load(x + o), vlo), vhi));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, min(max(load<f32>(x + o), lo), hi));
  }
}

// dx[i] += g[i] where lo <= x[i] <= hi (PyTorch's convention at the bounds).
export function clampBackward(x: usize, g: usize, dx: usize, n: i32, lo: f32, hi: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const xv = load<f32>(x + o);
    if (xv >= lo && xv <= hi) store<f32>(dx + o, load<f32>(dx + o) + load<f32>(g + o));
  }
}

// out = a * x + b elementwise (scale and shift); out may alias x.
export function affine(x: usize, out: usize, n: i32, a: f32, b: f32): void {
  const va = f32x4.splat(a);
  const vb = f32x4.splat(b);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, madd(v128.load(x + o), va, vb));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(x + o) * a + b);
  }
}

// dst += a * x (axpy).
export function axpy(x: usize, dst: usize, n: i32, a: f32): void {
  const va = f32x4.splat(a);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, madd(v128.load(x + o), va, v128.load(dst + o)));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + a * load<f32>(x + o));
  }
}

// Rows of length n: out[r, j] = f(x[r, j] + bias[j]); out may alias x. The Linear layer's epilogue.
export function biasActForward(op: i32, x: usize, bias: usize, out: usize, rows: i32, n: i32): void {
  const nv = n & ~3;
  for (let r = 0; r < rows; r++) {
    const row = <usize>(r * n) << 2;
    for (let j = 0; j < nv; j += 4) {
      const o = <usize>j << 2;
      v128.store(out + row + o, fwd(op, f32x4.add(v128.load(x + row + o), v128.load(bias + o))));
    }
    for (let j = nv; j < n; j++) {
      const o = <usize>j << 2;
      const v = f32x4.splat(load<f32>(x + row + o) + load<f32>(bias + o));
      store<f32>(out + row + o, f32x4.extract_lane(fwd(op, v), 0));
    }
  }
}

// Pre-activation gradient in place: g[i] = g[i] * f'(x[i]) with x the pre-activation
// (for ReLU and identity x may be the output), then the caller reduces g over rows for the bias.
export function activationGradInPlace(op: i32, x: usize, y: usize, g: usize, n: i32): void {
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    v128.store(g + o, f32x4.mul(v128.load(g + o), deriv(op, v128.load(x + o), v128.load(y + o))));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    const d = f32x4.extract_lane(deriv(op, f32x4.splat(load<f32>(x + o)), f32x4.splat(load<f32>(y + o))), 0);
    store<f32>(g + o, load<f32>(g + o) * d);
  }
}
