// A diffusion model over fixed-width rows, trained and sampled as SynthER does (Lu et al. 2023):
// EDM loss on normalized rows, AdamW with a cosine schedule and gradient clipping, an EMA of the
// weights (with ema_pytorch's warm-up) that sampling uses, and the Heun sampler with churn. Rows
// and conditions go in and come out in data units; the normalizers are part of the model.
//
// Conditioning (ATraDiff, method.md section 2): a condition vector (e.g. the first state s1 and a
// task prompt) is concatenated to the denoiser input in training and sampling, and sampling can also
// hold chosen columns (e.g. s1's place in the window) at given values by inpainting (inpainting.ts).
// The condition input teaches the model what follows s1; the inpainting makes the row contain s1
// exactly, which the condition alone only approximates. Use both: on a toy two-step system
// (test/diffusion/conditioning.test.ts) condition + inpainting continued s1 with a mean error of
// 0.04 at 32 sampler steps, while an unconditional model with inpainting alone erred by 0.10
// (128 steps), 0.35 (32) and 0.55 (16), and inpainting only at the end ignores s1 entirely (1.6).

import { withMatmulPrecision } from "../engine/matmulPrecision.js";
import { Rng, type RngState } from "../engine/rng.js";
import { type Tensor, tidy } from "../engine/tensor.js";
import { type Adam, adamW } from "../nn/adam.js";
import { fillTensors, tensorsContent } from "../nn/checkpointContent.js";
import type { SafetensorsContent } from "../nn/safetensors.js";
import { cosineLr } from "../nn/schedule.js";
import { checkEngineMemory } from "../util/memoryBudget.js";
import { createDenoiser, type Denoiser } from "./denoiser.js";
import {
  type DiffusionSettings,
  type DiffusionSettingsInput,
  denoiserTrainingBytes,
  parseDiffusionSettings,
  withSavedDenoiserDefaults,
} from "./diffusionSettings.js";
import { drawTrainingNoise, edmLoss, givenColumnMask } from "./edmLoss.js";
import { heunSample } from "./heunSampler.js";
import type { InpaintMode } from "./inpainting.js";
import { type NoiseSource, rngNoise } from "./noiseSource.js";
import { Normalizer } from "./normalizer.js";
import { preconditionedDenoiser } from "./preconditionedDenoiser.js";
import { updateEma } from "./warmupEma.js";

const CHECKPOINT_FORMAT = "atradiff-diffusion-trainer-v1";

export interface DiffusionTrainerOptions {
  /** Columns of a data row. */
  dataDim: number;
  /** Columns of the condition vector (0 or absent: unconditional). */
  conditionDim?: number;
  settings?: DiffusionSettingsInput;
  /** Seeds the initial weights and the training noise. */
  seed: number;
  /** Normalizes data rows (none: rows are used as given). */
  normalizer?: Normalizer | null;
  /** Normalizes condition vectors (none: used as given). */
  conditionNormalizer?: Normalizer | null;
  /** Values per token of a row (a trajectory window's step), for the temporal denoiser. */
  tokenWidth?: number | null;
  /**
   * Columns every row is given exactly (e.g. a window's first state): trained clean and left out of
   * the loss (edmLoss.ts), and held at their values while sampling, which must then give them.
   */
  givenColumns?: readonly number[] | null;
}

export interface DiffusionStepStats {
  loss: number;
  /** Global gradient norm before clipping (NaN when clipping is off). */
  gradNorm: number;
  lr: number;
}

export interface DiffusionSampleOptions {
  rng: Rng;
  /** Sampler steps N (default: the edm.sampleSteps setting). */
  steps?: number;
  /** n x conditionDim values, in data units. */
  condition?: ArrayLike<number> | null;
  /** Columns held at given values (n x columns.length, data units); mode defaults to "noised". */
  fixed?: { columns: readonly number[]; values: ArrayLike<number>; mode?: InpaintMode } | null;
  /** Replaces the rng's draws (tests); the rng is then unused. */
  noise?: NoiseSource;
}

