// Toy data and two-sample statistics for the diffusion tests.
import type { Rng } from "../../src/engine/rng.js";

export const MIXTURE_CENTERS: readonly [number, number][] = [
  [2, 2],
  [-2, 2],
  [-2, -2],
  [2, -2],
];
export const MIXTURE_STD = 0.3;

/** n points (n x 2) from an equal mixture of 4 Gaussians around MIXTURE_CENTERS, with std `std`. */
export function gaussianMixture(n: number, rng: Rng, std = MIXTURE_STD): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const c = MIXTURE_CENTERS[rng.int(4)];
    out[2 * i] = c[0] + std * rng.gaussian();
    out[2 * i + 1] = c[1] + std * rng.gaussian();
  }
  return out;
}

/** Unbiased squared maximum mean discrepancy with a Gaussian kernel of bandwidth h, rows of `dim`. */
export function mmd2(a: ArrayLike<number>, b: ArrayLike<number>, dim: number, h: number): number {
  const n = a.length / dim;
  const m = b.length / dim;
  const k = (x: ArrayLike<number>, i: number, y: ArrayLike<number>, j: number) => {
    let d = 0;
    for (let c = 0; c < dim; c++) d += (x[i * dim + c] - y[j * dim + c]) ** 2;
    return Math.exp(-d / (2 * h * h));
  };
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) aa += k(a, i, a, j);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) bb += k(b, i, b, j);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) ab += k(a, i, b, j);
  return aa / (n * (n - 1)) + bb / (m * (m - 1)) - (2 * ab) / (n * m);
}

/** Per-mode counts (nearest center) and how many points lie beyond 3 std of their center. */
export function modeCounts(points: ArrayLike<number>): { counts: number[]; far: number } {
  const counts = [0, 0, 0, 0];
  let far = 0;
  for (let i = 0; i < points.length / 2; i++) {
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    MIXTURE_CENTERS.forEach((c, j) => {
      const d = (points[2 * i] - c[0]) ** 2 + (points[2 * i + 1] - c[1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    counts[best]++;
    if (Math.sqrt(bestD) > 3 * MIXTURE_STD) far++;
  }
  return { counts, far };
}

/** Pearson's chi-square statistic of counts against equal expected counts. */
export function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((s, c) => s + c, 0);
  const e = total / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

/** Draws `batch` random rows (of `dim`) of `data` into `out`. */
export function drawRows(
  data: Float32Array,
  dim: number,
  batch: number,
  rng: Rng,
  out: Float32Array,
): Float32Array {
  const n = data.length / dim;
  for (let i = 0; i < batch; i++) {
    const r = rng.int(n);
    out.set(data.subarray(r * dim, r * dim + dim), i * dim);
  }
  return out;
}

/**
 * The two-step system of the conditioning tests: windows [s1, s2] with s2 = f(s1) (a quarter turn,
 * scaled by 1.5, plus an offset) and a little noise on s2; the starts s1 are the conditions.
 */
export function nextState(s: [number, number]): [number, number] {
  return [-1.5 * s[1] + 0.5, 1.5 * s[0]];
}

/** n two-step windows (n x 4) from uniform starts in [-1, 1]^2, and the starts (n x 2). */
export function twoStepWindows(n: number, rng: Rng): { rows: Float32Array; starts: Float32Array } {
  const rows = new Float32Array(4 * n);
  const starts = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const s: [number, number] = [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)];
    const [a, b] = nextState(s);
    rows.set([s[0], s[1], a + 0.02 * rng.gaussian(), b + 0.02 * rng.gaussian()], 4 * i);
    starts.set(s, 2 * i);
  }
  return { rows, starts };
}

/** Mean distance between the generated s2 and f of the generated s1, over rows of 4. */
export function continuationError(g: Float32Array): number {
  let e = 0;
  const n = g.length / 4;
  for (let i = 0; i < n; i++) {
    const [a, b] = nextState([g[4 * i], g[4 * i + 1]]);
    e += Math.hypot(g[4 * i + 2] - a, g[4 * i + 3] - b);
  }
  return e / n;
}
