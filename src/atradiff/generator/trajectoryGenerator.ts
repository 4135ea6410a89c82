// The ATraDiff generator (§4.1, Figure 2 left): a set of window diffusers, a length estimator and a
// pruner. generate(startStates, {task, rng}) returns one variable-length trajectory per start state:
//   1. the estimator predicts each state's remaining length; rounded up to a preset window length
//      (multiple diffusers), or, in single-diffuser mode, given to the one diffuser as a condition;
//   2. start states are grouped by window length, one sampling pass per group (batched);
//   3. each window is cut at its terminal step (when its terminal channels show one), or else where
//      the pruner finds the repeated tail, and becomes a trajectory (trajectory.ts);
//   4. its actions are clipped to the action space (actionClip.ts; settings.actionBound), and, with
//      the plausibility gate on (plausibilityGate.ts; ours), it is cut before its first step that the
//      gate's one-step models find implausible: it may end empty. With settings.nextStates
//      "modelRollout" or "modelStep" (ours), the next states and rewards are first re-drawn by those
//      models (oneStepModelStates.ts), and the gate cuts before the first step where the models
//      disagree beyond what held-out real steps show.

import type { Normalizer } from "../../diffusion/normalizer.js";
import type { Rng } from "../../engine/rng.js";
import { firstSteps, type Trajectory } from "../windows/trajectory.js";
import type { WindowLayout } from "../windows/windowLayout.js";
import { clipActions } from "./actionClip.js";
import type { GeneratorSettings } from "./generatorSettings.js";
import type { LengthEstimator } from "./lengthEstimator.js";
import { redrawWithOneStepModel } from "./oneStepModelStates.js";
import type { PlausibilityGate } from "./plausibilityGate.js";
import { roundUpToPresetLength } from "./presetLength.js";
import type { PrunerCalibration } from "./prunerCalibration.js";
import { type Task, TaskPrompt } from "./taskPrompt.js";
import { cutWindow } from "./windowCut.js";
import type { WindowDiffuser } from "./windowDiffuser.js";

export interface GeneratorParts {
  settings: GeneratorSettings;
  layout: WindowLayout;
  /** Per-dimension statistics of [s, a, r] (stepStatistics.ts); the state std scales the pruner's similarity. */
  stepNormalizer: Normalizer;
  estimator: LengthEstimator;
  /** One per preset window length, ascending ("multiple"), or one length-conditioned diffuser ("single"). */
  diffusers: WindowDiffuser[];
  /** The pruning threshold of each window length. */
  prunerThresholds: ReadonlyMap<number, number>;
  /** How each threshold was calibrated (prunerCalibration.ts), when it was; kept for the record. */
  prunerCalibration?: ReadonlyMap<number, PrunerCalibration>;
  /** The trained plausibility gate: needed exactly when settings.plausibilityGate.enabled. */
  gate?: PlausibilityGate | null;
}

export interface GenerateOptions {
  rng: Rng;
  /** Task id, or a language-embedding vector for embedding prompts (default: task 0). */
  task?: Task;
  /** Sampler steps (default: the diffusion.edm.sampleSteps setting). */
  steps?: number;
  /**
   * false: the trajectories as they were before the plausibility gate (to measure what it cuts, with
   * gateKeptLengths; the same draws, so cutting them there gives what generate gives with it).
   */
  gate?: boolean;
}

export class TrajectoryGenerator {
  readonly settings: GeneratorSettings;
  readonly layout: WindowLayout;
  readonly stepNormalizer: Normalizer;
  readonly estimator: LengthEstimator;
  readonly diffusers: readonly WindowDiffuser[];
  readonly prunerThresholds: ReadonlyMap<number, number>;
  readonly prunerCalibration: ReadonlyMap<number, PrunerCalibration>;
  readonly prompt: TaskPrompt;
  readonly gate: PlausibilityGate | null;
  private readonly stateStd: Float32Array;