export class DiffusionTrainer {
  readonly settings: DiffusionSettings;
  readonly dataDim: number;
  readonly conditionDim: number;
  readonly model: Denoiser;
  /** The EMA weights; sampling uses these. */
  readonly emaModel: Denoiser;
  /** Values per token of a row, or null when rows are not read as tokens. */
  readonly tokenWidth: number | null;
  /** Columns given exactly in training and sampling (empty: none). */
  readonly givenColumns: readonly number[];
  /** givenColumns as a per-column mask (edmLoss.ts), or null when none. */
  readonly givenMask: Uint8Array | null;
  readonly optimizer: Adam;
  readonly normalizer: Normalizer | null;
  readonly conditionNormalizer: Normalizer | null;
  /** Optimizer steps taken. */
  stepCount = 0;
  /**
   * Loaded from a sampling-only file (save's samplingOnly): the weights are the EMA weights and
   * the optimizer moments are fresh, so further training is a new fine-tuning, not a resume.
   */
  samplingWeightsOnly = false;
  private readonly rng: Rng;

  constructor(o: DiffusionTrainerOptions) {
    this.settings = parseDiffusionSettings(o.settings ?? {});
    this.dataDim = o.dataDim;
    this.conditionDim = o.conditionDim ?? 0;
    this.tokenWidth = o.tokenWidth ?? null;
    this.givenColumns = [...(o.givenColumns ?? [])];
    this.givenMask = givenColumnMask(this.dataDim, this.givenColumns);
    const { width, depth } = this.settings.denoiser;
    checkEngineMemory(
      `A denoiser of width ${width} and depth ${depth} on rows of ${this.dataDim} values`,
      denoiserTrainingBytes(this.dataDim, this.conditionDim, this.settings, this.tokenWidth),
      "the width, the depth, the batch size or the row (window lengths)",
    );
    this.normalizer = o.normalizer ?? null;
    this.conditionNormalizer = o.conditionNormalizer ?? null;
    if (this.normalizer && this.normalizer.dim !== this.dataDim)
      throw new Error(
        `The normalizer has ${this.normalizer.dim} columns but data rows have ${this.dataDim}.`,
      );
    if (this.conditionNormalizer && this.conditionNormalizer.dim !== this.conditionDim)
      throw new Error(
        `The condition normalizer has ${this.conditionNormalizer.dim} columns but conditions have ${this.conditionDim}.`,
      );
    const seedRng = new Rng(o.seed);
    const initRng = seedRng.split();
    this.rng = seedRng.split();
    const shape = { dataDim: this.dataDim, conditionDim: this.conditionDim, tokenWidth: this.tokenWidth };
    this.model = createDenoiser(shape, this.settings.denoiser, initRng);
    // The EMA starts as a copy; the throwaway initialization is overwritten at once.
    this.emaModel = createDenoiser(shape, this.settings.denoiser, new Rng(0));
    this.emaModel.copyFrom(this.model);
    const t = this.settings.training;
    this.optimizer = adamW(this.model.parameters(), {
      lr: t.lr,
      beta1: t.beta1,
      beta2: t.beta2,
      weightDecay: t.weightDecay,
      maxGradNorm: t.maxGradNorm > 0 ? t.maxGradNorm : undefined,
    });
  }

  private checkRows(what: string, values: ArrayLike<number>, rows: number, dim: number): void {
    if (values.length !== rows * dim)
      throw new Error(
        `${what}: ${rows} rows of ${dim} columns need ${rows * dim} values, got ${values.length}.`,
      );
  }

  /** One optimizer step on a batch of data rows (batch x dataDim) and their conditions. */
  step(rows: ArrayLike<number>, condition: ArrayLike<number> | null = null): DiffusionStepStats {
    const d = this.dataDim;
    if (rows.length === 0 || rows.length % d !== 0)
      throw new Error(`A training batch must hold whole rows of ${d} columns, got ${rows.length} values.`);
    const batch = rows.length / d;
    if (this.conditionDim > 0) {
      if (!condition)
        throw new Error(`This diffusion model is conditioned: each training row needs a condition.`);
      this.checkRows("The training conditions", condition, batch, this.conditionDim);
    } else if (condition)
      throw new Error("This diffusion model is unconditional, but conditions were given.");
    const clean = this.normalizer ? this.normalizer.normalize(rows) : rows;
    const cond =
      condition && this.conditionNormalizer ? this.conditionNormalizer.normalize(condition) : condition;
    const t = this.settings.training;
    const lr = cosineLr(this.stepCount, { baseLr: t.lr, totalSteps: t.totalSteps });
    this.optimizer.lr = lr;
    const draws = drawTrainingNoise(batch, d, this.settings.edm, this.rng);
    this.optimizer.zeroGrad();
    const loss = withMatmulPrecision(t.matmulPrecision, () =>
      tidy(() => {
        const l = edmLoss(this.model, clean, cond, draws, this.settings.edm.sigmaData, this.givenMask);
        l.backward();
        return l.item();
      }),
    );
    if (!Number.isFinite(loss))
      throw new Error(
        `Diffusion training diverged: the loss at step ${this.stepCount + 1} is ${loss} (check the data for huge or non-finite values, or lower the learning rate).`,
      );
    const gradNorm = this.optimizer.step();
    this.stepCount++;
    updateEma(this.emaModel, this.model, this.stepCount, t);
    return { loss, gradNorm, lr };
  }

