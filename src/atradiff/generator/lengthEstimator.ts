// The length estimator (ATraDiff §4.1): "we first estimate the required length for the current
// state with a pretrained network and round it up to the nearest preset length".
//
// An MLP maps the standardized state (and the task prompt) to log(min(remaining, lengthCap)):
// - log, because remaining lengths span 1 to the time limit (1000 in D4RL) and what matters is
//   the relative error near the preset lengths (5 vs 10 matters, 605 vs 610 does not);
// - capped at the largest preset length, because every estimate beyond it picks the same
//   diffuser, and time-limit ends far away (which the state cannot predict) would otherwise
//   dominate the loss.

import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { Normalizer } from "../../diffusion/normalizer.js";
import type { Activation } from "../../engine/ops/opCodes.js";
import { Rng } from "../../engine/rng.js";
import { noGrad, Tensor, tidy } from "../../engine/tensor.js";
import { fillModule, moduleContent } from "../../nn/checkpointContent.js";
import { MLP } from "../../nn/mlp.js";
import type { SafetensorsContent } from "../../nn/safetensors.js";
import { type LengthEstimatorSettings, lengthEstimatorSettingsSchema } from "./generatorSettings.js";
import { roundUpToPresetLength } from "./presetLength.js";

const FORMAT = "atradiff-length-estimator-v1";

export interface LengthEstimatorShape {
  obsDim: number;
  promptDim: number;
  /** Estimates (and training targets) are capped here: the largest preset window length. */
  lengthCap: number;
}

export class LengthEstimator {
  readonly shape: LengthEstimatorShape;
  readonly settings: LengthEstimatorSettings;
  readonly network: MLP;
  /** Standardizes states before the network (the generator's state statistics). */
  readonly stateNormalizer: Normalizer;

  constructor(
    shape: LengthEstimatorShape,
    settings: LengthEstimatorSettings,
    stateNormalizer: Normalizer,
    rng: Rng,
  ) {
    const { obsDim, promptDim, lengthCap } = shape;
    if (!Number.isInteger(lengthCap) || lengthCap < 1)
      throw new Error(`The length estimator's cap must be a positive integer, got ${lengthCap}.`);
    if (stateNormalizer.dim !== obsDim)
      throw new Error(
        `The length estimator's state normalizer has ${stateNormalizer.dim} columns; states have ${obsDim}.`,
      );
    this.shape = { ...shape };
    this.settings = settings;
    this.stateNormalizer = stateNormalizer;
    this.network = new MLP(
      {
        sizes: [obsDim + promptDim, ...settings.hiddenSizes, 1],
        activation: settings.activation as Activation,
      },
      rng,
    );
  }

  /** Training target of a true remaining length: log(min(remaining, cap)). */
  target(remaining: number): number {
    return Math.log(Math.min(Math.max(remaining, 1), this.shape.lengthCap));
  }

  /** Network input rows: the standardized states, then the prompt rows (count x promptDim). */
  inputRows(states: ArrayLike<number>, prompts: ArrayLike<number>, count: number): Float32Array {
    const { obsDim: o, promptDim: p } = this.shape;
    if (states.length !== count * o)
      throw new Error(
        `The length estimator needs ${count} states of ${o} values, got ${states.length} values.`,
      );
    if (prompts.length !== count * p)
      throw new Error(
        `The length estimator needs ${count} prompts of ${p} values, got ${prompts.length} values.`,
      );
    const normalized = this.stateNormalizer.normalize(states);
    const out = new Float32Array(count * (o + p));
    for (let r = 0; r < count; r++) {
      out.set(normalized.subarray(r * o, r * o + o), r * (o + p));
      for (let j = 0; j < p; j++) out[r * (o + p) + o + j] = prompts[r * p + j];
    }
    return out;
  }

  /** The estimated remaining length of each state, in steps, within [1, cap]. */
  estimateRemainingLength(
    states: ArrayLike<number>,
    prompts: ArrayLike<number>,
    count: number,
  ): Float64Array {
    const width = this.shape.obsDim + this.shape.promptDim;
    const input = this.inputRows(states, prompts, count);
    const logLength = noGrad(() =>
      tidy(() => this.network.forward(Tensor.fromArray(input, [count, width])).toArray()),
    );
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = Math.exp(logLength[i]);
      if (Number.isNaN(v)) throw new Error("The length estimator produced NaN; its weights are broken.");
      out[i] = Math.min(Math.max(v, 1), this.shape.lengthCap);
    }
    return out;
  }

  /** Each state's estimate rounded up to a preset window length (§4.1). */
  presetLengths(
    states: ArrayLike<number>,
    prompts: ArrayLike<number>,
    count: number,
    presets: readonly number[],
  ): number[] {
    return Array.from(this.estimateRemainingLength(states, prompts, count), (e) =>
      roundUpToPresetLength(e, presets),
    );
  }

  /** The estimator as a checkpoint (nn/checkpoint.ts's saveCheckpoint writes it as a file). */
  toCheckpoint(): SafetensorsContent {
    return moduleContent(this.network, {
      format: FORMAT,
      shape: JSON.stringify(this.shape),
      settings: JSON.stringify(this.settings),
      stateNormalizer: JSON.stringify(this.stateNormalizer.toJson()),
    });
  }

  /** An estimator from its checkpoint; `path` names the checkpoint in errors. */
  static fromCheckpoint(content: SafetensorsContent, path: string): LengthEstimator {
    const m = content.metadata;
    if (m.format !== FORMAT)
      throw new Error(
        `${path} is not a length estimator checkpoint (its format is "${m.format ?? "unknown"}").`,
      );
    const parse = (key: string): unknown => {
      try {
        return JSON.parse(m[key]);
      } catch {
        throw new Error(`The length estimator checkpoint ${path} has an unreadable "${key}" entry.`);
      }
    };
    const settings = parseAgentSettings("length estimator", lengthEstimatorSettingsSchema, parse("settings"));
    const estimator = new LengthEstimator(
      parse("shape") as LengthEstimatorShape,
      settings,
      Normalizer.fromJson(parse("stateNormalizer"), `The state normalizer in ${path}`),
      new Rng(0),
    );
    fillModule(content, estimator.network, path);
    return estimator;
  }

  dispose(): void {
    this.network.dispose();
  }
}
