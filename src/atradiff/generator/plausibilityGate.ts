// The plausibility gate (ours, not the paper's; generatorSettings.ts turns it off): an ensemble of
// learned one-step models judges each generated step, and a trajectory is cut before its first
// step that the models find implausible.
//
// Why: a window diffuser that does not model dynamics makes steps whose next state no env step
// could reach from (s, a) (issue 19: the k = 20-25 diffusers of the central claim, where real data
// replays almost exactly; results/central-claim.md).
// Replayed into a critic those are as harmful as noise. The gate does not need the simulator: the
// same offline data the generator learns from also teaches a one-step model (s, a) -> (s' - s, r),
// and real transitions the models never saw show how large its error is on physical steps.
//
// The models: E MLPs (one ensemble MLP, mlp.ts), each member its own initial weights and its own
// bootstrap resample of the training episodes' transitions (MBPO's probabilistic ensemble without
// the variance head: only the mean is used). Inputs are standardized (s, a); outputs standardized
// (s' - s, r) (trainPlausibilityGate.ts fits both on the training split).
//
// The error of a step: the ensemble-mean prediction of (s' - s, r) against the step's own, each
// dimension divided by the data's std of the state dimension (for s' - s) or of the reward, squared,
// and averaged over the obsDim + 1 dimensions: the per-transition version of the simulator-fidelity
// NMSE (fidelity/simulatorFidelity.ts), in which 1 is "as far off as the dataset's mean".
//
// The threshold: the settings' quantile of this error over held-out real transitions, times
// thresholdScale (trainPlausibilityGate.ts). A step beyond it is cut with everything after it (later
// states were generated from it); the first state is the real start state, so a trajectory whose
// first step is cut is empty.
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import type { Batch } from "../../data/batch.js";
import { Normalizer } from "../../diffusion/normalizer.js";
import type { Activation } from "../../engine/ops/opCodes.js";
import { Rng } from "../../engine/rng.js";
import { noGrad, Tensor, tidy } from "../../engine/tensor.js";
import { fillModule, moduleContent } from "../../nn/checkpointContent.js";
import { MLP } from "../../nn/mlp.js";
import type { SafetensorsContent } from "../../nn/safetensors.js";
import { type PlausibilityGateSettings, plausibilityGateSettingsSchema } from "./generatorSettings.js";

const FORMAT = "atradiff-plausibility-gate-v1";
/** Steps judged per forward pass (bounds the memory of gating many long trajectories at once). */
const CHUNK = 4096;

export interface PlausibilityGateStatistics {
  /** Standardizes the models' input [s, a]. */
  input: Normalizer;
  /** Standardizes the models' output [s' - s, r]. */
  output: Normalizer;
  /** obsDim state stds, then the reward std: the scales of the error (as the fidelity NMSE). */
  errorScale: Float32Array;
}

/** How the threshold was set, kept with the gate for the record. */
export interface GateCalibration {
  heldOutEpisodes: number;
  heldOutTransitions: number;
  trainingTransitions: number;
  /** Mean and median error of the held-out real transitions. */
  heldOutMeanError: number;
  heldOutMedianError: number;
  /** The settings' quantile of the held-out errors. */
  quantileError: number;
  threshold: number;
  /**
   * The settings' quantile of the members' disagreement on the held-out transitions, and that times
   * thresholdScale: where steps the models drew themselves are cut. Absent in gates saved before it.
   */
  quantileDisagreement?: number;
  disagreementThreshold?: number;
}

export interface GateShape {
  obsDim: number;
  actDim: number;
}

export class PlausibilityGate {
  readonly shape: GateShape;
  readonly settings: PlausibilityGateSettings;
  /** E members in one ensemble MLP: [E, n, obsDim + actDim] -> [E, n, obsDim + 1]. */
  readonly network: MLP;
  readonly statistics: PlausibilityGateStatistics;
  /** Null until trained and calibrated (trainPlausibilityGate.ts). */
  calibration: GateCalibration | null = null;