  /** n generated rows (n x dataDim, data units) from the EMA weights. */
  sample(n: number, o: DiffusionSampleOptions): Float32Array {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`The number of samples must be a positive integer, got ${n}.`);
    const d = this.dataDim;
    const c = this.conditionDim;
    if (c > 0 && !o.condition)
      throw new Error(`This diffusion model is conditioned: sampling needs ${n} conditions.`);
    if (c === 0 && o.condition)
      throw new Error("This diffusion model is unconditional, but a condition was given.");
    if (o.condition) this.checkRows("The sampling conditions", o.condition, n, c);
    const cond =
      o.condition && this.conditionNormalizer ? this.conditionNormalizer.normalize(o.condition) : o.condition;
    const fixed = o.fixed ?? null;
    const k = fixed ? fixed.columns.length : 0;
    if (fixed) this.checkRows("The fixed coordinates", fixed.values, n, k);
    const given = this.givenColumns.length > 0;
    if (given && (!fixed || fixed.columns.join(",") !== this.givenColumns.join(",")))
      throw new Error(
        `This diffusion model was trained with columns ${describeColumns(this.givenColumns)} given exactly: sampling must give their values (as fixed coordinates, in that order).`,
      );
    const fixedValues = fixed
      ? this.normalizer
        ? this.normalizer.normalizeColumns(fixed.values, fixed.columns)
        : Float64Array.from(fixed.values)
      : null;
    const noise = o.noise ?? rngNoise(o.rng);
    const out = new Float32Array(n * d);
    const chunk = this.settings.training.sampleBatchSize;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const x = heunSample({
        denoise: preconditionedDenoiser(
          this.emaModel,
          this.settings.edm.sigmaData,
          rows,
          cond ? sliceRows(cond, start, rows, c) : null,
          given ? { columns: this.givenColumns, values: sliceRows(fixedValues!, start, rows, k) } : null,
        ),
        rows,
        dim: d,
        edm: this.settings.edm,
        steps: o.steps,
        noise,
        fixed: fixed
          ? {
              columns: fixed.columns,
              values: sliceRows(fixedValues!, start, rows, k),
              // Given columns are ignored by the denoiser; "clean" keeps x equal to them throughout.
              mode: given ? "clean" : (fixed.mode ?? "noised"),
            }
          : null,
      });
      out.set(this.normalizer ? this.normalizer.unnormalize(x) : Float32Array.from(x), start * d);
    }
    // Unnormalizing can move a fixed value by a rounding error: put the given values back.
    if (fixed)
      for (let r = 0; r < n; r++)
        for (let j = 0; j < k; j++) out[r * d + fixed.columns[j]] = fixed.values[r * k + j];
    return out;
  }

  /**
   * Everything needed to continue training identically: weights, EMA, optimizer, step, noise
   * stream. With `samplingOnly`, only the EMA weights (what sampling uses; about a quarter of the
   * file, the rest being the weights and Adam's two moments): loading such a file samples exactly
   * as the full one, and training it again starts from the EMA weights with fresh optimizer moments.
   * (nn/checkpoint.ts's saveCheckpoint writes it as a file.)
   */
  toCheckpoint(
    metadata: Record<string, string> = {},
    opts: { samplingOnly?: boolean } = {},
  ): SafetensorsContent {
    const samplingOnly = opts.samplingOnly ?? false;
    const tensors = new Map<string, Tensor>();
    if (!samplingOnly) for (const [name, t] of this.model.stateDict()) tensors.set(`model.${name}`, t);
    for (const [name, t] of this.emaModel.stateDict()) tensors.set(`ema.${name}`, t);
    if (!samplingOnly)
      for (const [name, t] of this.optimizer.stateTensors()) tensors.set(`optimizer.${name}`, t);
    return tensorsContent(tensors, {
      ...metadata,
      samplingOnly: String(samplingOnly),
      format: CHECKPOINT_FORMAT,
      settings: JSON.stringify(this.settings),
      dataDim: String(this.dataDim),
      conditionDim: String(this.conditionDim),
      tokenWidth: JSON.stringify(this.tokenWidth),
      givenColumns: JSON.stringify(this.givenColumns),
      step: String(this.stepCount),
      optimizerStep: String(this.optimizer.stepCount),
      rng: JSON.stringify(this.rng.state),
      normalizer: JSON.stringify(this.normalizer?.toJson() ?? null),
      conditionNormalizer: JSON.stringify(this.conditionNormalizer?.toJson() ?? null),
    });
  }

  /**
   * A trainer restored from toCheckpoint(); a checkpoint of another kind fails with one sentence
   * (`path` names it).
   */
  static fromCheckpoint(content: SafetensorsContent, path: string): DiffusionTrainer {
    const m = content.metadata;
    if (m.format !== CHECKPOINT_FORMAT)
      throw new Error(
        `${path} is not a diffusion trainer checkpoint (its format is "${m.format ?? "unknown"}").`,
      );
    const parse = (key: string): unknown => {
      try {
        return JSON.parse(m[key]);
      } catch {
        throw new Error(`The checkpoint ${path} has an unreadable "${key}" entry.`);
      }
    };
    const normJson = parse("normalizer");
    const condNormJson = parse("conditionNormalizer");
    const trainer = new DiffusionTrainer({
      dataDim: Number(m.dataDim),
      conditionDim: Number(m.conditionDim),
      // Checkpoints from before the temporal denoiser have no token width and no block-norm setting.
      tokenWidth: m.tokenWidth === undefined ? null : (parse("tokenWidth") as number | null),
      // Checkpoints from before given columns noised every column.
      givenColumns: m.givenColumns === undefined ? null : givenColumnsEntry(parse("givenColumns"), path),
      settings: withSavedDenoiserDefaults(parse("settings")) as DiffusionSettingsInput,
      seed: 0,
      normalizer: normJson ? Normalizer.fromJson(normJson, `The normalizer in ${path}`) : null,
      conditionNormalizer: condNormJson
        ? Normalizer.fromJson(condNormJson, `The condition normalizer in ${path}`)
        : null,
    });
    const samplingOnly = m.samplingOnly === "true";
    const tensors = new Map<string, Tensor>();
    if (!samplingOnly) for (const [name, t] of trainer.model.stateDict()) tensors.set(`model.${name}`, t);
    for (const [name, t] of trainer.emaModel.stateDict()) tensors.set(`ema.${name}`, t);
    if (!samplingOnly)
      for (const [name, t] of trainer.optimizer.stateTensors()) tensors.set(`optimizer.${name}`, t);
    fillTensors(content, tensors, path);
    trainer.stepCount = Number(m.step);
    trainer.rng.setState(parse("rng") as RngState, `The "rng" entry of the checkpoint ${path}`);
    if (samplingOnly) {
      trainer.model.copyFrom(trainer.emaModel);
      trainer.samplingWeightsOnly = true;
    } else trainer.optimizer.stepCount = Number(m.optimizerStep);
    return trainer;
  }

  dispose(): void {
    this.model.dispose();
    this.emaModel.dispose();
    this.optimizer.dispose();
  }
}

function givenColumnsEntry(value: unknown, path: string): number[] {
  if (!Array.isArray(value) || !value.every((c) => Number.isInteger(c)))
    throw new Error(
      `The checkpoint ${path} has a "givenColumns" entry that is not a list of column indices.`,
    );
  return value as number[];
}

function describeColumns(columns: readonly number[]): string {
  const contiguous = columns.every((c, i) => i === 0 || c === columns[i - 1] + 1);
  return contiguous && columns.length > 2
    ? `${columns[0]}-${columns[columns.length - 1]}`
    : columns.join(", ");
}

function sliceRows(values: ArrayLike<number>, start: number, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows * dim);
  for (let i = 0; i < out.length; i++) out[i] = values[start * dim + i];
  return out;
}