  constructor(parts: GeneratorParts) {
    const { settings, layout, diffusers } = parts;
    this.settings = settings;
    this.layout = { ...layout };
    this.stepNormalizer = parts.stepNormalizer;
    this.estimator = parts.estimator;
    this.diffusers = [...diffusers];
    this.prunerThresholds = new Map(parts.prunerThresholds);
    this.prunerCalibration = new Map(parts.prunerCalibration ?? []);
    this.prompt = new TaskPrompt(settings.prompt);
    this.gate = parts.gate ?? null;
    this.stateStd = parts.stepNormalizer.std.slice(0, layout.obsDim);
    if (settings.plausibilityGate.enabled !== (this.gate !== null))
      throw new Error(
        settings.plausibilityGate.enabled
          ? "The generator's settings turn the plausibility gate on, but it has no trained gate."
          : "The generator was given a plausibility gate, but its settings turn the gate off.",
      );
    if (settings.nextStates !== "diffused" && !this.gate)
      throw new Error(
        `The generator's nextStates "${settings.nextStates}" re-draws states with the plausibility gate's one-step models; turn plausibilityGate on or set nextStates to "diffused".`,
      );
    if (this.gate && (this.gate.shape.obsDim !== layout.obsDim || this.gate.shape.actDim !== layout.actDim))
      throw new Error("The plausibility gate does not match the generator's states and actions.");
    if (layout.modelTerminals !== settings.modelTerminals)
      throw new Error("The generator's layout and settings disagree on whether terminals are modelled.");
    const ks = settings.windowLengths;
    const expected =
      settings.mode === "multiple" ? ks.map((k) => ({ k, lc: false })) : [{ k: ks[ks.length - 1], lc: true }];
    const got = diffusers.map((d) => ({ k: d.windowLength, lc: d.shape.lengthConditioned }));
    if (JSON.stringify(got) !== JSON.stringify(expected))
      throw new Error(
        `A ${settings.mode}-diffuser generator needs diffusers ${JSON.stringify(expected)} (k, length-conditioned), got ${JSON.stringify(got)}.`,
      );
    for (const d of diffusers) {
      const s = d.shape;
      if (
        s.layout.obsDim !== layout.obsDim ||
        s.layout.actDim !== layout.actDim ||
        s.layout.modelTerminals !== layout.modelTerminals ||
        s.promptDim !== this.prompt.dim
      )
        throw new Error(
          `The diffuser for windows of ${d.windowLength} steps does not match the generator's layout and prompt.`,
        );
      if (d.stateEncoding !== settings.stateEncoding)
        throw new Error(
          `The diffuser for windows of ${d.windowLength} steps stores states as "${d.stateEncoding}", but the generator's settings say "${settings.stateEncoding}".`,
        );
      if (!(this.prunerThresholds.get(d.windowLength)! >= 0))
        throw new Error(`The generator has no pruning threshold for windows of ${d.windowLength} steps.`);
    }
    const e = parts.estimator.shape;
    // A cap above the largest window is fine (a generator cut down to its shorter windows, as
    // `diffuser calibrate --lengths` makes): longer estimates round down to the largest window.
    if (e.obsDim !== layout.obsDim || e.promptDim !== this.prompt.dim || e.lengthCap < ks[ks.length - 1])
      throw new Error(
        "The length estimator does not match the generator's states and prompt, or does not reach its largest window length.",
      );
  }

  get obsDim(): number {
    return this.layout.obsDim;
  }

  get actDim(): number {
    return this.layout.actDim;
  }

  get windowLengths(): readonly number[] {
    return this.settings.windowLengths;
  }

  /** One trajectory per start state (startStates: n x obsDim, row-major), in the same order. */
  generate(startStates: ArrayLike<number>, o: GenerateOptions): Trajectory[] {
    const obsDim = this.layout.obsDim;
    if (startStates.length === 0 || startStates.length % obsDim !== 0)
      throw new Error(
        `Start states must be whole rows of ${obsDim} values, got ${startStates.length} values.`,
      );
    const n = startStates.length / obsDim;
    for (let i = 0; i < startStates.length; i++)
      if (!Number.isFinite(startStates[i]))
        throw new Error(
          `Start state ${Math.floor(i / obsDim)} holds ${startStates[i]}; states must be finite.`,
        );
    const prompts = this.prompt.repeat(this.prompt.vector(o.task), n);
    const estimates = this.estimator.estimateRemainingLength(startStates, prompts, n);
    const out: Trajectory[] = new Array(n);
    const sampleOptions = { rng: o.rng, steps: o.steps, inpaintMode: this.settings.inpaintMode };
    if (this.settings.mode === "single") {
      const diffuser = this.diffusers[0];
      const lengths = Float64Array.from(estimates, (e) => Math.ceil(e));
      const rows = diffuser.sample(startStates, prompts, lengths, n, sampleOptions);
      for (let i = 0; i < n; i++) out[i] = this.toTrajectory(diffuser.windowLength, rows, i, estimates[i]);
      return this.finish(out, o);
    }
    const ks = Array.from(estimates, (e) => roundUpToPresetLength(e, this.windowLengths));
    for (const diffuser of this.diffusers) {
      const k = diffuser.windowLength;
      const group: number[] = [];
      for (let i = 0; i < n; i++) if (ks[i] === k) group.push(i);
      if (group.length === 0) continue;
      const states = new Float32Array(group.length * obsDim);
      group.forEach((i, g) => {
        for (let d = 0; d < obsDim; d++) states[g * obsDim + d] = startStates[i * obsDim + d];
      });
      const trajectories = this.sampleWithDiffuser(
        diffuser,
        states,
        o,
        Array.from(group, (i) => estimates[i]),
      );
      group.forEach((i, g) => {
        out[i] = trajectories[g];
      });
    }
    return this.finish(out, o);
  }

