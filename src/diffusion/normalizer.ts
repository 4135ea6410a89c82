// Per-column standardization of the rows a diffusion model learns (SynthER's "standard"
// normalizer): (x - mean) / std with the unbiased std plus eps = 1e-5, so constant columns stay
// finite. Skipped columns (e.g. SynthER's terminal flag, a 0/1 value thresholded at 0.5 after
// sampling) keep mean 0 and std 1, i.e. are left as they are. (normalizerFile.ts saves and loads
// one as a JSON file, in Node.)

export interface NormalizerJson {
  mean: number[];
  std: number[];
  skipColumns: number[];
}

export class Normalizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  readonly skipColumns: readonly number[];

  constructor(mean: ArrayLike<number>, std: ArrayLike<number>, skipColumns: readonly number[] = []) {
    if (mean.length !== std.length || mean.length === 0)
      throw new Error(
        `A normalizer needs one mean and one std per column, got ${mean.length} means and ${std.length} stds.`,
      );
    for (let j = 0; j < std.length; j++)
      if (!Number.isFinite(mean[j]) || !(std[j] > 0) || !Number.isFinite(std[j]))
        throw new Error(
          `Normalizer column ${j} needs a finite mean and a positive finite std, got ${mean[j]} and ${std[j]}.`,
        );
    for (const c of skipColumns)
      if (!Number.isInteger(c) || c < 0 || c >= mean.length)
        throw new Error(`A skipped column must be an integer in [0, ${mean.length - 1}], got ${c}.`);
    this.mean = Float32Array.from(mean);
    this.std = Float32Array.from(std);
    this.skipColumns = [...skipColumns];
  }

  get dim(): number {
    return this.mean.length;
  }

  /** Fits mean and std to `rows` (count x dim, row-major). */
  static fit(
    rows: ArrayLike<number>,
    dim: number,
    opts: { eps?: number; skipColumns?: readonly number[] } = {},
  ): Normalizer {
    if (!Number.isInteger(dim) || dim < 1)
      throw new Error(`A normalizer needs a positive column count, got ${dim}.`);
    if (rows.length % dim !== 0)
      throw new Error(`${rows.length} values do not split into rows of ${dim} columns.`);
    const count = rows.length / dim;
    if (count < 2) throw new Error(`Fitting a normalizer needs at least 2 rows, got ${count}.`);
    const eps = opts.eps ?? 1e-5;
    const mean = new Float64Array(dim);
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i];
      if (!Number.isFinite(v))
        throw new Error(
          `Row ${Math.floor(i / dim)}, column ${i % dim} of the data is ${v}; it must be finite.`,
        );
      mean[i % dim] += v;
    }
    for (let j = 0; j < dim; j++) mean[j] /= count;
    const sq = new Float64Array(dim);
    for (let i = 0; i < rows.length; i++) {
      const dev = rows[i] - mean[i % dim];
      sq[i % dim] += dev * dev;
    }
    const std = new Float64Array(dim);
    for (let j = 0; j < dim; j++) std[j] = Math.sqrt(sq[j] / (count - 1)) + eps;
    const skip = opts.skipColumns ?? [];
    for (const c of skip) {
      if (!Number.isInteger(c) || c < 0 || c >= dim)
        throw new Error(`A skipped column must be an integer in [0, ${dim - 1}], got ${c}.`);
      mean[c] = 0;
      std[c] = 1;
    }
    return new Normalizer(mean, std, skip);
  }

  private checkRows(rows: ArrayLike<number>): void {
    if (rows.length % this.dim !== 0)
      throw new Error(
        `${rows.length} values do not split into rows of the normalizer's ${this.dim} columns.`,
      );
  }

  /** (x - mean) / std, as a new array. */
  normalize(rows: ArrayLike<number>): Float32Array {
    this.checkRows(rows);
    const out = new Float32Array(rows.length);
    const d = this.dim;
    for (let i = 0; i < rows.length; i++) out[i] = (rows[i] - this.mean[i % d]) / this.std[i % d];
    return out;
  }

  /** x std + mean, as a new array. */
  unnormalize(rows: ArrayLike<number>): Float32Array {
    this.checkRows(rows);
    const out = new Float32Array(rows.length);
    const d = this.dim;
    for (let i = 0; i < rows.length; i++) out[i] = rows[i] * this.std[i % d] + this.mean[i % d];
    return out;
  }

  /** The values of some columns (given per row) in normalized space, e.g. inpainting values. */
  normalizeColumns(values: ArrayLike<number>, columns: readonly number[]): Float32Array {
    const k = columns.length;
    if (k === 0 || values.length % k !== 0)
      throw new Error(`${values.length} values do not split into rows of ${k} columns.`);
    const out = new Float32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const c = columns[i % k];
      out[i] = (values[i] - this.mean[c]) / this.std[c];
    }
    return out;
  }

  toJson(): NormalizerJson {
    return { mean: [...this.mean], std: [...this.std], skipColumns: [...this.skipColumns] };
  }

  static fromJson(json: unknown, source = "The normalizer"): Normalizer {
    const j = json as Partial<NormalizerJson> | null;
    const isNumbers = (a: unknown): a is number[] =>
      Array.isArray(a) && a.every((v) => typeof v === "number");
    if (!j || !isNumbers(j.mean) || !isNumbers(j.std) || !isNumbers(j.skipColumns ?? []))
      throw new Error(`${source} must be a JSON object with number lists "mean", "std" and "skipColumns".`);
    return new Normalizer(j.mean, j.std, j.skipColumns ?? []);
  }
}
