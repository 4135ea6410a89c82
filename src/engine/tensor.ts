// fp32 tensors stored in the engine's WebAssembly memory, with reverse-mode autodiff.
// Memory: tensors created inside `tidy(fn)` are freed when fn returns (except what it returns);
// tensors created elsewhere (parameters, optimizer state) live until `dispose()`.

import { engine } from "./engineInstance.js";
import type { Rng } from "./rng.js";

/** How a tensor was computed: its inputs and how to send its gradient back to them. */
export interface GradNode {
  op: string;
  inputs: Tensor[];
  /** Accumulates into the inputs' gradients (use `gradOf(input)`), given this tensor's gradient. */
  backward(grad: Tensor): void;
}

const scopes: Tensor[][] = [];
let gradEnabled = true;

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`Invalid tensor shape [${shape.join(", ")}].`);
    n *= d;
  }
  return n;
}

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

export class Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  /** Byte offset of the first element in the engine's memory. */
  readonly ptr: number;
  requiresGrad: boolean;
  /**
   * The gradient buffer, or null. Internal: use `grad` (and gradOf / gradFor); while
   * `gradZeroPending` it holds stale values that stand for zeros.
   */
  gradBuffer: Tensor | null = null;
  /** zeroGrad() was called and nothing has written or read the gradient since. */
  gradZeroPending = false;
  node: GradNode | null = null;
  private disposed = false;
  /** A reshape view shares its base's memory and never frees it. */
  private readonly base: Tensor | null;

  /** Allocates uninitialized memory; use the static constructors below. */
  constructor(shape: readonly number[], opts: { requiresGrad?: boolean; viewOf?: Tensor } = {}) {
    this.shape = shape.slice();
    this.size = shapeSize(shape);
    this.requiresGrad = opts.requiresGrad ?? false;
    this.base = opts.viewOf ?? null;
    this.ptr = this.base ? this.base.ptr : engine().heap.alloc(this.size * 4);
    const scope = scopes[scopes.length - 1];
    if (scope) scope.push(this);
  }

  static empty(shape: readonly number[]): Tensor {
    return new Tensor(shape);
  }

  static zeros(shape: readonly number[], opts: { requiresGrad?: boolean } = {}): Tensor {
    return Tensor.full(shape, 0, opts);
  }

  static full(shape: readonly number[], value: number, opts: { requiresGrad?: boolean } = {}): Tensor {
    const t = new Tensor(shape, opts);
    engine().kernels.fill(t.ptr, t.size, value);
    return t;
  }

  static fromArray(
    values: ArrayLike<number>,
    shape: readonly number[] = [values.length],
    opts: { requiresGrad?: boolean } = {},
  ): Tensor {
    if (shapeSize(shape) !== values.length)
      throw new Error(`Tensor.fromArray: ${values.length} values do not fill shape ${fmtShape(shape)}.`);
    const t = new Tensor(shape, opts);
    t.data.set(values);
    return t;
  }

  static randn(shape: readonly number[], rng: Rng, std = 1, opts: { requiresGrad?: boolean } = {}): Tensor {
    const t = new Tensor(shape, opts);
    rng.fillGaussian(t.data, 0, std);
    return t;
  }

  static uniform(
    shape: readonly number[],
    rng: Rng,
    low: number,
    high: number,
    opts: { requiresGrad?: boolean } = {},
  ): Tensor {
    const t = new Tensor(shape, opts);
    rng.fillUniform(t.data, low, high);
    return t;
  }

  /** A live Float32Array view of the elements (re-read after allocating: the memory may grow). */
  get data(): Float32Array {
    if (this.disposed)
      throw new Error(`This tensor ${fmtShape(this.shape)} was disposed and cannot be read.`);
    return engine().heap.view(this.ptr, this.size);
  }

  toArray(): Float32Array {
    return this.data.slice();
  }

  item(): number {
    if (this.size !== 1)
      throw new Error(`item() needs a one-element tensor, got shape ${fmtShape(this.shape)}.`);
    return this.data[0];
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Frees the memory (and the gradient's). Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.base) engine().heap.free(this.ptr, this.size * 4);
    this.gradBuffer?.dispose();
    this.gradBuffer = null;
    this.gradZeroPending = false;
    this.node = null;
  }

  /** Same memory, new shape (same size). Gradients flow back to this tensor. */
  reshape(shape: readonly number[]): Tensor {
    if (shapeSize(shape) !== this.size)
      throw new Error(`reshape: cannot view ${fmtShape(this.shape)} as ${fmtShape(shape)}: sizes differ.`);
    const out = new Tensor(shape, { viewOf: this.base ?? this });
    recordOp(out, "reshape", [this], (g) => {
      engine().kernels.axpy(g.ptr, gradOf(this).ptr, g.size, 1);
    });
    return out;
  }

  /** Runs reverse-mode autodiff from this scalar (or with an explicit output gradient). */
  backward(grad?: Tensor): void {
    runBackward(this, grad);
  }

  /** The gradient (zeros after zeroGrad()), or null before any backward pass reached this tensor. */
  get grad(): Tensor | null {
    const g = this.gradBuffer;
    if (g && this.gradZeroPending) {
      engine().kernels.fill(g.ptr, g.size, 0);
      this.gradZeroPending = false;
    }
    return g;
  }

  set grad(g: Tensor | null) {
    this.gradBuffer = g;
    this.gradZeroPending = false;
  }

  /**
   * Sets the gradient to zero (keeps its memory). The zeros are written when the gradient is next
   * read or accumulated into; a backward pass whose first write overwrites it (gradFor) skips them.
   */
  zeroGrad(): void {
    if (this.gradBuffer) this.gradZeroPending = true;
  }

  /** Copies another tensor's values into this one (same size). */
  copyFrom(src: Tensor): void {
    if (src.size !== this.size)
      throw new Error(`copyFrom: cannot copy ${fmtShape(src.shape)} into ${fmtShape(this.shape)}.`);
    engine().heap.u8.copyWithin(this.ptr, src.ptr, src.ptr + src.size * 4);
  }

  /** The tensor this one is a reshape view of, or itself. */
  get storage(): Tensor {
    return this.base ?? this;
  }
}

