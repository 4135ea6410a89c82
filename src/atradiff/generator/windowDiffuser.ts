// One diffuser of ATraDiff (§4.1): a diffusion model over trajectory windows of length k
// (windowLayout.ts), conditioned on the first state s_1 and the task prompt. Generated windows
// start exactly at the given state: s_1 is both in the condition vector (so the model learns what
// follows it) and inpainted into the window's first-state columns (diffusion/inpainting.ts), and the
// sampler writes the given values back at the end.
//
// Single-diffuser mode (the paper's future work) uses one such diffuser for the largest k with one
// more condition input: the remaining length, min(remaining, k), divided by k. It is trained on
// the true remaining length and sampled with the estimator's (rounded up to whole steps).

import {
  type DiffusionSettingsInput,
  parseWindowDiffusionSettings,
} from "../../diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import type { InpaintMode } from "../../diffusion/inpainting.js";
import type { Normalizer } from "../../diffusion/normalizer.js";
import type { Rng } from "../../engine/rng.js";
import type { SafetensorsContent } from "../../nn/safetensors.js";
import type { START_STATE_MODES } from "../../settings/generator.js";
import { decodeStateDeltas, encodedWindowNormalizer, type StateEncoding } from "../windows/stateDeltas.js";
import { conditionNormalizer } from "../windows/stepStatistics.js";
import {
  checkWindowLayout,
  firstStateColumns,
  stepWidth,
  type WindowLayout,
  windowWidth,
} from "../windows/windowLayout.js";
import { fitDenoiserToInput } from "./windowDenoiser.js";

const KIND = "atradiff-window-diffuser";

export type StartStateMode = (typeof START_STATE_MODES)[number];

export interface WindowDiffuserShape {
  layout: WindowLayout;
  /** k: steps per window. */
  windowLength: number;
  promptDim: number;
  /** The condition also holds the remaining length (single-diffuser mode). */
  lengthConditioned: boolean;
  /** How its rows store the states (stateDeltas.ts); absent (as in checkpoints before it existed): "absolute". */
  stateEncoding?: StateEncoding;
}

export interface WindowSampleOptions {
  rng: Rng;
  /** Sampler steps (default: the diffusion.edm.sampleSteps setting). */
  steps?: number;
  inpaintMode: InpaintMode;
}

export class WindowDiffuser {
  readonly shape: WindowDiffuserShape;
  readonly diffusion: DiffusionTrainer;

  constructor(shape: WindowDiffuserShape, diffusion: DiffusionTrainer) {
    checkWindowLayout(shape.layout);
    const { windowLength: k, promptDim } = shape;
    if (!Number.isInteger(k) || k < 1)
      throw new Error(`A window length must be a positive integer, got ${k}.`);
    if (!Number.isInteger(promptDim) || promptDim < 0)
      throw new Error(`A prompt width must be a non-negative integer, got ${promptDim}.`);
    const { stateEncoding: _, ...plain } = shape;
    // Recorded only when "delta": absolute diffusers' checkpoints stay as they were before the setting.
    const delta = stateEncodingOf(shape) === "delta";
    this.shape = { ...plain, layout: { ...shape.layout }, ...(delta ? { stateEncoding: "delta" } : {}) };
    if (diffusion.dataDim !== windowWidth(shape.layout, k) || diffusion.conditionDim !== this.conditionDim)
      throw new Error(
        `A diffuser for windows of ${k} steps needs rows of ${windowWidth(shape.layout, k)} values and conditions of ${this.conditionDim}, got ${diffusion.dataDim} and ${diffusion.conditionDim}.`,
      );
    this.diffusion = diffusion;
  }

  /**
   * A new, untrained diffuser whose normalizers come from the step statistics. With
   * `fitDenoiserToWindow` (the default) the denoiser's dim_t and width are raised to at least the
   * window row plus condition (windowDenoiser.ts). `startState` (default "inpainted", the paper's) says whether the
   * first state's columns are given exactly in training and sampling (generator setting startState).
   */
  static create(
    shape: WindowDiffuserShape,
    stepNormalizer: Normalizer,
    settings: DiffusionSettingsInput,
    seed: number,
    opts: { fitDenoiserToWindow?: boolean; startState?: StartStateMode; stateDeltas?: Normalizer } = {},
  ): WindowDiffuser {
    const { layout, windowLength: k, promptDim, lengthConditioned } = shape;
    const dataDim = windowWidth(layout, k);
    const conditionDim = layout.obsDim + promptDim + (lengthConditioned ? 1 : 0);
    const diffusion = new DiffusionTrainer({
      dataDim,
      conditionDim,
      settings:
        (opts.fitDenoiserToWindow ?? true)
          ? fitDenoiserToInput(settings, dataDim + conditionDim)
          : parseWindowDiffusionSettings(settings),
      seed,
      tokenWidth: stepWidth(layout),
      givenColumns: (opts.startState ?? "inpainted") === "given" ? firstStateColumns(layout) : null,
      normalizer: encodedWindowNormalizer(
        stateEncodingOf(shape),
        stepNormalizer,
        opts.stateDeltas,
        layout,
        k,
      ),
      conditionNormalizer: conditionNormalizer(
        stepNormalizer,
        layout.obsDim,
        promptDim,
        lengthConditioned ? k : null,
      ),
    });
    return new WindowDiffuser(shape, diffusion);
  }

