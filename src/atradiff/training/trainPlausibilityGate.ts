// Training and calibration of the plausibility gate (plausibilityGate.ts) on the generator's offline
// episodes:
//   1. a heldOutShare of the episodes (at least one) is held out, drawn with the training's Rng; the
//      models never see them (whole episodes, so that no held-out step has its neighbours trained on);
//   2. the statistics are fitted on the training episodes' transitions: input [s, a] and output
//      [s' - s, r] standardized per dimension, the error scaled by the state and reward std;
//   3. each member draws a bootstrap resample of the training transitions (as many, with replacement),
//      then every Adam step trains all members at once, each on a batch drawn from its own resample
//      (MSE in standardized output units);
//   4. the threshold is the thresholdQuantile of the held-out transitions' errors, times thresholdScale;
//      the same for the members' disagreement on them (the cut of steps the models drew themselves).
// Stepwise (a class) so that the resumable training can stop between steps, as for the length estimator.
import { Normalizer } from "../../diffusion/normalizer.js";
import type { Rng } from "../../engine/rng.js";
import { Adam } from "../../nn/adam.js";
import { regressionStep } from "../../nn/regressionStep.js";
import type { PlausibilityGateSettings } from "../generator/generatorSettings.js";
import { type GateCalibration, PlausibilityGate } from "../generator/plausibilityGate.js";
import type { TrainingData, TrainingEpisode } from "../windows/trainingEpisodes.js";

/** The transitions of some episodes as columns (s_{T+1} is each episode's final observation). */
interface Transitions {
  size: number;
  obs: Float32Array;
  action: Float32Array;
  reward: Float32Array;
  nextObs: Float32Array;
}

function transitionsOf(episodes: readonly TrainingEpisode[], o: number, a: number): Transitions {
  const size = episodes.reduce((n, e) => n + e.length, 0);
  const t: Transitions = {
    size,
    obs: new Float32Array(size * o),
    action: new Float32Array(size * a),
    reward: new Float32Array(size),
    nextObs: new Float32Array(size * o),
  };
  let row = 0;
  for (const e of episodes) {
    t.obs.set(e.observations.subarray(0, e.length * o), row * o);
    t.action.set(e.actions.subarray(0, e.length * a), row * a);
    t.reward.set(e.rewards.subarray(0, e.length), row);
    t.nextObs.set(e.observations.subarray(o, e.length * o), row * o);
    t.nextObs.set(e.finalObservation, (row + e.length - 1) * o);
    row += e.length;
  }
  return t;
}

function columnStd(rows: Float32Array, width: number, column: number): number {
  const n = rows.length / width;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rows[i * width + column];
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (rows[i * width + column] - mean) ** 2;
  const std = Math.sqrt(sq / n);
  // A dimension that never varies gets scale 1, so that any error there still shows (fidelityScales.ts).
  return std > 1e-8 ? std : 1;
}