  constructor(
    shape: GateShape,
    settings: PlausibilityGateSettings,
    statistics: PlausibilityGateStatistics,
    rng: Rng,
  ) {
    const { obsDim: o, actDim: a } = shape;
    if (
      statistics.input.dim !== o + a ||
      statistics.output.dim !== o + 1 ||
      statistics.errorScale.length !== o + 1
    )
      throw new Error(
        `The plausibility gate's statistics do not fit states of ${o} and actions of ${a} values.`,
      );
    this.shape = { ...shape };
    this.settings = settings;
    this.statistics = statistics;
    this.network = new MLP(
      {
        sizes: [o + a, ...settings.hiddenSizes, o + 1],
        activation: settings.activation as Activation,
        ensemble: settings.members,
      },
      rng,
    );
  }

  get threshold(): number {
    if (!this.calibration) throw new Error("The plausibility gate has not been calibrated yet.");
    return this.calibration.threshold;
  }

  /** Standardized [s, a] rows of n steps. */
  inputRows(obs: ArrayLike<number>, action: ArrayLike<number>, n: number, from = 0): Float32Array {
    const { obsDim: o, actDim: a } = this.shape;
    const rows = new Float32Array(n * (o + a));
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < o; d++) rows[i * (o + a) + d] = obs[(from + i) * o + d];
      for (let d = 0; d < a; d++) rows[i * (o + a) + o + d] = action[(from + i) * a + d];
    }
    return this.statistics.input.normalize(rows);
  }

  /** Raw [s' - s, r] rows of n steps. */
  outputRows(b: Pick<Batch, "obs" | "nextObs" | "reward">, n: number, from = 0): Float32Array {
    const o = this.shape.obsDim;
    const rows = new Float32Array(n * (o + 1));
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < o; d++)
        rows[i * (o + 1) + d] = b.nextObs[(from + i) * o + d] - b.obs[(from + i) * o + d];
      rows[i * (o + 1) + o] = b.reward[from + i];
    }
    return rows;
  }

  /**
   * The ensemble-mean prediction of [s' - s, r] (raw units) for the first n steps of (obs, action),
   * from step `from` on: n x (obsDim + 1), row-major.
   */
  predict(obs: ArrayLike<number>, action: ArrayLike<number>, n: number, from = 0): Float32Array {
    return this.predictAndDisagree(obs, action, n, from).mean;
  }

  /**
   * The members' disagreement on each of the first n steps: the variance across members of their
   * [s' - s, r], each dimension divided by its error scale squared (as the error), averaged over the
   * dimensions. MBPO/MOPO's uncertainty: it grows where the models have seen no data, e.g. when
   * states stepped by the models drift from the data (oneStepModelStates.ts).
   */
  disagreements(obs: ArrayLike<number>, action: ArrayLike<number>, n: number): Float64Array {
    return this.predictAndDisagree(obs, action, n, 0).disagreement;
  }

  private predictAndDisagree(
    obs: ArrayLike<number>,
    action: ArrayLike<number>,
    n: number,
    from: number,
  ): { mean: Float32Array; disagreement: Float64Array } {
    const { obsDim: o, actDim: a } = this.shape;
    const e = this.settings.members;
    const w = o + 1;
    const out = new Float32Array(n * w);
    const disagreement = new Float64Array(n);
    // A member's raw output is its standardized one times the output std (plus the mean), so the
    // variance across members scales by std^2; divided by the error scale^2, as the error is.
    const { std } = this.statistics.output;
    const scale = this.statistics.errorScale;
    const toError = Float64Array.from({ length: w }, (_, d) => (std[d] / scale[d]) ** 2);
    for (let start = 0; start < n; start += CHUNK) {
      const m = Math.min(CHUNK, n - start);
      const input = this.inputRows(obs, action, m, from + start);
      const predicted = noGrad(() =>
        tidy(() => this.network.forward(Tensor.fromArray(input, [m, o + a])).toArray()),
      );
      const mean = new Float32Array(m * w);
      for (let k = 0; k < e; k++) for (let i = 0; i < m * w; i++) mean[i] += predicted[k * m * w + i] / e;
      for (let i = 0; i < m; i++) {
        let sum = 0;
        for (let d = 0; d < w; d++) {
          let v = 0;
          for (let k = 0; k < e; k++) v += (predicted[k * m * w + i * w + d] - mean[i * w + d]) ** 2;
          sum += (v / e) * toError[d];
        }
        disagreement[start + i] = sum / w;
      }
      out.set(this.statistics.output.unnormalize(mean), start * w);
    }
    return { mean: out, disagreement };
  }

  /** The error of each of the first n steps of b (see the header), in step order. */
  errors(b: Pick<Batch, "obs" | "action" | "nextObs" | "reward">, n: number): Float64Array {
    const w = this.shape.obsDim + 1;
    const out = new Float64Array(n);
    for (let from = 0; from < n; from += CHUNK) {
      const m = Math.min(CHUNK, n - from);
      const prediction = this.predict(b.obs, b.action, m, from);
      const actual = this.outputRows(b, m, from);
      const scale = this.statistics.errorScale;
      for (let i = 0; i < m; i++) {
        let sum = 0;
        for (let d = 0; d < w; d++) sum += ((prediction[i * w + d] - actual[i * w + d]) / scale[d]) ** 2;
        out[from + i] = sum / w;
      }
    }
    return out;
  }

  /**
   * Steps of each trajectory the gate keeps: those before its first step beyond the threshold. By
   * "error" (the models' prediction against the step's own next state and reward), or by
   * "disagreement" (of the models on the step's state and action, against disagreementThreshold; for
   * steps the models drew themselves, whose error is 0: every step is kept when the calibration has
   * no disagreement threshold, as a gate saved before it had one).
   */
  keptLengths(trajectories: readonly Batch[], by: "error" | "disagreement" = "error"): number[] {
    if (by === "disagreement" && this.calibration?.disagreementThreshold === undefined)
      return trajectories.map((t) => t.size);
    const { obsDim: o, actDim: a } = this.shape;
    const total = trajectories.reduce((n, t) => n + t.size, 0);
    if (total === 0) return trajectories.map(() => 0);
    const all = {
      obs: new Float32Array(total * o),
      action: new Float32Array(total * a),
      nextObs: new Float32Array(total * o),
      reward: new Float32Array(total),
    };
    let row = 0;
    for (const t of trajectories) {
      all.obs.set(t.obs.subarray(0, t.size * o), row * o);
      all.action.set(t.action.subarray(0, t.size * a), row * a);
      all.nextObs.set(t.nextObs.subarray(0, t.size * o), row * o);
      all.reward.set(t.reward.subarray(0, t.size), row);
      row += t.size;
    }
    const errors = by === "error" ? this.errors(all, total) : this.disagreements(all.obs, all.action, total);
    const threshold = by === "error" ? this.threshold : this.calibration!.disagreementThreshold!;
    row = 0;
    return trajectories.map((t) => {
      let kept = 0;
      while (kept < t.size && errors[row + kept] <= threshold) kept++;
      row += t.size;
      return kept;
    });
  }

  /** The gate as a checkpoint (nn/checkpoint.ts's saveCheckpoint writes it as a file). */
  toCheckpoint(): SafetensorsContent {
    if (!this.calibration) throw new Error("An uncalibrated plausibility gate cannot be saved.");
    const s = this.statistics;
    return moduleContent(this.network, {
      format: FORMAT,
      shape: JSON.stringify(this.shape),
      settings: JSON.stringify(this.settings),
      input: JSON.stringify(s.input.toJson()),
      output: JSON.stringify(s.output.toJson()),
      errorScale: JSON.stringify(Array.from(s.errorScale)),
      calibration: JSON.stringify(this.calibration),
    });
  }

  /** A gate from its checkpoint; `path` names the checkpoint in errors. */
  static fromCheckpoint(content: SafetensorsContent, path: string): PlausibilityGate {
    const m = content.metadata;
    if (m.format !== FORMAT)
      throw new Error(
        `${path} is not a plausibility gate checkpoint (its format is "${m.format ?? "unknown"}").`,
      );
    const parse = (key: string): unknown => {
      try {
        return JSON.parse(m[key]);
      } catch {
        throw new Error(`The plausibility gate checkpoint ${path} has an unreadable "${key}" entry.`);
      }
    };
    const settings = parseAgentSettings(
      "plausibility gate",
      plausibilityGateSettingsSchema,
      parse("settings"),
    );
    const gate = new PlausibilityGate(
      parse("shape") as GateShape,
      settings,
      {
        input: Normalizer.fromJson(parse("input"), `The input statistics in ${path}`),
        output: Normalizer.fromJson(parse("output"), `The output statistics in ${path}`),
        errorScale: Float32Array.from(parse("errorScale") as number[]),
      },
      new Rng(0),
    );
    gate.calibration = parse("calibration") as GateCalibration;
    fillModule(content, gate.network, path);
    return gate;
  }

  dispose(): void {
    this.network.dispose();
  }
}