/** The gradient buffer of `t`, allocated zero-filled on first use (never freed by tidy scopes). */
export function gradOf(t: Tensor): Tensor {
  if (!t.grad) t.grad = untracked(() => Tensor.zeros(t.shape));
  return t.grad;
}

/**
 * The gradient buffer of `t` for a kernel that writes every element of it: on first use (or after
 * zeroGrad()) it is neither allocated zero-filled nor zeroed, and `fresh` is true, and the kernel must overwrite it (a product
 * with beta 0, a copy, a reduction without accumulate); otherwise the kernel accumulates as it
 * would into gradOf(t). Skipping the fill saves a pass over every activation gradient of a
 * backward pass, and a read of it in the first product that accumulates into it.
 */
export function gradFor(t: Tensor): { grad: Tensor; fresh: boolean } {
  const g = t.gradBuffer;
  if (g) {
    const fresh = t.gradZeroPending;
    t.gradZeroPending = false;
    return { grad: g, fresh };
  }
  const made = untracked(() => Tensor.empty(t.shape));
  t.grad = made;
  return { grad: made, fresh: true };
}

/** Runs fn with no tidy scope active, so the tensors it creates outlive every enclosing scope. */
export function untracked<T>(fn: () => T): T {
  const saved = scopes.splice(0);
  try {
    return fn();
  } finally {
    scopes.push(...saved);
  }
}

/** Records how `out` was computed when gradients are needed. */
export function recordOp(out: Tensor, op: string, inputs: Tensor[], backward: (grad: Tensor) => void): void {
  if (!gradEnabled) return;
  let needed = false;
  for (const t of inputs) if (t.requiresGrad) needed = true;
  if (!needed) return;
  out.requiresGrad = true;
  out.node = { op, inputs, backward };
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording gradients (inference, target networks, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

function collectKept(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) {
    into.add(value);
    into.add(value.storage);
  } else if (Array.isArray(value)) {
    for (const v of value) collectKept(v, into);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) collectKept(v, into);
  }
}

/**
 * Runs fn and frees every tensor it created, except the tensors in its return value
 * (a tensor, or arrays/objects of them), which move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  scopes.push([]);
  let result: T;
  let created: Tensor[];
  try {
    result = fn();
  } finally {
    created = scopes.pop()!;
  }
  const keep = new Set<Tensor>();
  collectKept(result, keep);
  const parent = scopes[scopes.length - 1];
  for (const t of created) {
    if (keep.has(t)) parent?.push(t);
    else t.dispose();
  }
  return result;
}

/** Takes a tensor out of the current tidy scope so that it outlives it. */
export function keep<T extends Tensor>(t: T): T {
  for (const scope of scopes) {
    const i = scope.indexOf(t);
    if (i >= 0) scope.splice(i, 1);
  }
  return t;
}

function runBackward(root: Tensor, grad?: Tensor): void {
  if (!root.requiresGrad)
    throw new Error("backward: this tensor does not depend on any tensor that requires grad.");
  if (!grad && root.size !== 1)
    throw new Error(
      `backward: the output has shape ${fmtShape(root.shape)}; pass its gradient or reduce it to a scalar.`,
    );
  // Topological order by iterative depth-first search over recorded nodes.
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.node ? t.node.inputs : [];
    if (i < inputs.length) {
      top[1] = i + 1;
      const child = inputs[i];
      if (child.node && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  const g = gradOf(root);
  if (grad) {
    if (grad.size !== root.size)
      throw new Error(
        `backward: gradient ${fmtShape(grad.shape)} does not match output ${fmtShape(root.shape)}.`,
      );
    engine().kernels.axpy(grad.ptr, g.ptr, g.size, 1);
  } else {
    g.data[0] += 1;
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    if (t.node && t.grad) t.node.backward(t.grad);
  }
}
