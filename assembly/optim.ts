// Optimizer and parameter-averaging kernels.
import { madd } from "./simd";

// One Adam step on n parameters. decoupled = 1: AdamW (p -= lr * wd * p first);
// decoupled = 0: Adam with L2 (g += wd * p). bc1/bc2 are the bias corrections 1 - beta^t.
export function adamStep(
  p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, decoupled: i32, bc1: f32, bc2: f32,
): void {
  const vb1 = f32x4.splat(beta1);
  const vb1c = f32x4.splat(1 - beta1);
  const vb2 = f32x4.splat(beta2);
  const vb2c = f32x4.splat(1 - beta2);
  const stepSize = f32x4.splat(-lr / bc1);
  const rsqrtBc2 = f32x4.splat(1 / Mathf.sqrt(bc2));
  const veps = f32x4.splat(eps);
  const decay = f32x4.splat(decoupled ? 1 - lr * wd : 1);
  const l2 = f32x4.splat(decoupled ? 0 : wd);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    const gv = madd(pv, l2, v128.load(g + o));
    const mv = madd(v128.load(m + o), vb1, f32x4.mul(gv, vb1c));
    const vv = madd(v128.load(v + o), vb2, f32x4.mul(f32x4.mul(gv, gv), vb2c));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), rsqrtBc2), veps);
    pv = f32x4.mul(pv, decay);
    v128.store(p + o, madd(stepSize, f32x4.div(mv, denom), pv));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    let pv = load<f32>(p + o);
    const gv = load<f32>(g + o) + (decoupled ? 0 : wd * pv);
    const mv = load<f32>(m + o) * beta1 + gv * (1 - beta1);
    const vv = load<f32>(v + o) * beta2 + gv * gv * (1 - beta2);
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    const denom = Mathf.sqrt(vv) / Mathf.sqrt(bc2) + eps;
    if (decoupled) pv *= 1 - lr * wd;
    store<f32>(p + o, pv - (lr / bc1) * (mv / denom));
  }
}

// dst = dst + w * (src - dst): exponential moving average (w = 1 - decay) and polyak (w = tau).
export function lerpInto(dst: usize, src: usize, n: i32, w: f32): void {
  const vw = f32x4.splat(w);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) {
    const o = <usize>i << 2;
    const d = v128.load(dst + o);
    v128.store(dst + o, madd(f32x4.sub(v128.load(src + o), d), vw, d));
  }
  for (let i = nv; i < n; i++) {
    const o = <usize>i << 2;
    const d = load<f32>(dst + o);
    store<f32>(dst + o, d + w * (load<f32>(src + o) - d));
  }
}

// x[i] = value
export function fill(x: usize, n: i32, value: f32): void {
  const vv = f32x4.splat(value);
  const nv = n & ~3;
  for (let i = 0; i < nv; i += 4) v128.store(x + (<usize>i << 2), vv);
  for (let i = nv; i < n; i++) store<f32>(x + (<usize>i << 2), value);
}