  get windowLength(): number {
    return this.shape.windowLength;
  }

  /** How its rows store the states: training rows are encoded so (WindowBatches), sampled ones decoded. */
  get stateEncoding(): StateEncoding {
    return stateEncodingOf(this.shape);
  }

  get conditionDim(): number {
    const { layout, promptDim, lengthConditioned } = this.shape;
    return layout.obsDim + promptDim + (lengthConditioned ? 1 : 0);
  }

  /**
   * Condition rows [s_1, prompt, (length)] for `count` windows: firstStates count x obsDim, prompts
   * count x promptDim, lengths (single-diffuser mode only) one per window, in steps.
   */
  conditions(
    firstStates: ArrayLike<number>,
    prompts: ArrayLike<number>,
    lengths: ArrayLike<number> | null,
    count: number,
  ): Float32Array {
    const { layout, promptDim: p, lengthConditioned, windowLength: k } = this.shape;
    const o = layout.obsDim;
    const c = this.conditionDim;
    if (firstStates.length !== count * o)
      throw new Error(`${count} windows need ${count * o} first-state values, got ${firstStates.length}.`);
    if (prompts.length !== count * p)
      throw new Error(`${count} windows need ${count * p} prompt values, got ${prompts.length}.`);
    if (lengthConditioned && (!lengths || lengths.length !== count))
      throw new Error(
        `This diffuser is conditioned on the remaining length: ${count} windows need ${count} lengths, got ${lengths ? lengths.length : "none"}.`,
      );
    if (!lengthConditioned && lengths)
      throw new Error("This diffuser is not conditioned on the remaining length, but lengths were given.");
    const out = new Float32Array(count * c);
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < o; j++) out[r * c + j] = firstStates[r * o + j];
      for (let j = 0; j < p; j++) out[r * c + o + j] = prompts[r * p + j];
      if (lengths) out[r * c + o + p] = Math.min(Math.max(lengths[r], 1), k);
    }
    return out;
  }

  /** `count` windows (count x width, data units), each starting exactly at its first state. */
  sample(
    firstStates: ArrayLike<number>,
    prompts: ArrayLike<number>,
    lengths: ArrayLike<number> | null,
    count: number,
    o: WindowSampleOptions,
  ): Float32Array {
    const condition = this.conditions(firstStates, prompts, lengths, count);
    for (let i = 0; i < firstStates.length; i++)
      if (!Number.isFinite(firstStates[i]))
        throw new Error(
          `Start state ${Math.floor(i / this.shape.layout.obsDim)} holds ${firstStates[i]}; states must be finite.`,
        );
    const rows = this.diffusion.sample(count, {
      rng: o.rng,
      steps: o.steps,
      condition,
      fixed: { columns: firstStateColumns(this.shape.layout), values: firstStates, mode: o.inpaintMode },
    });
    if (this.stateEncoding === "delta") decodeStateDeltas(this.shape.layout, this.windowLength, rows, count);
    return rows;
  }

  /**
   * The whole training state, or with `samplingOnly` the EMA weights alone, as a checkpoint
   * (DiffusionTrainer.toCheckpoint; nn/checkpoint.ts's saveCheckpoint writes it as a file).
   */
  toCheckpoint(opts: { samplingOnly?: boolean } = {}): SafetensorsContent {
    return this.diffusion.toCheckpoint({ kind: KIND, shape: JSON.stringify(this.shape) }, opts);
  }

  /** A diffuser from its checkpoint; `path` names the checkpoint in errors. */
  static fromCheckpoint(content: SafetensorsContent, path: string): WindowDiffuser {
    const metadata = content.metadata;
    if (metadata.kind !== KIND) throw new Error(`${path} is not an ATraDiff window diffuser checkpoint.`);
    let shape: WindowDiffuserShape;
    try {
      shape = JSON.parse(metadata.shape) as WindowDiffuserShape;
    } catch {
      throw new Error(`The window diffuser checkpoint ${path} has an unreadable "shape" entry.`);
    }
    return new WindowDiffuser(shape, DiffusionTrainer.fromCheckpoint(content, path));
  }

  dispose(): void {
    this.diffusion.dispose();
  }
}

function stateEncodingOf(shape: WindowDiffuserShape): StateEncoding {
  const e = shape.stateEncoding ?? "absolute";
  if (e !== "absolute" && e !== "delta")
    throw new Error(`A window diffuser stores states as "absolute" or "delta", got ${JSON.stringify(e)}.`);
  return e;
}