  /**
   * One trajectory per start state from the diffuser of window length k, whatever the estimator
   * says (multiple-diffuser mode; e.g. to measure each diffuser on its own). Cut as generate() cuts.
   */
  generateWithWindowLength(k: number, startStates: ArrayLike<number>, o: GenerateOptions): Trajectory[] {
    const diffuser = this.diffusers.find((d) => d.windowLength === k);
    if (this.settings.mode !== "multiple" || !diffuser)
      throw new Error(
        `This generator has no diffuser of its own for windows of ${k} steps (it has ${this.settings.mode === "multiple" ? this.windowLengths.join(", ") : "one length-conditioned diffuser"}).`,
      );
    const n = startStates.length / this.layout.obsDim;
    if (!Number.isInteger(n) || n < 1)
      throw new Error(
        `Start states must be whole rows of ${this.layout.obsDim} values, got ${startStates.length} values.`,
      );
    return this.finish(this.sampleWithDiffuser(diffuser, startStates, o, new Array<number>(n).fill(k)), o);
  }

  /**
   * The steps of each trajectory that the plausibility gate keeps (all of them without a gate); for
   * trajectories generated with {gate: false}.
   */
  gateKeptLengths(trajectories: readonly Trajectory[]): number[] {
    if (!this.gate) return trajectories.map((t) => t.size);
    return this.gate.keptLengths(
      trajectories,
      this.settings.nextStates === "diffused" ? "error" : "disagreement",
    );
  }

  /**
   * Actions clipped (counted in each trajectory); with nextStates other than "diffused" the next
   * states and rewards re-drawn by the gate's models; then the gate's cut (unless o.gate is false):
   * diffused steps by the models' error, re-drawn ones (the models' own mean) by their disagreement.
   */
  private finish(ts: Trajectory[], o: GenerateOptions): Trajectory[] {
    const bound = this.settings.actionBound;
    if (bound !== null) for (const t of ts) t.clippedActionSteps = clipActions(t, bound);
    if (!this.gate) return ts;
    if (this.settings.nextStates !== "diffused")
      redrawWithOneStepModel(ts, this.gate, this.settings.nextStates);
    if (o.gate === false) return ts;
    const kept = this.gateKeptLengths(ts);
    return ts.map((t, i) => firstSteps(t, kept[i]));
  }

  private sampleWithDiffuser(
    diffuser: WindowDiffuser,
    states: ArrayLike<number>,
    o: GenerateOptions,
    estimates: readonly number[],
  ): Trajectory[] {
    const n = estimates.length;
    const prompts = this.prompt.repeat(this.prompt.vector(o.task), n);
    const rows = diffuser.sample(states, prompts, null, n, {
      rng: o.rng,
      steps: o.steps,
      inpaintMode: this.settings.inpaintMode,
    });
    return estimates.map((e, i) => this.toTrajectory(diffuser.windowLength, rows, i, e));
  }

  /** Window `index` of `rows` cut at its terminal step, else where the pruner finds its tail. */
  private toTrajectory(k: number, rows: Float32Array, index: number, estimate: number): Trajectory {
    const cut = {
      layout: this.layout,
      terminalThreshold: this.settings.terminalThreshold,
      prunerThreshold: this.prunerThresholds.get(k)!,
      gapWeighting: this.settings.pruner.gapWeighting,
      stateStd: this.stateStd,
    };
    return cutWindow(cut, k, rows, index, estimate);
  }

  /**
   * The mean length of trajectories generated from these start states: Algorithm 1's L (method.md
   * §4, "mean of generated lengths, measured beforehand").
   */
  expectedLength(startStates: ArrayLike<number>, o: GenerateOptions): number {
    const ts = this.generate(startStates, o);
    return ts.reduce((s, t) => s + t.size, 0) / ts.length;
  }

  dispose(): void {
    this.estimator.dispose();
    this.gate?.dispose();
    for (const d of this.diffusers) d.dispose();
  }
}