/** The q-quantile of values (linear interpolation between order statistics). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) throw new Error("A quantile needs at least one value.");
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

export class PlausibilityGateTraining {
  readonly gate: PlausibilityGate;
  private readonly train: Transitions;
  private readonly heldOut: Transitions;
  private readonly heldOutEpisodes: number;
  private readonly trainInputs: Float32Array;
  private readonly trainOutputs: Float32Array;
  /** members x training size: each member's bootstrap resample (row indices). */
  private readonly resamples: Int32Array;
  private readonly optimizer: Adam;
  private readonly batch: number;
  /** Adam steps taken (each trains every member). */
  stepCount = 0;

  constructor(
    data: TrainingData,
    private readonly settings: PlausibilityGateSettings,
    private readonly rng: Rng,
  ) {
    const { obsDim: o, actDim: a, episodes } = data;
    if (episodes.length < 2)
      throw new Error(
        `The plausibility gate holds out whole episodes, so it needs at least 2, got ${episodes.length}; add data or set plausibilityGate.enabled to false.`,
      );
    const order = episodes.map((_, i) => i);
    rng.shuffle(order);
    const held = Math.min(
      episodes.length - 1,
      Math.max(1, Math.round(settings.heldOutShare * episodes.length)),
    );
    this.heldOutEpisodes = held;
    this.heldOut = transitionsOf(
      order.slice(0, held).map((i) => episodes[i]),
      o,
      a,
    );
    this.train = transitionsOf(
      order.slice(held).map((i) => episodes[i]),
      o,
      a,
    );
    const n = this.train.size;
    if (n < 2) throw new Error(`The plausibility gate needs at least 2 training transitions, got ${n}.`);
    const inputs = new Float32Array(n * (o + a));
    for (let i = 0; i < n; i++) {
      inputs.set(this.train.obs.subarray(i * o, i * o + o), i * (o + a));
      inputs.set(this.train.action.subarray(i * a, i * a + a), i * (o + a) + o);
    }
    const errorScale = new Float32Array(o + 1);
    for (let d = 0; d < o; d++) errorScale[d] = columnStd(this.train.obs, o, d);
    errorScale[o] = columnStd(this.train.reward, 1, 0);
    const input = Normalizer.fit(inputs, o + a);
    const outputsRaw = new Float32Array(n * (o + 1));
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < o; d++)
        outputsRaw[i * (o + 1) + d] = this.train.nextObs[i * o + d] - this.train.obs[i * o + d];
      outputsRaw[i * (o + 1) + o] = this.train.reward[i];
    }
    const output = Normalizer.fit(outputsRaw, o + 1);
    this.gate = new PlausibilityGate({ obsDim: o, actDim: a }, settings, { input, output, errorScale }, rng);
    this.trainInputs = input.normalize(inputs);
    this.trainOutputs = output.normalize(outputsRaw);
    this.resamples = new Int32Array(settings.members * n);
    for (let i = 0; i < this.resamples.length; i++) this.resamples[i] = rng.int(n);
    this.batch = Math.min(settings.batchSize, n);
    this.optimizer = new Adam(this.gate.network.parameters(), { lr: settings.lr });
  }

  get totalSteps(): number {
    return this.settings.steps;
  }

  /** One Adam step of every member on a batch of its own resample; returns the mean loss. */
  step(): number {
    const { gate, batch, train } = this;
    const { obsDim: o, actDim: a } = gate.shape;
    const e = this.settings.members;
    const n = train.size;
    const x = new Float32Array(e * batch * (o + a));
    const y = new Float32Array(e * batch * (o + 1));
    for (let k = 0; k < e; k++)
      for (let b = 0; b < batch; b++) {
        const i = this.resamples[k * n + this.rng.int(n)];
        const r = k * batch + b;
        x.set(this.trainInputs.subarray(i * (o + a), (i + 1) * (o + a)), r * (o + a));
        y.set(this.trainOutputs.subarray(i * (o + 1), (i + 1) * (o + 1)), r * (o + 1));
      }
    const loss = regressionStep(
      gate.network,
      this.optimizer,
      { data: x, shape: [e, batch, o + a] },
      { data: y, shape: [e, batch, o + 1] },
    );
    this.stepCount++;
    if (!Number.isFinite(loss))
      throw new Error(
        `The plausibility gate's loss became ${loss} at step ${this.stepCount}; lower plausibilityGate.lr.`,
      );
    return loss;
  }

  /** Sets the threshold from the held-out transitions (after the last step); returns the gate. */
  calibrate(): PlausibilityGate {
    const errors = this.gate.errors(this.heldOut, this.heldOut.size);
    const quantileError = quantile(errors, this.settings.thresholdQuantile);
    const quantileDisagreement = quantile(
      this.gate.disagreements(this.heldOut.obs, this.heldOut.action, this.heldOut.size),
      this.settings.thresholdQuantile,
    );
    const calibration: GateCalibration = {
      heldOutEpisodes: this.heldOutEpisodes,
      heldOutTransitions: this.heldOut.size,
      trainingTransitions: this.train.size,
      heldOutMeanError: errors.reduce((s, v) => s + v, 0) / errors.length,
      heldOutMedianError: quantile(errors, 0.5),
      quantileError,
      threshold: quantileError * this.settings.thresholdScale,
      quantileDisagreement,
      disagreementThreshold: quantileDisagreement * this.settings.thresholdScale,
    };
    this.gate.calibration = calibration;
    return this.gate;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}
