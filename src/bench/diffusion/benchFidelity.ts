// The fidelity part of `atradiff bench diffusion` (simulator fidelity, fidelity/): for each sampler
// step count, ATraDiff trajectories generated from held-out start states (the estimator choosing
// the window length, as in use) and as many SynthER transitions; at the fidelity step count also
// each diffuser on its own from the same start states; and the real held-out transitions, the
// reference (~0 up to float32 rounding and clipped velocities). Trajectories are generated before
// the plausibility gate and cut by it here (the same draws as generate with the gate), so each entry
// holds the steps kept and, beside them, every generated step and the share kept.

import type { FidelityScales } from "../../atradiff/fidelity/fidelityScales.js";
import { fidelityByPosition, type PositionFidelity } from "../../atradiff/fidelity/positionFidelity.js";
import { type FidelityResult, measureSimulatorFidelity } from "../../atradiff/fidelity/simulatorFidelity.js";
import { episodesToBatch, trajectoriesToBatch } from "../../atradiff/fidelity/transitionBatches.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import { firstSteps, type Trajectory } from "../../atradiff/windows/trajectory.js";
import type { SyntherModel } from "../../baselines/synther/syntherModel.js";
import type { Rng } from "../../engine/rng.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";

/** Fidelity of the steps the generator delivers (after its plausibility gate), and what the gate did. */
export type GeneratedFidelity = FidelityResult & {
  meanLength: number;
  /** Steps kept / steps generated (1 without a gate). */
  keptShare: number;
  /** Share of the generated steps whose action was outside the action space (clipped). */
  clippedActionShare: number;
  /** Every generated step, before the gate (null without a gate). */
  beforeGate: (FidelityResult & { meanLength: number }) | null;
};

export interface BenchFidelity {
  /** Sampler steps -> ATraDiff (estimator-chosen window lengths). */
  atradiff: Record<number, GeneratedFidelity>;
  /** Sampler steps -> SynthER, as many transitions as ATraDiff generated (before its gate) at that step count. */
  synther: Record<number, FidelityResult>;
  /**
   * Window length -> that diffuser alone, at `perWindowLengthSteps` sampler steps, with the errors
   * per position inside the window (position 0 starts at the given real state).
   */
  perWindowLength: Record<number, GeneratedFidelity & { byPosition: PositionFidelity }>;
  perWindowLengthSteps: number;
  real: FidelityResult;
}

function nothingReplayed(obsDim: number): FidelityResult {
  return {
    count: 0,
    stateNmse: Number.NaN,
    rewardNmse: Number.NaN,
    stateNmsePerDimension: new Array<number>(obsDim).fill(Number.NaN),
    clippedStarts: 0,
    stateNmseExactStarts: Number.NaN,
    rewardNmseExactStarts: Number.NaN,
    clippedActions: 0,
  };
}

/**
 * Simulator fidelity of trajectories generated with {gate: false}: of the steps the generator's
 * plausibility gate keeps, with every generated step beside them.
 */
export function trajectoryFidelity(
  env: PlanarLocomotionEnv,
  scales: FidelityScales,
  g: TrajectoryGenerator,
  generated: Trajectory[],
): GeneratedFidelity {
  const measure = (ts: Trajectory[]) => {
    const meanLength = ts.reduce((n, t) => n + t.size, 0) / ts.length;
    // The gate may keep nothing: no transition to replay, every error undefined.
    if (meanLength === 0) return { ...nothingReplayed(g.obsDim), meanLength };
    return {
      ...measureSimulatorFidelity(env, trajectoriesToBatch(ts, g.obsDim, g.actDim), scales),
      meanLength,
    };
  };
  const keptLengths = g.gateKeptLengths(generated);
  const kept = generated.map((t, i) => firstSteps(t, keptLengths[i]));
  const steps = generated.reduce((n, t) => n + t.size, 0);
  const clipped = generated.reduce((n, t) => n + t.clippedActionSteps, 0);
  return {
    ...measure(kept),
    keptShare: keptLengths.reduce((n, l) => n + l, 0) / steps,
    clippedActionShare: clipped / steps,
    beforeGate: g.gate ? measure(generated) : null,
  };
}

export function measureBenchFidelity(o: {
  env: PlanarLocomotionEnv;
  scales: FidelityScales;
  generator: TrajectoryGenerator;
  synther: SyntherModel;
  starts: Float32Array;
  heldOut: TrainingData;
  samplerSteps: readonly number[];
  perWindowLengthSteps: number;
  rng: Rng;
  onStep?: () => void;
}): BenchFidelity {
  const { env, scales, generator: g, rng } = o;
  const measureTrajectories = (ts: Trajectory[]) => trajectoryFidelity(env, scales, g, ts);
  const atradiff: BenchFidelity["atradiff"] = {};
  const synther: BenchFidelity["synther"] = {};
  for (const steps of o.samplerSteps) {
    atradiff[steps] = measureTrajectories(g.generate(o.starts, { rng, steps, gate: false }));
    const generated = atradiff[steps].beforeGate?.count ?? atradiff[steps].count;
    const batch = o.synther.generateTransitions(generated, rng, { steps });
    synther[steps] = measureSimulatorFidelity(env, batch, scales);
    o.onStep?.();
  }
  const perWindowLength: BenchFidelity["perWindowLength"] = {};
  if (g.settings.mode === "multiple")
    for (const k of g.windowLengths) {
      const ts = g.generateWithWindowLength(k, o.starts, { rng, steps: o.perWindowLengthSteps, gate: false });
      perWindowLength[k] = { ...measureTrajectories(ts), byPosition: fidelityByPosition(env, ts, scales) };
      o.onStep?.();
    }
  const real = measureSimulatorFidelity(
    env,
    episodesToBatch(o.heldOut.episodes, o.heldOut.obsDim, o.heldOut.actDim),
    scales,
  );
  return { atradiff, synther, perWindowLength, perWindowLengthSteps: o.perWindowLengthSteps, real };
}
