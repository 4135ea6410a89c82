// Matrices in engine memory and a double-precision reference product for the GEMM tests
// (test helper, not a test file).
import assert from "node:assert/strict";
import type { GemmArgs } from "../../src/engine/gemmRunner.js";
import { Rng } from "../../src/engine/rng.js";
import type { Engine } from "../../src/engine/runtime.js";

/** The four transpose cases (transA, transB) every GEMM test covers. */
export const TRANSPOSES: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

export interface Product {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  /** Extra floats at the end of every stored row (leading dimension = width + pad). */
  pad?: number;
  batch?: number;
}

/** A product's operands allocated and filled in an engine's memory (C filled too). */
export class ProductFixture {
  readonly args: GemmArgs;
  readonly batch: number;
  private readonly sizes: { a: number; b: number; c: number };

  constructor(
    readonly engine: Engine,
    readonly p: Product,
    seed: number,
    cFill: "random" | "nan" = "random",
  ) {
    const pad = p.pad ?? 0;
    this.batch = p.batch ?? 1;
    const [aRows, aCols] = p.transA ? [p.k, p.m] : [p.m, p.k];
    const [bRows, bCols] = p.transB ? [p.n, p.k] : [p.k, p.n];
    const lda = aCols + pad;
    const ldb = bCols + pad;
    const ldc = p.n + pad;
    // Members of a batch are spaced a little apart so a wrong stride cannot go unnoticed.
    const strideA = aRows * lda + 5;
    const strideB = bRows * ldb + 7;
    const strideC = p.m * ldc + 3;
    this.sizes = { a: strideA * this.batch, b: strideB * this.batch, c: strideC * this.batch };
    const heap = engine.heap;
    const a = heap.alloc(4 * this.sizes.a);
    const b = heap.alloc(4 * this.sizes.b);
    const c = heap.alloc(4 * this.sizes.c);
    const rng = new Rng(seed);
    rng.fillUniform(heap.view(a, this.sizes.a), -1, 1);
    rng.fillUniform(heap.view(b, this.sizes.b), -1, 1);
    if (cFill === "nan") heap.view(c, this.sizes.c).fill(Number.NaN);
    else rng.fillUniform(heap.view(c, this.sizes.c), -1, 1);
    this.args = {
      transA: p.transA,
      transB: p.transB,
      m: p.m,
      n: p.n,
      k: p.k,
      alpha: p.alpha,
      a,
      lda,
      b,
      ldb,
      beta: p.beta,
      c,
      ldc,
      batch: this.batch,
      strideA,
      strideB,
      strideC,
    };
  }

  get a(): Float32Array {
    return this.engine.heap.view(this.args.a, this.sizes.a);
  }
  get b(): Float32Array {
    return this.engine.heap.view(this.args.b, this.sizes.b);
  }
  get c(): Float32Array {
    return this.engine.heap.view(this.args.c, this.sizes.c);
  }

  /**
   * The expected C (every stored float, padding included) for columns n0..n1 of every member,
   * computed in double precision from the current A, B and C (each element of A and B passed
   * through `round` first: the bf16 GEMM's reference).
   */
  expected(n0 = 0, n1 = this.p.n, round: (x: number) => number = (x) => x): Float64Array {
    const g = this.args;
    const A = this.a;
    const B = this.b;
    const out = Float64Array.from(this.c);
    for (let t = 0; t < this.batch; t++) {
      const a0 = t * g.strideA!;
      const b0 = t * g.strideB!;
      const c0 = t * g.strideC!;
      for (let i = 0; i < g.m; i++)
        for (let j = n0; j < n1; j++) {
          let s = 0;
          for (let p = 0; p < g.k; p++) {
            const av = g.transA ? A[a0 + p * g.lda + i] : A[a0 + i * g.lda + p];
            const bv = g.transB ? B[b0 + j * g.ldb + p] : B[b0 + p * g.ldb + j];
            s += round(av) * round(bv);
          }
          const ci = c0 + i * g.ldc + j;
          out[ci] = g.alpha * s + (g.beta === 0 ? 0 : g.beta * out[ci]);
        }
    }
    return out;
  }

  free(): void {
    const heap = this.engine.heap;
    heap.free(this.args.c, 4 * this.sizes.c);
    heap.free(this.args.b, 4 * this.sizes.b);
    heap.free(this.args.a, 4 * this.sizes.a);
  }
}

/**
 * Asserts |got - want| <= tol * (1 + |want|) everywhere (NaN only where NaN is expected: memory
 * the product must leave alone), with the first offender in the message.
 */
export function assertClose(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: number,
  what: string,
): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]) && Number.isNaN(got[i])) continue;
    const err = Math.abs(got[i] - want[i]);
    if (!(err <= tol * (1 + Math.abs(want[i]))))
      assert.fail(`${what}: element ${i} is ${got[i]}, expected ${want[i]}`);
  }
}

/** fp32 rounding bound for a length-k dot product of values in [-1, 1], relative to 1 + |result|. */
export function dotTolerance(k: number): number {
  return 4e-7 * Math.max(8, k);
}

const bits = new Float32Array(1);
const bitsU32 = new Uint32Array(bits.buffer);

/**
 * x rounded to bfloat16 (the upper 16 bits of an fp32), to nearest with ties to even, as
 * VCVTNE2PS2BF16 does (fp32 subnormals become zero, as there; NaN is not handled).
 */
export function toBf16(x: number): number {
  bits[0] = x;
  const u = bitsU32[0];
  if ((u & 0x7f800000) === 0) bitsU32[0] = u & 0x80000000;
  else bitsU32[0] = (u + 0x7fff + ((u >>> 16) & 1)) & 0xffff0000;
  return bits[0];
}

export function describeProduct(p: Product): string {
  return `${p.transA ? "t" : "n"}${p.transB ? "t" : "n"} m=${p.m} n=${p.n} k=${p.k}${p.batch ? ` batch=${p.batch}` : ""}`;
}
