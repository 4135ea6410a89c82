// A trained generator's simulator fidelity in one record (the pipeline's generator-fidelity stage,
// shown beside the learning curves): trajectories generated from n start states drawn from its
// dataset (the estimator choosing each window length, as in a run), their actions clipped, replayed
// in MuJoCo (simulatorFidelity.ts) before and after the plausibility gate, overall and per position
// in the window (positionFidelity.ts), with the shares of clipped actions and of steps the gate kept.
import type { Dataset } from "../../data/dataset.js";
import { Rng } from "../../engine/rng.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import type { TrajectoryGenerator } from "../generator/trajectoryGenerator.js";
import { firstSteps, type Trajectory } from "../windows/trajectory.js";
import { datasetEnvId, makeFidelityEnv } from "./fidelityEnv.js";
import { type FidelityScales, fidelityScales } from "./fidelityScales.js";
import { fidelityByPosition, type PositionFidelity } from "./positionFidelity.js";
import { measureSimulatorFidelity } from "./simulatorFidelity.js";
import { trajectoriesToBatch } from "./transitionBatches.js";

export interface GeneratorFidelityOptions {
  /** Start states drawn (uniformly, with replacement) from the dataset's rows. */
  n: number;
  /** Seed of the start states and of the sampler's noise. */
  seed: number;
  /** Sampler steps (default: the generator's setting). */
  samplerSteps?: number;
  /** The env to replay in (default: the dataset's "env" metadata). */
  env?: string;
}

/** The fidelity of a set of transitions (NaN when there are none). */
export interface FidelityNumbers {
  transitions: number;
  stateNmse: number;
  rewardNmse: number;
  perPosition: PositionFidelity;
}

export interface GeneratorFidelity {
  env: string;
  starts: number;
  seed: number;
  samplerSteps: number;
  /** The generator's window lengths and how many trajectories each diffuser made. */
  windowLengths: number[];
  trajectoriesPerWindowLength: Record<string, number>;
  meanLength: number;
  generatedSteps: number;
  keptSteps: number;
  /** keptSteps / generatedSteps (1 without a gate). */
  gateKeptShare: number;
  gated: boolean;
  /** Generated steps whose action left the action space (clipped before replay and storage). */
  clippedActionShare: number;
  /** Every generated step (before the gate). */
  generated: FidelityNumbers;
  /** The steps the gate kept: what a run stores (the same as generated without a gate). */
  kept: FidelityNumbers;
  /** Wall-clock seconds of the generation and of the replay. */
  generationSeconds: number;
  replaySeconds: number;
}

function numbers(
  env: PlanarLocomotionEnv,
  ts: readonly Trajectory[],
  scales: FidelityScales,
  obsDim: number,
  actDim: number,
): FidelityNumbers {
  const having = ts.filter((t) => t.size > 0);
  if (having.length === 0)
    return {
      transitions: 0,
      stateNmse: Number.NaN,
      rewardNmse: Number.NaN,
      perPosition: { count: [], stateNmse: [], rewardNmse: [] },
    };
  const f = measureSimulatorFidelity(env, trajectoriesToBatch(having, obsDim, actDim), scales);
  return {
    transitions: f.count,
    stateNmse: f.stateNmse,
    rewardNmse: f.rewardNmse,
    perPosition: fidelityByPosition(env, having, scales),
  };
}

/** Generates from o.n dataset start states and replays the trajectories in the simulator. */
export async function measureGeneratorFidelity(
  generator: TrajectoryGenerator,
  dataset: Dataset,
  o: GeneratorFidelityOptions,
): Promise<GeneratorFidelity> {
  const { obsDim, actDim } = dataset;
  if (generator.obsDim !== obsDim || generator.actDim !== actDim)
    throw new Error(
      `The generator makes states of ${generator.obsDim} and actions of ${generator.actDim} values, the dataset has ${obsDim} and ${actDim}.`,
    );
  if (!Number.isInteger(o.n) || o.n < 1)
    throw new Error(`The fidelity needs n >= 1 start states, got ${o.n}.`);
  const envId = datasetEnvId(dataset, o.env);
  const env = await makeFidelityEnv(envId, obsDim); // checked before the sampling, not after
  try {
    const rng = new Rng(o.seed);
    const starts = new Float32Array(o.n * obsDim);
    for (let i = 0; i < o.n; i++) {
      const row = rng.int(dataset.size);
      starts.set(dataset.observations.subarray(row * obsDim, (row + 1) * obsDim), i * obsDim);
    }
    const t0 = performance.now();
    // Generated before the gate, then cut as generate() cuts (the same draws): both are measured.
    const generated = generator.generate(starts, { rng, steps: o.samplerSteps, gate: false });
    const keptLengths = generator.gateKeptLengths(generated);
    const kept = generated.map((t, i) => firstSteps(t, keptLengths[i]));
    const t1 = performance.now();
    const scales = fidelityScales(dataset);
    const before = numbers(env, generated, scales, obsDim, actDim);
    const after = generator.gate ? numbers(env, kept, scales, obsDim, actDim) : before;
    const t2 = performance.now();
    const perK: Record<string, number> = {};
    for (const t of generated) perK[t.windowLength] = (perK[t.windowLength] ?? 0) + 1;
    const generatedSteps = generated.reduce((s, t) => s + t.size, 0);
    const keptSteps = kept.reduce((s, t) => s + t.size, 0);
    const clipped = generated.reduce((s, t) => s + t.clippedActionSteps, 0);
    return {
      env: envId,
      starts: o.n,
      seed: o.seed,
      samplerSteps: o.samplerSteps ?? generator.settings.diffusion.edm.sampleSteps,
      windowLengths: [...generator.windowLengths],
      trajectoriesPerWindowLength: perK,
      meanLength: keptSteps / o.n,
      generatedSteps,
      keptSteps,
      gateKeptShare: generatedSteps > 0 ? keptSteps / generatedSteps : Number.NaN,
      gated: generator.gate !== null,
      clippedActionShare: generatedSteps > 0 ? clipped / generatedSteps : Number.NaN,
      generated: before,
      kept: after,
      generationSeconds: (t1 - t0) / 1000,
      replaySeconds: (t2 - t1) / 1000,
    };
  } finally {
    env.close();
  }
}
